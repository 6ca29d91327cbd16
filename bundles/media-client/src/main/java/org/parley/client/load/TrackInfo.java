package org.parley.client.load;

/**
 * One m-line of a server's offer to a subscriber: whose track it carries and what it is.
 *
 * @param trackId the server's id of the track (what Parley's {@code receive-video} names), empty when the
 *        server has none
 */
public record TrackInfo(String mid, String participantId, String kind, String source, String trackId) {

    /** A track the server gives no id of its own. */
    public TrackInfo(String mid, String participantId, String kind, String source) {
        this(mid, participantId, kind, source, "");
    }
}
