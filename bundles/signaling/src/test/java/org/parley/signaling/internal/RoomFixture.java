package org.parley.signaling.internal;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.room.Lobby;
import org.parley.api.signaling.SignalingSession;
import org.parley.api.signaling.SignalingSessions;
import org.parley.state.memory.internal.MemoryStateStore;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A room for tests, shared (via the test jar) by the room, waiting room and chat tests: the real
 * {@link RoomHandler} over the real in-memory state store, recording sessions, tickets by name and
 * meetings by id.
 */
public final class RoomFixture {
    public final MemoryStateStore state = new MemoryStateStore();
    public final Map<String, JoinTicket> tickets = new ConcurrentHashMap<>();
    public final Map<String, MeetingInfo> meetings = new ConcurrentHashMap<>();
    public final Map<String, RecordingSession> sessions = new ConcurrentHashMap<>();
    public final SignalingSessions lookup = new SignalingSessions() {
        @Override
        public Optional<SignalingSession> find(String id) {
            return Optional.ofNullable(id == null ? null : sessions.get(id));
        }

        @Override
        public int count() {
            return sessions.size();
        }
    };
    public final RoomHandler room;
    private final ObjectMapper json = new ObjectMapper();

    /** @param lobby where waiting joiners go (may be null) */
    public RoomFixture(MeetingInfo meeting, Lobby lobby, int graceSeconds, int maxParticipants) {
        meetings.put(meeting.meetingId(), meeting);
        room = RoomHandler.create(state, lookup, t -> Optional.ofNullable(tickets.get(t)),
                id -> Optional.ofNullable(meetings.get(id)), lobby, null, config(graceSeconds, maxParticipants));
    }

    public static RoomConfig config(int graceSeconds, int maxParticipants) {
        return new RoomConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RoomConfig.class;
            }

            @Override
            public int reconnect_grace_seconds() {
                return graceSeconds;
            }

            @Override
            public int max_participants() {
                return maxParticipants;
            }

            @Override
            public int state_ttl_hours() {
                return 1;
            }
        };
    }

    /** A connected client holding a ticket "ticket-NAME" for the meeting; not joined yet. */
    public RecordingSession client(String meetingId, String name, Long userId, Role role) {
        RecordingSession session = new RecordingSession(name);
        sessions.put(session.id(), session);
        tickets.put("ticket-" + name, new JoinTicket("t-" + name, meetingId, userId, name, role,
                Instant.now().plusSeconds(60)));
        return session;
    }

    /** A client that sent {@code join} with its ticket. */
    public RecordingSession join(String meetingId, String name, Long userId, Role role) throws Exception {
        RecordingSession session = client(meetingId, name, userId, role);
        room.onMessage(session, json.readTree("{\"type\":\"join\",\"ticket\":\"ticket-" + name + "\"}"));
        return session;
    }

    /** The same client coming back on a new connection (the old one is gone). */
    public RecordingSession reconnect(RecordingSession old) {
        room.onClose(old);
        sessions.remove(old.id());
        RecordingSession again = new RecordingSession(old.name);
        sessions.put(again.id(), again);
        return again;
    }
}
