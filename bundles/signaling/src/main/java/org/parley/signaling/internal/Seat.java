package org.parley.signaling.internal;

import org.parley.api.meetings.Role;
import org.parley.api.room.Participant;

/**
 * A participant's seat as stored: the public {@link Participant} plus what only the room may see (the
 * connection it is on, the hashed resume token, when it joined and when it lost its connection).
 */
record Seat(String id, String meetingId, Long userId, String name, Role role, boolean audioMuted, boolean videoMuted,
        boolean handRaised, boolean sharingScreen, String sessionId, String resumeHash, long joinedAt,
        long disconnectedAt) {

    static final String CONNECTED = "connected";
    static final String RECONNECTING = "reconnecting";

    Participant participant() {
        return new Participant(id, meetingId, userId, name, role, audioMuted, videoMuted, handRaised, sharingScreen,
                sessionId == null ? RECONNECTING : CONNECTED);
    }

    Seat withRole(Role r) {
        return new Seat(id, meetingId, userId, name, r, audioMuted, videoMuted, handRaised, sharingScreen, sessionId,
                resumeHash, joinedAt, disconnectedAt);
    }

    Seat withAudioMuted(boolean muted) {
        return new Seat(id, meetingId, userId, name, role, muted, videoMuted, handRaised, sharingScreen, sessionId,
                resumeHash, joinedAt, disconnectedAt);
    }

    Seat withVideoMuted(boolean muted) {
        return new Seat(id, meetingId, userId, name, role, audioMuted, muted, handRaised, sharingScreen, sessionId,
                resumeHash, joinedAt, disconnectedAt);
    }

    Seat withHand(boolean raised) {
        return new Seat(id, meetingId, userId, name, role, audioMuted, videoMuted, raised, sharingScreen, sessionId,
                resumeHash, joinedAt, disconnectedAt);
    }

    Seat withSharing(boolean sharing) {
        return new Seat(id, meetingId, userId, name, role, audioMuted, videoMuted, handRaised, sharing, sessionId,
                resumeHash, joinedAt, disconnectedAt);
    }

    Seat connectedTo(String session) {
        return new Seat(id, meetingId, userId, name, role, audioMuted, videoMuted, handRaised, sharingScreen, session,
                resumeHash, joinedAt, 0);
    }

    Seat disconnected(long at) {
        return new Seat(id, meetingId, userId, name, role, audioMuted, videoMuted, handRaised, false, null, resumeHash,
                joinedAt, at);
    }
}
