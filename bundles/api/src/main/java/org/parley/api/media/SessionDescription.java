package org.parley.api.media;

/**
 * An SDP offer or answer from a participant.
 *
 * @param type {@code offer} or {@code answer}
 * @param connection which of the participant's peer connections it is for (e.g. {@code publish} or
 *        {@code subscribe}); null when the client has one
 * @param id the client's message id, for the reply
 */
public record SessionDescription(String type, String sdp, String connection, String id) {
}
