package org.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.signaling.SignalingException;
import org.parley.signaling.internal.RecordingSession;
import org.parley.signaling.internal.RoomFixture;
import org.parley.signaling.internal.RoomHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Chat with the real room, state store and file store. */
class ChatHandlerTest {
    private static final String MEETING = "55555555555";
    @TempDir
    Path folder;
    private final ObjectMapper json = new ObjectMapper();
    private RoomFixture fixture;
    private RoomHandler room;
    private ChatHandler chat;
    private FileChatStore store;

    @BeforeEach
    void setUp() {
        fixture = new RoomFixture(new MeetingInfo(MEETING, "Chatty", 1L, Set.of(), false, false, true, false), null, 30, 10);
        room = fixture.room;
        store = new FileChatStore(folder);
        chat = ChatHandler.create(store, room, fixture.state);
    }

    private RecordingSession join(String name, Long userId, Role role) throws Exception {
        return fixture.join(MEETING, name, userId, role);
    }

    private String say(RecordingSession session, String message) throws Exception {
        try {
            chat.onMessage(session, json.readTree(message));
            return "ok";
        } catch (SignalingException e) {
            return e.code();
        }
    }

    private static long chats(RecordingSession session, String text) {
        return session.messages().stream().filter(m -> m.path("type").asText().equals("chat")
                && m.path("text").asText().equals(text)).count();
    }

    @Test
    void publicMessageReachesEveryoneAndIsStored() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession guest = join("guest", null, Role.PARTICIPANT);
        assertThat(say(guest, "{\"type\":\"chat\",\"id\":\"c1\",\"text\":\"hello all\"}")).isEqualTo("ok");
        assertThat(chats(host, "hello all")).isEqualTo(1);
        assertThat(chats(guest, "hello all")).isEqualTo(1);
        JsonNode ack = guest.last();
        assertThat(ack.path("type").asText()).isEqualTo("chat-sent");
        assertThat(ack.path("id").asText()).isEqualTo("c1");
        assertThat(store.history(MEETING, 10)).singleElement().matches(m -> m.content().equals("hello all")
                && m.senderName().equals("guest") && m.messageId().toString().equals(ack.path("messageId").asText()));
    }

    @Test
    void privateMessageReachesOnlyTheRecipientAndTheSender() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession a = join("a", 2L, Role.PARTICIPANT);
        RecordingSession b = join("b", null, Role.PARTICIPANT);
        say(a, "{\"type\":\"chat\",\"text\":\"psst\",\"to\":\"" + b.participantId() + "\"}");
        assertThat(chats(b, "psst")).isEqualTo(1);
        assertThat(chats(a, "psst")).isEqualTo(1);
        assertThat(chats(host, "psst")).isZero();
        assertThat(say(a, "{\"type\":\"chat\",\"text\":\"x\",\"to\":\"nobody\"}")).isEqualTo("participant-not-found");
        assertThat(say(a, "{\"type\":\"chat\",\"text\":\"x\",\"to\":\"" + a.participantId() + "\"}")).isEqualTo("invalid-message");
    }

    @Test
    void badMessagesAreRefused() throws Exception {
        RecordingSession a = join("a", null, Role.PARTICIPANT);
        assertThat(say(a, "{\"type\":\"chat\"}")).isEqualTo("invalid-message");
        assertThat(say(a, "{\"type\":\"chat\",\"text\":\"   \"}")).isEqualTo("invalid-message");
        assertThat(say(a, "{\"type\":\"chat\",\"text\":{\"a\":1}}")).isEqualTo("invalid-message");
        assertThat(say(a, "{\"type\":\"chat\",\"text\":\"" + "x".repeat(ChatHandler.MAX_TEXT + 1) + "\"}")).isEqualTo("invalid-message");
        assertThat(say(new RecordingSession("outsider"), "{\"type\":\"chat\",\"text\":\"hi\"}")).isEqualTo("not-joined");
        assertThat(store.history(MEETING, 10)).isEmpty();
    }

    @Test
    void hostDecidesWhoMayChat() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession p = join("p", null, Role.PARTICIPANT);
        RecordingSession q = join("q", null, Role.PARTICIPANT);
        assertThat(say(p, "{\"type\":\"chat-policy\",\"policy\":\"none\"}")).isEqualTo("forbidden");
        assertThat(say(host, "{\"type\":\"chat-policy\",\"policy\":\"sometimes\"}")).isEqualTo("invalid-message");
        assertThat(say(host, "{\"type\":\"chat-policy\",\"policy\":\"hosts\"}")).isEqualTo("ok");
        assertThat(p.last().path("policy").asText()).isEqualTo("hosts");
        assertThat(say(p, "{\"type\":\"chat\",\"text\":\"to all\"}")).isEqualTo("chat-restricted");
        assertThat(say(p, "{\"type\":\"chat\",\"text\":\"to q\",\"to\":\"" + q.participantId() + "\"}")).isEqualTo("chat-restricted");
        assertThat(say(p, "{\"type\":\"chat\",\"text\":\"to host\",\"to\":\"" + host.participantId() + "\"}")).isEqualTo("ok");
        say(host, "{\"type\":\"chat-policy\",\"policy\":\"none\"}");
        assertThat(say(p, "{\"type\":\"chat\",\"text\":\"to host\",\"to\":\"" + host.participantId() + "\"}")).isEqualTo("chat-restricted");
        assertThat(say(host, "{\"type\":\"chat\",\"text\":\"hosts still can\"}")).isEqualTo("ok");
    }

    @Test
    void joinerGetsTheHistoryItMaySee() throws Exception {
        RecordingSession host = join("host", 1L, Role.HOST);
        RecordingSession a = join("a", 2L, Role.PARTICIPANT);
        say(host, "{\"type\":\"chat\",\"text\":\"public\"}");
        say(host, "{\"type\":\"chat\",\"text\":\"secret for a\",\"to\":\"" + a.participantId() + "\"}");
        RecordingSession late = join("late", null, Role.PARTICIPANT);
        chat.sendHistory(room.participantOf(late).orElseThrow());
        JsonNode history = late.last();
        assertThat(history.path("type").asText()).isEqualTo("chat-history");
        assertThat(history.path("messages")).hasSize(1);
        assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("public");
        // the same account on a new seat sees its private messages
        RecordingSession back = fixture.reconnect(a);
        room.onMessage(back, json.readTree("{\"type\":\"join\",\"ticket\":\"ticket-a\"}"));
        chat.sendHistory(room.participantOf(back).orElseThrow());
        assertThat(back.last().path("messages")).hasSize(2);
    }
}
