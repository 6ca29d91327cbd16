package org.parley.client.load;

/** One m-line of a server's offer to a subscriber: whose track it carries and what it is. */
public record TrackInfo(String mid, String participantId, String kind, String source) {
}
