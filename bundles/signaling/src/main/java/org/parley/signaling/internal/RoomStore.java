package org.parley.signaling.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.parley.api.state.StateStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The room's state in the {@link StateStore}, under the seed's key patterns:
 * {@code meeting:{id}:roster} (map participant id -> seat JSON), {@code meeting:{id}:flags},
 * {@code meeting:{id}:count} (live participants), {@code meeting:{id}:barred} (map), and
 * {@code rooms:active} (map meeting id -> "1") so that a sweeper finds every room.
 */
final class RoomStore {
    static final String ACTIVE = "rooms:active";

    private final StateStore state;
    private final Duration ttl;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    RoomStore(StateStore state, Duration ttl) {
        this.state = state;
        this.ttl = ttl;
    }

    private static String roster(String meetingId) {
        return "meeting:" + meetingId + ":roster";
    }

    List<Seat> seats(String meetingId) {
        List<Seat> seats = new ArrayList<>();
        for (String value : state.mapEntries(roster(meetingId)).values()) {
            seats.add(read(value, Seat.class));
        }
        seats.sort(Comparator.comparingLong(Seat::joinedAt).thenComparing(Seat::id));
        return seats;
    }

    Optional<Seat> seat(String meetingId, String participantId) {
        return state.mapGet(roster(meetingId), participantId).map(v -> read(v, Seat.class));
    }

    void save(Seat seat) {
        state.mapPut(roster(seat.meetingId()), seat.id(), write(seat), ttl);
        state.mapPut(ACTIVE, seat.meetingId(), "1", ttl);
    }

    /** Removes a seat; returns the live count afterwards. */
    long remove(Seat seat) {
        state.mapRemove(roster(seat.meetingId()), seat.id());
        long count = state.increment("meeting:" + seat.meetingId() + ":count", -1, ttl);
        if (seats(seat.meetingId()).isEmpty()) {
            state.mapRemove(ACTIVE, seat.meetingId());
        }
        return count;
    }

    long countJoin(String meetingId) {
        return state.increment("meeting:" + meetingId + ":count", 1, ttl);
    }

    long count(String meetingId) {
        return state.get("meeting:" + meetingId + ":count").map(Long::parseLong).orElse(0L);
    }

    MeetingFlags flags(String meetingId) {
        return state.get("meeting:" + meetingId + ":flags").map(v -> read(v, MeetingFlags.class))
                .orElse(MeetingFlags.initial());
    }

    void saveFlags(String meetingId, MeetingFlags flags) {
        state.put("meeting:" + meetingId + ":flags", write(flags), ttl);
    }

    void bar(String meetingId, String key) {
        state.mapPut("meeting:" + meetingId + ":barred", key, "1", ttl);
    }

    boolean barred(String meetingId, String key) {
        return state.mapGet("meeting:" + meetingId + ":barred", key).isPresent();
    }

    List<String> activeMeetings() {
        return List.copyOf(state.mapEntries(ACTIVE).keySet());
    }

    /** Forgets a meeting's roster and switches (after it ended); the flags keep saying "ended" for the TTL. */
    void clear(String meetingId) {
        for (String field : Map.copyOf(state.mapEntries(roster(meetingId))).keySet()) {
            state.mapRemove(roster(meetingId), field);
        }
        state.delete("meeting:" + meetingId + ":count");
        state.mapRemove(ACTIVE, meetingId);
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable room state: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
