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
}
