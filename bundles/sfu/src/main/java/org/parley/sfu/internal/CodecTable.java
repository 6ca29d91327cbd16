package org.parley.sfu.internal;

import java.util.List;

/**
 * The payload types and header extension ids the SFU uses towards every subscriber. A publisher's own
 * numbers are rewritten into these, so one subscribe session can carry tracks from publishers whose browsers
 * numbered things differently.
 */
final class CodecTable {
    static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /** Extensions a publisher may send, by URI; the SFU reads mid and rid, and passes the rest on. */
    static final List<String> ACCEPTED_FROM_PUBLISHERS = List.of(AUDIO_LEVEL, ABS_SEND_TIME, MID, RID, REPAIRED_RID);

    /** The SFU's id for an extension it forwards to subscribers, or 0 when it strips it. */
    static int subscriberExtensionId(String uri) {
        return switch (uri) {
            case AUDIO_LEVEL -> 1;
            case ABS_SEND_TIME -> 2;
            default -> 0;
        };
    }

    /** The SFU's payload type for a codec (by upper-case name), and its RTX payload type (-1 for audio). */
    static int payloadType(String codec) {
        return switch (codec) {
            case "OPUS" -> 111;
            case "VP8" -> 96;
            case "VP9" -> 98;
            case "H264" -> 102;
            default -> -1;
        };
    }

    static int rtxPayloadType(String codec) {
        return switch (codec) {
            case "VP8" -> 97;
            case "VP9" -> 99;
            case "H264" -> 103;
            default -> -1;
        };
    }

    static final List<String> VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb");

    /**
     * The SFU numbers every packet it sends a subscriber with its own transport-wide sequence (this extension id)
     * and estimates that subscriber's bandwidth from its transport-cc feedback. Publishers are not offered
     * transport-cc: they keep the SFU's REMB, and their sequence numbers would mean nothing to a subscriber.
     */
    static final int SUBSCRIBER_TRANSPORT_CC_ID = 3;
    static final List<String> SUBSCRIBER_VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb",
            "transport-cc");
    static final List<String> SUBSCRIBER_AUDIO_FEEDBACK = List.of("transport-cc");

    private CodecTable() {
    }
}
