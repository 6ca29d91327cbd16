package org.parley.client;

/**
 * One m-line of the SFU's subscribe offer, as the subscriber receives it: the SFU's SSRCs and payload types (never
 * the publisher's).
 *
 * @param active whether the SFU sends on it (a track that ended leaves its m-line inactive)
 * @param ssrc the media SSRC, or -1 when the m-line names none
 * @param rtxSsrc the RTX SSRC of the FID group, or -1
 * @param rtxPayloadType the RTX payload type for {@code payloadType}, or -1
 */
public record RemoteTrack(String mid, String kind, boolean active, long ssrc, long rtxSsrc, String codec,
        int payloadType, int rtxPayloadType, int clockRate) {

    public boolean isVideo() {
        return "video".equals(kind);
    }
}
