package org.parley.signaling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.signaling.SignalingException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The room's rules, with the real in-memory state store and recording sessions. */
class RoomHandlerTest {
    private static final String MEETING = "12345678901";
    private final ObjectMapper json = new ObjectMapper();
    private final List<JoinTicket> lobbyEntries = new ArrayList<>();
    private RoomFixture fixture;
    private RoomHandler room;

    @BeforeEach
    void setUp() {
        fixture = new RoomFixture(new MeetingInfo(MEETING, "Standup", 1L, Set.of(2L), false, false, true, false),
                (session, ticket, meeting) -> lobbyEntries.add(ticket), 30, 5);
        room = fixture.room;
    }

    private RecordingSession client(String name, Long userId, Role role) {
        return fixture.client(MEETING, name, userId, role);
    }

    private JsonNode send(RecordingSession session, String message) throws Exception {
        int before = session.messages().size();
        room.onMessage(session, json.readTree(message));
        return session.messages().size() > before ? session.last() : null;
    }

    private JsonNode join(RecordingSession session) throws Exception {
        return send(session, "{\"type\":\"join\",\"id\":\"j\",\"ticket\":\"ticket-" + session.name + "\"}");
    }

    private String errorCode(RecordingSession session, String message) throws Exception {
        try {
            room.onMessage(session, json.readTree(message));
        } catch (SignalingException e) {
            return e.code();
        }
        throw new AssertionError("expected an error for " + message);
    }

    private String action(String action, RecordingSession target) {
        return "{\"type\":\"host-action\",\"action\":\"" + action + "\"" + (target == null ? "" : ",\"target\":\"" + target.participantId() + "\"") + "}";
    }

