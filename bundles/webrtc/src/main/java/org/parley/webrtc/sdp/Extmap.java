package org.parley.webrtc.sdp;

import java.util.List;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285): an RTP header extension and the id it is
 * sent under. Ids 1-14 fit the one-byte header, up to 255 need the two-byte header; 4096-4351 are the range
 * RFC 8285 sets aside for offers. {@code direction} and {@code extensionAttributes} are null when absent.
 */
public record Extmap(int id, String direction, String uri, String extensionAttributes) {
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String SDES_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String SDES_REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public Extmap {
        if (!(id >= 1 && id <= 255) && !(id >= 4096 && id <= 4351)) {
            throw new IllegalArgumentException("extmap id must be 1..255 or 4096..4351, got " + id);
        }
        if (direction != null && Direction.fromAttributeName(direction).isEmpty()) {
            throw new IllegalArgumentException("extmap direction must be sendrecv, sendonly, recvonly or inactive, got "
                    + Syntax.quote(direction));
        }
        Syntax.requireField("extmap uri", uri);
        if (extensionAttributes != null) {
            Syntax.requireText("extmap attributes", extensionAttributes);
            if (extensionAttributes.isBlank()) {
                throw new IllegalArgumentException("extmap attributes must be null rather than blank");
            }
        }
    }

    public Extmap(int id, String direction, String uri) {
        this(id, direction, uri, null);
    }

    public Extmap(int id, String uri) {
        this(id, null, uri, null);
    }

    public static Extmap parse(String value) throws SdpException {
        return Syntax.parsing(value, Extmap::parseUnchecked);
    }

    static Extmap parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() < 2) {
            throw new IllegalArgumentException("extmap needs <id> <uri>");
        }
        String idPart = f.get(0);
        String direction = null;
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            direction = idPart.substring(slash + 1);
            idPart = idPart.substring(0, slash);
        }
        int id = Syntax.parseInt("extmap id", idPart, 0, 65535);
        String attributes = f.size() > 2 ? String.join(" ", f.subList(2, f.size())) : null;
        return new Extmap(id, direction, f.get(1), attributes);
    }

    public String format() {
        return id + (direction == null ? "" : "/" + direction) + " " + uri
                + (extensionAttributes == null ? "" : " " + extensionAttributes);
    }
}
