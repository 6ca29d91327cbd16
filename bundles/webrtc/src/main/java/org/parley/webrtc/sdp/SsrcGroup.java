package org.parley.webrtc.sdp;

import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576): {@code FID} pairs a media SSRC with its RTX SSRC,
 * {@code SIM} lists simulcast layers lowest first.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        Syntax.requireToken("ssrc-group semantics", semantics);
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) {
            throw new IllegalArgumentException("ssrc-group needs at least one ssrc");
        }
        ssrcs.forEach(SsrcAttribute::requireSsrc);
    }

    public static SsrcGroup parse(String value) throws SdpException {
        return Syntax.parsing(value, SsrcGroup::parseUnchecked);
    }

    static SsrcGroup parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() < 2) {
            throw new IllegalArgumentException("ssrc-group needs <semantics> <ssrc>...");
        }
        List<Long> ssrcs = f.subList(1, f.size()).stream()
                .map(s -> Syntax.parseNumber("ssrc-group ssrc", s, 0, SsrcAttribute.MAX_SSRC))
                .toList();
        return new SsrcGroup(f.get(0), ssrcs);
    }

    public String format() {
        StringBuilder sb = new StringBuilder(semantics);
        ssrcs.forEach(s -> sb.append(' ').append(s));
        return sb.toString();
    }
}
