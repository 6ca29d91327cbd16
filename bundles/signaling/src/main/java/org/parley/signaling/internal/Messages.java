package org.parley.signaling.internal;

/** The client messages the room reads, as records (unknown fields are ignored). */
final class Messages {
    private Messages() {
    }

    record Resume(String participantId, String token) {
    }

    record Join(String type, String id, String ticket, Integer protocol, Resume resume) {
    }

    record Media(String type, String id, String kind) {
    }

    record Reaction(String type, String id, String emoji) {
    }

    record HostAction(String type, String id, String action, String target, Boolean allowUnmute, Boolean bar) {
    }

    record Plain(String type, String id) {
    }

    record Description(String type, String id, String sdp, String connection, java.util.Map<String, String> sources) {
        org.parley.api.media.SessionDescription toApi() throws org.parley.api.signaling.SignalingException {
            if (sdp == null || sdp.isBlank() || sdp.length() > 64 * 1024) {
                throw new org.parley.api.signaling.SignalingException("invalid-message", "Field 'sdp' is required");
            }
            if (sources != null && (sources.size() > 16 || sources.entrySet().stream().anyMatch(e -> e.getKey() == null
                    || e.getKey().length() > 32 || e.getValue() == null || e.getValue().length() > 32))) {
                throw new org.parley.api.signaling.SignalingException("invalid-message", "Field 'sources' maps mids to short names");
            }
            return new org.parley.api.media.SessionDescription(type, sdp, connection, id, sources);
        }
    }

    record Candidate(String type, String id, String candidate, String sdpMid, Integer sdpMLineIndex, String connection) {
        org.parley.api.media.IceCandidate toApi() throws org.parley.api.signaling.SignalingException {
            if (candidate == null || candidate.length() > 1024) {
                throw new org.parley.api.signaling.SignalingException("invalid-message", "Field 'candidate' is required");
            }
            return new org.parley.api.media.IceCandidate(candidate, sdpMid, sdpMLineIndex, connection);
        }
    }
}
