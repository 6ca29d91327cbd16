package org.parley.api.media;

/** A trickled ICE candidate from a participant ({@code candidate} empty = end of candidates). */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String connection) {
}
