package org.parley.client.load;

/**
 * One stream a participant received from one publisher.
 *
 * @param fromParticipant the publisher's participant id (as the server's track list names it)
 * @param kind {@code audio} or {@code video}
 * @param lost packets expected from the first to the highest sequence number but not received
 */
public record ReceivedStream(String fromParticipant, String kind, long packets, long lost) {
}