    @Test
    void joinGivesRosterRoleAndTellsTheOthers() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession guest = client("guest", null, Role.PARTICIPANT);
        JsonNode hostJoined = join(host);
        assertThat(hostJoined.path("type").asText()).isEqualTo("joined");
        assertThat(hostJoined.path("id").asText()).isEqualTo("j");
        assertThat(hostJoined.path("meeting").path("status").asText()).isEqualTo("in-progress");
        assertThat(hostJoined.path("you").path("role").asText()).isEqualTo("HOST");
        JsonNode guestJoined = join(guest);
        assertThat(guestJoined.path("roster")).hasSize(2);
        assertThat(host.last().path("type").asText()).isEqualTo("participant-joined");
        assertThat(host.last().path("participant").path("name").asText()).isEqualTo("guest");
        assertThat(room.roster(MEETING)).hasSize(2);
    }

    @Test
    void badJoinsAreRefusedWithCodes() throws Exception {
        RecordingSession a = client("a", null, Role.PARTICIPANT);
        assertThat(errorCode(a, "{\"type\":\"join\"}")).isEqualTo("invalid-message");
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":\"forged\"}")).isEqualTo("invalid-ticket");
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":\"ticket-a\",\"protocol\":9}")).isEqualTo("unsupported-protocol");
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":{\"x\":1}}")).isEqualTo("invalid-message");
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":1234567890}")).isEqualTo("invalid-message");
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":true}")).isEqualTo("invalid-message");
        join(a);
        assertThat(errorCode(a, "{\"type\":\"join\",\"ticket\":\"ticket-a\"}")).isEqualTo("already-joined");
        RecordingSession b = client("b", null, Role.PARTICIPANT);
        assertThat(errorCode(b, "{\"type\":\"mute\"}")).isEqualTo("not-joined");
        assertThat(errorCode(b, "{\"type\":\"host-action\",\"action\":\"lock\"}")).isEqualTo("not-joined");
    }

    @Test
    void meetingHoldsAtMostItsLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            join(client("p" + i, null, Role.PARTICIPANT));
        }
        assertThat(errorCode(client("late", null, Role.PARTICIPANT), "{\"type\":\"join\",\"ticket\":\"ticket-late\"}"))
                .isEqualTo("meeting-full");
    }

    @Test
    void waitingRoomSendsParticipantsToTheLobbyButNotHosts() throws Exception {
        fixture.meetings.put(MEETING, new MeetingInfo(MEETING, "Standup", 1L, Set.of(), true, false, true, false));
        RecordingSession host = client("host", 1L, Role.HOST);
        assertThat(join(host).path("type").asText()).isEqualTo("joined");
        RecordingSession guest = client("guest", null, Role.PARTICIPANT);
        assertThat(join(guest)).isNull();
        assertThat(lobbyEntries).extracting(JoinTicket::displayName).containsExactly("guest");
        assertThat(room.roster(MEETING)).hasSize(1);
        assertThat(room.admit(guest, fixture.tickets.get("ticket-guest"))).isPresent();
        assertThat(guest.last().path("type").asText()).isEqualTo("joined");
        assertThat(room.roster(MEETING)).hasSize(2);
    }

    @Test
    void lockedMeetingSendsNewcomersToTheLobby() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        join(host);
        send(host, action("lock", null));
        assertThat(join(client("late", null, Role.PARTICIPANT))).isNull();
        assertThat(lobbyEntries).hasSize(1);
    }

    @Test
    void participantsCannotUseHostControlsAndNothingHappens() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", 5L, Role.PARTICIPANT);
        RecordingSession q = client("q", null, Role.PARTICIPANT);
        join(host);
        join(p);
        join(q);
        for (String a : List.of("mute", "stop-video", "ask-unmute", "remove", "make-co-host", "revoke-co-host",
                "transfer-host")) {
            assertThat(errorCode(p, action(a, q))).as(a).isEqualTo("forbidden");
        }
        for (String a : List.of("mute-all", "lock", "unlock", "end-meeting")) {
            assertThat(errorCode(p, action(a, null))).as(a).isEqualTo("forbidden");
        }
        assertThat(room.roster(MEETING)).hasSize(3).allMatch(x -> !x.audioMuted());
        assertThat(join(client("late", null, Role.PARTICIPANT)).path("type").asText()).as("still unlocked").isEqualTo("joined");
    }

    @Test
    void coHostsModerateButCannotEndTransferPromoteOrTouchTheHost() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession co = client("co", 2L, Role.CO_HOST);
        RecordingSession p = client("p", null, Role.PARTICIPANT);
        join(host);
        join(co);
        join(p);
        send(co, action("mute", p));
        assertThat(p.messages()).anyMatch(m -> m.path("type").asText().equals("muted-by-host"));
        assertThat(errorCode(co, action("mute", host))).isEqualTo("forbidden");
        assertThat(errorCode(co, action("remove", host))).isEqualTo("forbidden");
        assertThat(errorCode(co, action("end-meeting", null))).isEqualTo("forbidden");
        assertThat(errorCode(co, action("transfer-host", p))).isEqualTo("forbidden");
        assertThat(errorCode(co, action("make-co-host", p))).isEqualTo("forbidden");
        send(co, action("lock", null));
        assertThat(p.last().path("locked").asBoolean()).isTrue();
    }

    @Test
    void hostControlsDoWhatTheySay() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", 7L, Role.PARTICIPANT);
        RecordingSession q = client("q", null, Role.PARTICIPANT);
        join(host);
        join(p);
        join(q);
        send(host, action("make-co-host", p));
        assertThat(p.messages()).anyMatch(m -> m.path("type").asText().equals("role-changed") && m.path("role").asText().equals("co_host"));
        send(host, action("ask-unmute", q));
        assertThat(q.last().path("type").asText()).isEqualTo("unmute-requested");
        send(host, action("stop-video", q));
        assertThat(room.roster(MEETING).stream().filter(x -> x.name().equals("q")).findFirst().orElseThrow().videoMuted()).isTrue();
        send(host, action("transfer-host", p));
        assertThat(room.roster(MEETING)).filteredOn(x -> x.name().equals("p")).singleElement()
                .matches(x -> x.role() == Role.HOST);
        assertThat(errorCode(host, action("end-meeting", null))).as("no longer host").isEqualTo("forbidden");
        assertThat(errorCode(p, "{\"type\":\"host-action\",\"action\":\"mute\"}")).isEqualTo("invalid-message");
        assertThat(errorCode(p, "{\"type\":\"host-action\",\"action\":\"mute\",\"target\":\"nobody\"}")).isEqualTo("participant-not-found");
        assertThat(errorCode(p, "{\"type\":\"host-action\",\"action\":\"dance\"}")).isEqualTo("invalid-message");
    }

    @Test
    void muteAllWithoutUnmuteKeepsParticipantsMuted() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", null, Role.PARTICIPANT);
        join(host);
        join(p);
        send(host, "{\"type\":\"host-action\",\"action\":\"mute-all\",\"allowUnmute\":false}");
        assertThat(room.roster(MEETING)).filteredOn(x -> x.name().equals("p")).singleElement().matches(x -> x.audioMuted());
        assertThat(errorCode(p, "{\"type\":\"unmute\",\"kind\":\"audio\"}")).isEqualTo("unmute-not-allowed");
        send(p, "{\"type\":\"unmute\",\"kind\":\"video\"}");
        send(host, "{\"type\":\"unmute\"}");
        RecordingSession late = client("late", null, Role.PARTICIPANT);
        assertThat(join(late).path("you").path("audioMuted").asBoolean()).as("joiners muted too").isTrue();
        send(host, action("unmute-all-allowed", null));
        send(p, "{\"type\":\"unmute\"}");
        assertThat(room.roster(MEETING)).filteredOn(x -> x.name().equals("p")).singleElement().matches(x -> !x.audioMuted());
    }

    @Test
    void removedAndBarredParticipantCannotRejoin() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", 9L, Role.PARTICIPANT);
        join(host);
        join(p);
        send(host, "{\"type\":\"host-action\",\"action\":\"remove\",\"target\":\"" + p.participantId() + "\",\"bar\":true}");
        assertThat(p.last().path("type").asText()).isEqualTo("removed");
        assertThat(host.last().path("type").asText()).isEqualTo("host-action-done");
        assertThat(host.messages()).anyMatch(m -> m.path("type").asText().equals("participant-left")
                && m.path("reason").asText().equals("removed"));
        assertThat(errorCode(p, "{\"type\":\"join\",\"ticket\":\"ticket-p\"}")).isEqualTo("removed");
    }

    @Test
    void endMeetingTellsEveryoneAndRefusesRejoins() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", null, Role.PARTICIPANT);
        join(host);
        join(p);
        send(host, action("end-meeting", null));
        assertThat(p.messages()).anyMatch(m -> m.path("type").asText().equals("meeting-ended"));
        assertThat(room.roster(MEETING)).isEmpty();
        assertThat(errorCode(p, "{\"type\":\"join\",\"ticket\":\"ticket-p\"}")).isEqualTo("meeting-ended");
    }

    @Test
    void lostConnectionKeepsTheSeatForTheGracePeriodAndResumeReclaimsIt() throws Exception {
        RecordingSession host = client("host", 1L, Role.HOST);
        RecordingSession p = client("p", null, Role.PARTICIPANT);
        join(host);
        JsonNode joined = join(p);
        String participantId = joined.path("you").path("id").asText();
        String token = joined.path("resumeToken").asText();
        RecordingSession again = fixture.reconnect(p);
        assertThat(host.last().path("participant").path("connection").asText()).isEqualTo("reconnecting");

        JsonNode resumed = send(again, "{\"type\":\"join\",\"ticket\":\"ticket-p\",\"resume\":{\"participantId\":\""
                + participantId + "\",\"token\":\"" + token + "\"}}");
        assertThat(resumed.path("resumed").asBoolean()).isTrue();
        assertThat(resumed.path("you").path("id").asText()).isEqualTo(participantId);
        assertThat(room.roster(MEETING)).hasSize(2);

        fixture.reconnect(again);
        room.sweep(System.currentTimeMillis() + 29_000);
        assertThat(room.roster(MEETING)).hasSize(2);
        room.sweep(System.currentTimeMillis() + 31_000);
        assertThat(room.roster(MEETING)).hasSize(1);
        assertThat(host.last().path("type").asText()).isEqualTo("participant-left");
        assertThat(host.last().path("reason").asText()).isEqualTo("disconnected");
    }

    @Test
    void signedInUserReconnectingWithANewTicketGetsTheSameSeat() throws Exception {
        RecordingSession p = client("p", 42L, Role.PARTICIPANT);
        String id = join(p).path("you").path("id").asText();
        RecordingSession again = fixture.reconnect(p);
        assertThat(join(again).path("you").path("id").asText()).isEqualTo(id);
        assertThat(room.roster(MEETING)).hasSize(1);
    }

    @Test
    void selfControlsUpdateTheRosterForEveryone() throws Exception {
        RecordingSession a = client("a", null, Role.PARTICIPANT);
        RecordingSession b = client("b", null, Role.PARTICIPANT);
        join(a);
        join(b);
        send(a, "{\"type\":\"mute\",\"kind\":\"video\"}");
        assertThat(b.last().path("participant").path("videoMuted").asBoolean()).isTrue();
        send(a, "{\"type\":\"raise-hand\"}");
        assertThat(b.last().path("participant").path("handRaised").asBoolean()).isTrue();
        send(a, "{\"type\":\"reaction\",\"emoji\":\"👍\"}");
        assertThat(b.last().path("emoji").asText()).isEqualTo("👍");
        assertThat(errorCode(a, "{\"type\":\"reaction\",\"emoji\":\"" + "x".repeat(40) + "\"}")).isEqualTo("invalid-message");
        assertThat(errorCode(a, "{\"type\":\"mute\",\"kind\":\"smell\"}")).isEqualTo("invalid-message");
        send(a, "{\"type\":\"screen-share-start\"}");
        assertThat(errorCode(b, "{\"type\":\"screen-share-start\"}")).isEqualTo("screen-share-busy");
        send(a, "{\"type\":\"leave\",\"id\":\"bye\"}");
        assertThat(a.last().path("type").asText()).isEqualTo("left");
        assertThat(b.last().path("type").asText()).isEqualTo("participant-left");
        send(b, "{\"type\":\"screen-share-start\"}");
    }

    @Test
    void mediaMessagesGoToTheMediaServerWhichHearsAboutLeavers() throws Exception {
        RecordingSession a = client("a", null, Role.PARTICIPANT);
        join(a);
        assertThat(errorCode(a, "{\"type\":\"offer\",\"sdp\":\"v=0\"}")).isEqualTo("media-unavailable");
        List<String> seen = new ArrayList<>();
        room.setMedia(new org.parley.api.media.MediaSignaling() {
            public void onDescription(org.parley.api.room.Participant from, org.parley.api.media.SessionDescription d) {
                seen.add(d.type() + ":" + from.name() + ":" + d.sdp() + ":" + d.connection());
            }

            public void onCandidate(org.parley.api.room.Participant from, org.parley.api.media.IceCandidate c) {
                seen.add("candidate:" + c.candidate() + ":" + c.sdpMid());
            }

            public void onLeave(org.parley.api.room.Participant participant) {
                seen.add("leave:" + participant.name());
            }
        });
        send(a, "{\"type\":\"offer\",\"sdp\":\"v=0\",\"connection\":\"publish\"}");
        send(a, "{\"type\":\"ice-candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\"}");
        assertThat(errorCode(a, "{\"type\":\"answer\"}")).isEqualTo("invalid-message");
        send(a, "{\"type\":\"leave\"}");
        assertThat(seen).containsExactly("offer:a:v=0:publish", "candidate:candidate:1 1 udp 1 127.0.0.1 9 typ host:0",
                "leave:a");
    }
}
