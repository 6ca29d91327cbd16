package org.parley.waitingroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.room.Lobby;
import org.parley.api.signaling.SignalingException;
import org.parley.signaling.internal.RecordingSession;
import org.parley.signaling.internal.RoomFixture;
import org.parley.signaling.internal.RoomHandler;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The waiting room with the real room and state store around it. */
class WaitingRoomTest {
    private static final String MEETING = "98765432109";
    private final ObjectMapper json = new ObjectMapper();
    private RoomFixture fixture;
    private RoomHandler room;
    private WaitingRoom lobby;

    @BeforeEach
    void setUp() {
        // The room and the waiting room use each other, as their services do in OSGi.
        Lobby deferred = (session, ticket, info) -> lobby.enter(session, ticket, info);
        fixture = new RoomFixture(new MeetingInfo(MEETING, "Board", 1L, Set.of(), true, false, true, false), deferred,
                30, 100);
        room = fixture.room;
        lobby = WaitingRoom.create(fixture.state, room, fixture.lookup);
    }

    private RecordingSession join(String name, Long userId, Role role) throws Exception {
        return fixture.join(MEETING, name, userId, role);
    }

    private String decide(WaitingRoom waitingRoom, RecordingSession session, String message) throws Exception {
        try {
            waitingRoom.onMessage(session, json.readTree(message));
            return session.last().path("type").asText();
        } catch (SignalingException e) {
            return e.code();
        }
    }

    @Test
    void joinerWaitsHostSeesTheListAndAdmits() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession guest = join("guest", null, Role.PARTICIPANT);
        assertThat(guest.last().path("type").asText()).isEqualTo("waiting");
        assertThat(guest.last().path("position").asInt()).isEqualTo(1);
        assertThat(host.last().path("type").asText()).isEqualTo("waiting-room");
        String entryId = host.last().path("waiting").get(0).path("id").asText();
        assertThat(host.last().path("waiting").get(0).path("name").asText()).isEqualTo("guest");

        assertThat(decide(lobby, host, "{\"type\":\"admit\",\"entryId\":\"" + entryId + "\"}")).isEqualTo("waiting-room");
        assertThat(guest.received("admitted")).isTrue();
        assertThat(guest.received("joined")).isTrue();
        assertThat(room.roster(MEETING)).extracting(p -> p.name()).containsExactly("host", "guest");
        assertThat(lobby.waiting(MEETING)).isEmpty();
    }

    @Test
    void participantsCannotAdmitOrDeny() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession guest = join("guest", null, Role.PARTICIPANT);
        lobby.onMessage(host, json.readTree("{\"type\":\"admit-all\"}"));
        RecordingSession other = join("other", null, Role.PARTICIPANT);
        String entryId = lobby.waiting(MEETING).get(0).entryId();
        assertThat(decide(lobby, guest, "{\"type\":\"admit\",\"entryId\":\"" + entryId + "\"}")).isEqualTo("forbidden");
        assertThat(decide(lobby, guest, "{\"type\":\"deny\",\"entryId\":\"" + entryId + "\"}")).isEqualTo("forbidden");
        RecordingSession outsider = new RecordingSession("outsider");
        assertThat(decide(lobby, outsider, "{\"type\":\"admit-all\"}")).isEqualTo("not-joined");
        assertThat(lobby.waiting(MEETING)).hasSize(1);
        assertThat(other.received("joined")).isFalse();
    }

    @Test
    void denyTellsTheJoinerAndAdmitAllSeatsEveryone() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession a = join("a", null, Role.PARTICIPANT);
        RecordingSession b = join("b", null, Role.PARTICIPANT);
        RecordingSession c = join("c", 3L, Role.PARTICIPANT);
        String aId = lobby.waiting(MEETING).get(0).entryId();
        decide(lobby, host, "{\"type\":\"deny\",\"entryId\":\"" + aId + "\"}");
        assertThat(a.received("denied")).isTrue();
        assertThat(decide(lobby, host, "{\"type\":\"deny\",\"entryId\":\"" + aId + "\"}")).isEqualTo("not-waiting");
        assertThat(decide(lobby, host, "{\"type\":\"deny\"}")).isEqualTo("invalid-message");
        lobby.onMessage(host, json.readTree("{\"type\":\"admit-all\",\"id\":\"all\"}"));
        assertThat(b.received("joined")).isTrue();
        assertThat(c.received("joined")).isTrue();
        assertThat(room.roster(MEETING)).hasSize(3);
    }

    @Test
    void waitersSurviveAWaitingRoomUpdateAndLeaversAreForgotten() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession stays = join("stays", null, Role.PARTICIPANT);
        RecordingSession goes = join("goes", null, Role.PARTICIPANT);
        // A new instance over the same state store is what a bundle update gives.
        WaitingRoom updated = WaitingRoom.create(fixture.state, room, fixture.lookup);
        assertThat(updated.waiting(MEETING)).extracting(WaitingRoom.Entry::name).containsExactly("stays", "goes");
        fixture.sessions.remove(goes.id());
        updated.sweep();
        assertThat(updated.waiting(MEETING)).extracting(WaitingRoom.Entry::name).containsExactly("stays");
        String entryId = updated.waiting(MEETING).get(0).entryId();
        decide(updated, host, "{\"type\":\"admit\",\"entryId\":\"" + entryId + "\"}");
        assertThat(stays.received("joined")).isTrue();
    }
}
