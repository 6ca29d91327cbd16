package org.parley.webrtc.sdp;

/**
 * {@code a=ssrc:<ssrc> <name>[:<value>]} (RFC 5576), e.g. {@code a=ssrc:3735928559 cname:Yk2Yq} or
 * {@code a=ssrc:3735928559 msid:stream track}. {@code value} is null when the line has no colon.
 */
public record SsrcAttribute(long ssrc, String name, String value) {
    public static final long MAX_SSRC = 0xFFFF_FFFFL;

    public SsrcAttribute {
        requireSsrc(ssrc);
        Syntax.requireToken("ssrc attribute name", name);
        if (value != null) {
            Syntax.requireText("ssrc attribute value", value);
        }
    }

    static long requireSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > MAX_SSRC) {
            throw new IllegalArgumentException("ssrc must be 0..4294967295, got " + ssrc);
        }
        return ssrc;
    }

    public static SsrcAttribute parse(String value) throws SdpException {
        return Syntax.parsing(value, SsrcAttribute::parseUnchecked);
    }

    static SsrcAttribute parseUnchecked(String text) {
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("ssrc needs <ssrc> <attribute>");
        }
        long ssrc = Syntax.parseNumber("ssrc", text.substring(0, space), 0, MAX_SSRC);
        String rest = text.substring(space + 1);
        int colon = rest.indexOf(':');
        return colon < 0 ? new SsrcAttribute(ssrc, rest, null)
                : new SsrcAttribute(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
    }

    public String format() {
        return ssrc + " " + name + (value == null ? "" : ":" + value);
    }
}
