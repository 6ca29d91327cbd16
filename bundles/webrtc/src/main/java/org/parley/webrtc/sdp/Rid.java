package org.parley.webrtc.sdp;

import java.util.List;
import java.util.Map;

/**
 * {@code a=rid:<id> <send|recv> [<params>]} (RFC 8851): one RTP stream of a simulcast set, named by the
 * rtp-stream-id header extension. {@code params} is the raw restriction list such as
 * {@code pt=96;max-width=1280}, null when absent.
 */
public record Rid(String id, String direction, String params) {
    public Rid {
        requireRidId(id);
        if (!"send".equals(direction) && !"recv".equals(direction)) {
            throw new IllegalArgumentException("rid direction must be send or recv, got " + Syntax.quote(direction));
        }
        if (params != null) {
            Syntax.requireField("rid params", params);
        }
    }

    public Rid(String id, String direction) {
        this(id, direction, null);
    }

    /** RFC 8851 rid-id: letters, digits, '-' and '_'. */
    static String requireRidId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("rid id is empty");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("rid id " + Syntax.quote(id) + " may hold only letters, digits, - and _");
            }
        }
        return id;
    }

    /** The restrictions as key to value ({@code pt=96,97;max-width=1280}); a bare key maps to "". */
    public Map<String, String> restrictions() {
        return FormatParameters.parse(params);
    }

    public static Rid parse(String value) throws SdpException {
        return Syntax.parsing(value, Rid::parseUnchecked);
    }

    static Rid parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() < 2 || f.size() > 3) {
            throw new IllegalArgumentException("rid needs <id> <send|recv> [<params>]");
        }
        return new Rid(f.get(0), f.get(1), f.size() == 3 ? f.get(2) : null);
    }

    public String format() {
        return id + " " + direction + (params == null ? "" : " " + params);
    }
}
