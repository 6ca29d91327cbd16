package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Meetings held through the whole running server: accounts and meetings over REST, then several
 * signaling clients (Jetty's WebSocket client) in the room, waiting room, host controls and chat.
 */
class RoomIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParleyServer server;
    private static MeetingsApi api;
    private static MeetingsApi.Account host;
    private final List<RoomClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("room");
        api = new MeetingsApi(server);
        host = api.account("host");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        clients.forEach(RoomClient::close);
    }

    private RoomClient connect(String name) throws Exception {
        RoomClient client = RoomClient.connect(server.webSocketUri(), name);
        clients.add(client);
        return client;
    }

    /** Connects and joins with a ticket; returns the client after its "joined". */
    private RoomClient joined(String name, String ticket) throws Exception {
        RoomClient client = connect(name);
        JsonNode reply = client.request("{\"type\":\"join\",\"id\":\"j\",\"ticket\":\"" + ticket + "\"}", "joined");
        assertThat(reply.path("type").asText()).as(name + ": " + reply).isEqualTo("joined");
        return client;
    }

    private static String id(RoomClient client) {
        return client.all().stream().filter(m -> m.path("type").asText().equals("joined")).findFirst().orElseThrow()
                .path("you").path("id").asText();
    }

    private static String action(String action, RoomClient target) {
        return "{\"type\":\"host-action\",\"action\":\"" + action + "\"" + (target == null ? "" : ",\"target\":\"" + id(target) + "\"") + "}";
    }

    @Test
    void participantsJoinSeeEachOtherAndLeave() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Standup", false);
        RoomClient hostClient = joined("host", api.ticket(meeting, host, null));
        JsonNode hostJoined = hostClient.all().get(0);
        assertThat(hostJoined.path("you").path("role").asText()).isEqualTo("HOST");
        assertThat(hostJoined.path("meeting").path("status").asText()).isEqualTo("in-progress");
        assertThat(hostJoined.path("meeting").path("title").asText()).isEqualTo("Standup");

        RoomClient guest = joined("guest", api.ticket(meeting, null, "Guest Gail"));
        JsonNode guestJoined = guest.all().get(0);
        assertThat(guestJoined.path("roster")).hasSize(2);
        assertThat(guestJoined.path("you").path("userId").isNull()).isTrue();
        assertThat(hostClient.await("participant-joined").path("participant").path("name").asText()).isEqualTo("Guest Gail");

        guest.send("{\"type\":\"raise-hand\"}");
        assertThat(hostClient.await("participant-updated").path("participant").path("handRaised").asBoolean()).isTrue();
        guest.send("{\"type\":\"mute\",\"kind\":\"audio\"}");
        assertThat(hostClient.await("participant-updated").path("participant").path("audioMuted").asBoolean()).isTrue();
        guest.send("{\"type\":\"reaction\",\"emoji\":\"🎉\"}");
        JsonNode reaction = hostClient.await("reaction");
        assertThat(reaction.path("emoji").asText()).isEqualTo("🎉");
        assertThat(reaction.path("participantId").asText()).isEqualTo(id(guest));

        assertThat(guest.request("{\"type\":\"leave\",\"id\":\"l\"}", "left").path("type").asText()).isEqualTo("left");
        JsonNode left = hostClient.await("participant-left");
        assertThat(left.path("participantId").asText()).isEqualTo(id(guest));
        assertThat(left.path("reason").asText()).isEqualTo("left");
        assertThat(server.get("/metrics").body()).contains("parley_participants 1");
    }

    @Test
    void badJoinsAndMessagesBeforeJoiningGetCodes() throws Exception {
        RoomClient client = connect("stranger");
        assertThat(client.errorFor("{\"type\":\"join\",\"ticket\":\"not-a-ticket\"}")).isEqualTo("invalid-ticket");
        assertThat(client.errorFor("{\"type\":\"join\"}")).isEqualTo("invalid-message");
        assertThat(client.errorFor("{\"type\":\"mute\"}")).isEqualTo("not-joined");
        assertThat(client.errorFor("{\"type\":\"chat\",\"text\":\"hi\"}")).isEqualTo("not-joined");
        assertThat(client.errorFor("{\"type\":\"host-action\",\"action\":\"lock\"}")).isEqualTo("not-joined");
        assertThat(client.errorFor("{\"type\":\"admit-all\"}")).isEqualTo("not-joined");
        assertThat(client.errorFor("{\"type\":\"join\",\"ticket\":" + "1".repeat(10) + "}")).isEqualTo("invalid-message");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void waitingRoomAdmitAndDeny() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Board", true);
        RoomClient hostClient = joined("host", api.ticket(meeting, host, null));
        RoomClient alice = connect("alice");
        alice.send("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "Alice") + "\"}");
        assertThat(alice.await("waiting").path("position").asInt()).isEqualTo(1);
        JsonNode list = hostClient.await(m -> m.path("type").asText().equals("waiting-room")
                && m.path("waiting").size() == 1, Duration.ofSeconds(10), "waiting list with Alice");
        String aliceEntry = list.path("waiting").get(0).path("id").asText();
        assertThat(list.path("waiting").get(0).path("name").asText()).isEqualTo("Alice");

        RoomClient bob = connect("bob");
        bob.send("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "Bob") + "\"}");
        bob.await("waiting");
        JsonNode both = hostClient.await(m -> m.path("type").asText().equals("waiting-room")
                && m.path("waiting").size() == 2, Duration.ofSeconds(10), "waiting list with two");
        String bobEntry = both.path("waiting").get(1).path("id").asText();

        hostClient.send("{\"type\":\"admit\",\"entryId\":\"" + aliceEntry + "\"}");
        alice.await("admitted");
        assertThat(alice.await("joined").path("roster")).hasSize(2);
        hostClient.send("{\"type\":\"deny\",\"entryId\":\"" + bobEntry + "\"}");
        assertThat(bob.await("denied").path("message").asText()).isNotBlank();
        assertThat(bob.received("joined")).isFalse();
        assertThat(alice.errorFor("{\"type\":\"admit-all\"}")).isEqualTo("forbidden");
    }

    @Test
    void waitingRoomBundleUpdateWhileSomeoneWaits() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Patient", true);
        RoomClient hostClient = joined("host", api.ticket(meeting, host, null));
        RoomClient waiter = connect("waiter");
        waiter.send("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "Walter") + "\"}");
        waiter.await("waiting");
        String entry = hostClient.await(m -> m.path("type").asText().equals("waiting-room")
                && m.path("waiting").size() == 1, Duration.ofSeconds(10), "waiting list").path("waiting").get(0).path("id").asText();

        Path jar;
        try (var files = Files.list(server.home().resolve("system/20"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("parley-waitingroom")).findFirst().orElseThrow();
        }
        HttpResponse<String> updated = server.send(server.admin("/api/admin/bundles/org.parley.waitingroom")
                .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(waiter.isOpen()).isTrue();
        assertThat(hostClient.isOpen()).isTrue();

        hostClient.send("{\"type\":\"admit\",\"entryId\":\"" + entry + "\"}");
        assertThat(waiter.await("joined").path("you").path("name").asText()).isEqualTo("Walter");
    }

    @Test
    void hostControlsFollowTheAuthorizationMatrix() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Controls", false);
        MeetingsApi.Account member = api.account("member");
        RoomClient h = joined("host", api.ticket(meeting, host, null));
        RoomClient co = joined("co", api.ticket(meeting, null, "Cora"));
        RoomClient p = joined("member", api.ticket(meeting, member, null));
        RoomClient g = joined("guest", api.ticket(meeting, null, "Gus"));

        // participants (signed in or guest) may use no host control, and nothing happens
        for (RoomClient who : List.of(p, g)) {
            for (String a : List.of("mute", "stop-video", "ask-unmute", "remove", "make-co-host", "revoke-co-host", "transfer-host")) {
                assertThat(who.errorFor(action(a, h))).as(a).isEqualTo("forbidden");
            }
            for (String a : List.of("mute-all", "lock", "unlock", "end-meeting")) {
                assertThat(who.errorFor(action(a, null))).as(a).isEqualTo("forbidden");
            }
        }
        assertThat(h.request(action("make-co-host", co), "host-action-done").path("type").asText()).isEqualTo("host-action-done");
        assertThat(co.await("role-changed").path("role").asText()).isEqualTo("co_host");
        // co-hosts moderate participants but not the host, and cannot end, transfer or promote
        assertThat(co.request(action("mute", g), "host-action-done").path("type").asText()).isEqualTo("host-action-done");
        assertThat(g.await("muted-by-host").path("kind").asText()).isEqualTo("audio");
        assertThat(co.errorFor(action("mute", h))).isEqualTo("forbidden");
        assertThat(co.errorFor(action("end-meeting", null))).isEqualTo("forbidden");
        assertThat(co.errorFor(action("transfer-host", p))).isEqualTo("forbidden");
        assertThat(co.errorFor(action("make-co-host", p))).isEqualTo("forbidden");
        co.request(action("ask-unmute", p), "host-action-done");
        assertThat(p.await("unmute-requested").path("by").asText()).isEqualTo(id(co));
        co.request(action("stop-video", p), "host-action-done");
        p.await("video-stopped-by-host");

        // mute all without unmute
        h.request("{\"type\":\"host-action\",\"action\":\"mute-all\",\"allowUnmute\":false}", "host-action-done");
        assertThat(p.errorFor("{\"type\":\"unmute\"}")).isEqualTo("unmute-not-allowed");
        h.request(action("unmute-all-allowed", null), "host-action-done");
        p.send("{\"type\":\"unmute\"}");
        h.await(m -> m.path("type").asText().equals("participant-updated") && m.path("participant").path("name").asText().equals("member")
                && !m.path("participant").path("audioMuted").asBoolean(), Duration.ofSeconds(10), "member unmuted");

        // lock: newcomers wait; unlock
        co.request(action("lock", null), "host-action-done");
        RoomClient late = connect("late");
        late.send("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "Late Lou") + "\"}");
        late.await("waiting");
        co.request(action("unlock", null), "host-action-done");

        // remove with bar: the guest cannot come back under that name
        h.request("{\"type\":\"host-action\",\"action\":\"remove\",\"target\":\"" + id(g) + "\",\"bar\":true}", "host-action-done");
        assertThat(g.await("removed").path("barred").asBoolean()).isTrue();
        RoomClient again = connect("gus-again");
        assertThat(again.errorFor("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "Gus") + "\"}")).isEqualTo("removed");

        // transfer host, then the new host ends the meeting for everyone
        h.request(action("transfer-host", p), "host-action-done");
        assertThat(p.await(m -> m.path("type").asText().equals("role-changed") && m.path("role").asText().equals("host"),
                Duration.ofSeconds(10), "host role").path("role").asText()).isEqualTo("host");
        assertThat(h.errorFor(action("end-meeting", null))).isEqualTo("forbidden");
        p.request(action("end-meeting", null), "host-action-done");
        for (RoomClient c : List.of(h, co)) {
            assertThat(c.await("meeting-ended").path("type").asText()).isEqualTo("meeting-ended");
        }
        RoomClient after = connect("after");
        assertThat(after.errorFor("{\"type\":\"join\",\"ticket\":\"" + api.ticket(meeting, null, "After") + "\"}"))
                .isEqualTo("meeting-ended");
    }

    @Test
    void chatPublicPrivatePersistedWithHistory() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Chat", false);
        String hostTicket = api.ticket(meeting, host, null);
        RoomClient h = joined("host", hostTicket);
        RoomClient a = joined("a", api.ticket(meeting, null, "Ann"));
        RoomClient b = joined("b", api.ticket(meeting, null, "Ben"));

        a.send("{\"type\":\"chat\",\"id\":\"c1\",\"text\":\"hello everyone\"}");
        for (RoomClient c : List.of(h, a, b)) {
            assertThat(c.await("chat").path("text").asText()).isEqualTo("hello everyone");
        }
        assertThat(a.await("chat-sent").path("id").asText()).isEqualTo("c1");
        a.send("{\"type\":\"chat\",\"text\":\"just for Ben\",\"to\":\"" + id(b) + "\"}");
        assertThat(b.await("chat").path("private").asBoolean()).isTrue();
        a.await("chat");
        a.await("chat-sent");

        h.request("{\"type\":\"chat-policy\",\"policy\":\"hosts\"}", "chat-policy");
        assertThat(a.errorFor("{\"type\":\"chat\",\"text\":\"to all\"}")).isEqualTo("chat-restricted");
        h.request("{\"type\":\"chat-policy\",\"policy\":\"everyone\"}", "chat-policy");
        assertThat(h.received("chat") && !h.all().stream().anyMatch(m -> m.path("text").asText().equals("just for Ben")))
                .as("the host never saw the private message").isTrue();

        // a late joiner gets the public history
        RoomClient late = joined("late", api.ticket(meeting, null, "Lee"));
        JsonNode history = late.await("chat-history");
        assertThat(history.path("messages")).hasSize(1);
        assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("hello everyone");

        // REST history for a ticket holder; persisted in data/chat
        HttpResponse<String> rest = server.send(HttpRequest.newBuilder(server.uri("/api/meetings/" + meeting.id() + "/chat"))
                .header("Authorization", "Bearer " + hostTicket));
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        assertThat(JSON.readTree(rest.body()).path("messages")).hasSize(1);
        assertThat(server.get("/api/meetings/" + meeting.id() + "/chat").statusCode()).isEqualTo(401);
        assertThat(Files.readString(server.home().resolve("data/chat/" + meeting.id() + ".jsonl"))).contains("just for Ben");
    }

    @Test
    void droppedConnectionKeepsTheSeatAndResumeReclaimsIt() throws Exception {
        MeetingsApi.Meeting meeting = api.createMeeting(host, "Flaky", false);
        RoomClient h = joined("host", api.ticket(meeting, host, null));
        String ticket = api.ticket(meeting, null, "Flo");
        RoomClient flo = joined("flo", ticket);
        JsonNode joined = flo.all().get(0);
        h.await("participant-joined");
        flo.cut();
        JsonNode reconnecting = h.await("participant-updated");
        assertThat(reconnecting.path("participant").path("connection").asText()).isEqualTo("reconnecting");
        RoomClient back = connect("flo-back");
        JsonNode resumed = back.request("{\"type\":\"join\",\"ticket\":\"" + ticket + "\",\"resume\":{\"participantId\":\""
                + joined.path("you").path("id").asText() + "\",\"token\":\"" + joined.path("resumeToken").asText() + "\"}}", "joined");
        assertThat(resumed.path("resumed").asBoolean()).isTrue();
        assertThat(resumed.path("you").path("id").asText()).isEqualTo(joined.path("you").path("id").asText());
        assertThat(resumed.path("roster")).hasSize(2);
    }

    @Test
    void silentClientIsDroppedAfterHeartbeatsAndGraceThenLeaves() throws Exception {
        writeEtc("org.parley.signaling.cfg", "reconnect.grace.seconds = 2\n");
        try {
            MeetingsApi.Meeting meeting = api.createMeeting(host, "Quiet", false);
            RoomClient h = joined("host", api.ticket(meeting, host, null));
            RoomClient quiet = joined("quiet", api.ticket(meeting, null, "Quinn"));
            h.await("participant-joined");
            writeEtc("org.parley.http.cfg", Files.readString(server.home().resolve("etc/org.parley.http.cfg"))
                    .replace("ws.heartbeat.seconds = 10", "ws.heartbeat.seconds = 1")
                    .replace("ws.heartbeat.missed = 3", "ws.heartbeat.missed = 2"));
            quiet.silence();
            ParleyServer.await("silent client closed", Duration.ofSeconds(20), () -> quiet.closeCode() >= 0);
            assertThat(quiet.closeCode()).isEqualTo(4001);
            h.await(m -> m.path("type").asText().equals("participant-updated")
                    && m.path("participant").path("connection").asText().equals("reconnecting"), Duration.ofSeconds(10), "reconnecting");
            JsonNode left = h.await(m -> m.path("type").asText().equals("participant-left"), Duration.ofSeconds(15), "left");
            assertThat(left.path("reason").asText()).isEqualTo("disconnected");
            assertThat(h.isOpen()).as("the host answered its pings").isTrue();
        } finally {
            writeEtc("org.parley.http.cfg", Files.readString(server.home().resolve("etc/org.parley.http.cfg"))
                    .replace("ws.heartbeat.seconds = 1", "ws.heartbeat.seconds = 10")
                    .replace("ws.heartbeat.missed = 2", "ws.heartbeat.missed = 3"));
            writeEtc("org.parley.signaling.cfg", "reconnect.grace.seconds = 30\n");
        }
    }

    private static void writeEtc(String name, String content) throws Exception {
        Path temp = server.home().resolve("data/" + name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, server.home().resolve("etc/" + name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(1500);
    }

}
