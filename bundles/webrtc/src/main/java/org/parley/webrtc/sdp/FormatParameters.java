package org.parley.webrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value;key=value} lists of a=fmtp and a=rid. */
final class FormatParameters {
    private FormatParameters() {
    }

    /**
     * Keys in written order. A part without '=' (RED's {@code 111/111}, telephone-event's {@code 0-16}) becomes a key
     * with the value "". Spaces around parts are dropped, as some endpoints write {@code "a=1; b=2"}.
     */
    static Map<String, String> parse(String params) {
        if (params == null || params.isBlank()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : params.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                out.putIfAbsent(p, "");
            } else {
                out.putIfAbsent(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
