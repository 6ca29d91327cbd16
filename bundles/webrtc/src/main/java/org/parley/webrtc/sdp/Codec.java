package org.parley.webrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An RTP payload type as a media section describes it: {@code a=rtpmap:<pt> <name>/<clock rate>[/<channels>]}, the
 * raw parameters of {@code a=fmtp:<pt>} (null when there is no fmtp line) and the {@code a=rtcp-fb:<pt>} values
 * ("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"). {@code channels} is 0 when the rtpmap has no channel
 * count, which for audio means one channel.
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> feedback) {
    public Codec {
        requirePayloadType("codec payload type", payloadType);
        Syntax.requireField("codec name", name);
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("codec name must not contain '/'");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("codec clock rate must be positive, got " + clockRate);
        }
        if (channels < 0) {
            throw new IllegalArgumentException("codec channels must not be negative, got " + channels);
        }
        if (fmtp != null) {
            Syntax.requireText("fmtp parameters", fmtp);
        }
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
        feedback.forEach(Codec::requireFeedback);
    }

    /** A codec without fmtp or feedback. */
    public Codec(int payloadType, String name, int clockRate, int channels) {
        this(payloadType, name, clockRate, channels, null, List.of());
    }

    /** The retransmission payload type for {@code associatedPayloadType} (RFC 4588): {@code rtx/<rate>}, apt=. */
    public static Codec rtx(int payloadType, int associatedPayloadType, int clockRate) {
        return new Codec(payloadType, "rtx", clockRate, 0, "apt=" + associatedPayloadType, List.of());
    }

    static int requirePayloadType(String what, int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException(what + " must be 0..127, got " + payloadType);
        }
        return payloadType;
    }

    static String requireFeedback(String value) {
        Syntax.requireText("rtcp-fb value", value);
        if (value.isBlank() || value.charAt(0) == ' ' || value.charAt(0) == '\t') {
            throw new IllegalArgumentException("rtcp-fb value must start with its type");
        }
        return value;
    }

    /** The fmtp parameters by name in written order; a part without '=' (RED's {@code 111/111}) maps to "". */
    public Map<String, String> fmtpParameters() {
        return FormatParameters.parse(fmtp);
    }

    /** {@code apt=} of an RTX or RED-style payload type: the payload type it carries. */
    public OptionalInt associatedPayloadType() {
        String apt = fmtpParameters().get("apt");
        if (apt == null || !Syntax.allDigits(apt) || apt.length() > 3) {
            return OptionalInt.empty();
        }
        int pt = Integer.parseInt(apt);
        return pt <= 127 ? OptionalInt.of(pt) : OptionalInt.empty();
    }

    public boolean isRtx() {
        return name.equalsIgnoreCase("rtx");
    }

    public boolean hasFeedback(String value) {
        return feedback.contains(value);
    }

    /** The value of the rtpmap attribute this codec writes. */
    public String formatRtpmap() {
        return payloadType + " " + name + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }

    /** rtpmap value parts: payload type, name, clock rate, channels (0 when absent). */
    record RtpMap(int payloadType, String name, int clockRate, int channels) {
    }

    static RtpMap parseRtpmap(String value) {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("rtpmap needs <payload type> <encoding>/<clock rate>");
        }
        int pt = Syntax.parseInt("rtpmap payload type", value.substring(0, space), 0, 127);
        String encoding = value.substring(space + 1).trim();
        String[] parts = encoding.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("rtpmap needs <encoding>/<clock rate>[/<channels>], got "
                    + Syntax.quote(encoding));
        }
        Syntax.requireField("rtpmap encoding name", parts[0]);
        int rate = Syntax.parseInt("rtpmap clock rate", parts[1], 1, Integer.MAX_VALUE);
        int channels = parts.length == 3 ? Syntax.parseInt("rtpmap channels", parts[2], 1, 255) : 0;
        return new RtpMap(pt, parts[0], rate, channels);
    }

    /** fmtp or rtcp-fb value split at its first space: format (payload type or "*") and the rest. */
    record FormatValue(String format, String rest) {
    }

    static FormatValue splitFormat(String attribute, String value, boolean wildcardAllowed) {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException(attribute + " needs <payload type> <parameters>");
        }
        String format = value.substring(0, space);
        if (!(wildcardAllowed && format.equals("*"))) {
            Syntax.parseInt(attribute + " payload type", format, 0, 127);
        }
        return new FormatValue(format, value.substring(space + 1));
    }
}
