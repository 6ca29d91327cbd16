package org.parley.webrtc.sdp;

/**
 * Checks the attributes this package gives typed access to, when they enter a model (parsed or added). Because
 * every way in goes through here, the typed accessors can parse on access without failing.
 */
final class KnownAttributes {
    private KnownAttributes() {
    }

    /** @throws IllegalArgumentException with a message naming the attribute, when its value does not parse */
    static void validate(Attribute a) {
        switch (a.name()) {
            case "rtpmap" -> Codec.parseRtpmap(need(a));
            case "fmtp" -> Codec.splitFormat("fmtp", need(a), false);
            case "rtcp-fb" -> Codec.requireFeedback(Codec.splitFormat("rtcp-fb", need(a), true).rest().strip());
            case "extmap" -> Extmap.parseUnchecked(need(a));
            case "candidate" -> Candidate.parseUnchecked(need(a));
            case "fingerprint" -> Fingerprint.parseUnchecked(need(a));
            case "setup" -> Setup.parseUnchecked(need(a));
            case "ssrc" -> SsrcAttribute.parseUnchecked(need(a));
            case "ssrc-group" -> SsrcGroup.parseUnchecked(need(a));
            case "msid" -> Msid.parseUnchecked(need(a));
            case "rid" -> Rid.parseUnchecked(need(a));
            case "simulcast" -> Simulcast.parseUnchecked(need(a));
            case "group" -> Group.parseUnchecked(need(a));
            case "mid", "ice-ufrag", "ice-pwd" -> Syntax.requireField(a.name(), need(a));
            case "ice-options" -> {
                if (Syntax.fields(need(a)).isEmpty()) {
                    throw new IllegalArgumentException("ice-options needs at least one option");
                }
            }
            case "sctp-port" -> Syntax.parseInt("sctp-port", need(a), 0, 65535);
            case "max-message-size" -> Syntax.parseNumber("max-message-size", need(a), 0, Long.MAX_VALUE);
            default -> {
                // unknown or flag attributes: kept verbatim, nothing to check
            }
        }
    }

    private static String need(Attribute a) {
        if (a.value() == null) {
            throw new IllegalArgumentException("a=" + a.name() + " needs a value");
        }
        return a.value();
    }
}
