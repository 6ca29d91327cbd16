package org.parley.chat.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.api.chat.ChatMessage;
import org.parley.api.chat.ChatStore;
import org.parley.api.event.EventBus;
import org.parley.api.room.Participant;
import org.parley.api.room.ParticipantJoined;
import org.parley.api.room.Rooms;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.parley.api.signaling.SignalingSession;
import org.parley.api.state.StateStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * In-meeting chat: {@code chat} to everyone or privately to one participant, {@code chat-policy} for hosts
 * (who may chat: {@code everyone}, {@code hosts} = participants may only write privately to hosts and
 * co-hosts, {@code none}). Every message is stored before it is delivered; a joiner receives the recent
 * history it may see.
 */
@Component(service = SignalingHandler.class, property = { SignalingHandler.TYPE + "=chat",
        SignalingHandler.TYPE + "=chat-policy" })
public final class ChatHandler implements SignalingHandler<JsonNode> {
    static final int MAX_TEXT = 4000;
    static final int HISTORY_ON_JOIN = 50;
    static final List<String> POLICIES = List.of("everyone", "hosts", "none");

    record Chat(String type, String id, String text, String to) {
    }

    record Policy(String type, String id, String policy) {
    }

    @Reference
    private ChatStore store;

    @Reference
    private Rooms rooms;

    @Reference
    private StateStore state;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventBus events;

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private EventBus.Subscription joins;

    static ChatHandler create(ChatStore store, Rooms rooms, StateStore state) {
        ChatHandler handler = new ChatHandler();
        handler.store = store;
        handler.rooms = rooms;
        handler.state = state;
        return handler;
    }

    @Activate
    void activate() {
        EventBus bus = events;
        if (bus != null) {
            joins = bus.subscribe(ParticipantJoined.class, e -> sendHistory(e.participant()));
        }
    }

    @Deactivate
    void deactivate() {
        if (joins != null) {
            joins.close();
        }
    }

    @Override
    public Class<JsonNode> messageClass() {
        return JsonNode.class;
    }

    @Override
    public void onMessage(SignalingSession session, JsonNode message) throws SignalingException {
        Participant sender = rooms.participantOf(session)
                .orElseThrow(() -> new SignalingException("not-joined", "Join a meeting first"));
        if ("chat-policy".equals(message.path("type").asText())) {
            policy(session, sender, read(message, Policy.class));
        } else {
            chat(session, sender, read(message, Chat.class));
        }
    }

    private <T> T read(JsonNode message, Class<T> type) throws SignalingException {
        try {
            return json.treeToValue(message, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SignalingException("invalid-message", "Malformed " + message.path("type").asText() + " message");
        }
    }

    private void chat(SignalingSession session, Participant sender, Chat chat) throws SignalingException {
        if (chat.text() == null || chat.text().isBlank()) {
            throw new SignalingException("invalid-message", "Field 'text' is required");
        }
        if (chat.text().length() > MAX_TEXT) {
            throw new SignalingException("invalid-message", "Chat messages are limited to " + MAX_TEXT + " characters");
        }
        Participant recipient = null;
        if (chat.to() != null) {
            recipient = rooms.roster(sender.meetingId()).stream().filter(p -> p.id().equals(chat.to())).findFirst()
                    .orElseThrow(() -> new SignalingException("participant-not-found", "No participant " + chat.to()));
            if (recipient.id().equals(sender.id())) {
                throw new SignalingException("invalid-message", "You cannot send a private message to yourself");
            }
        }
        String policy = policy(sender.meetingId());
        if (!sender.role().moderates()) {
            boolean toModerator = recipient != null && recipient.role().moderates();
            if ("none".equals(policy) || ("hosts".equals(policy) && !toModerator)) {
                throw new SignalingException("chat-restricted", "none".equals(policy)
                        ? "The host has turned chat off" : "The host allows chat only privately to hosts and co-hosts");
            }
        }
        ChatMessage stored = new ChatMessage(sender.meetingId(), TimeUuids.next(), sender.id(), sender.userId(),
                sender.name(), recipient == null ? null : recipient.id(), recipient == null ? null : recipient.userId(),
                chat.text(), "text", System.currentTimeMillis());
        store.append(stored);
        Map<String, Object> event = view(stored);
        if (recipient == null) {
            rooms.broadcast(sender.meetingId(), event);
        } else {
            rooms.send(sender.meetingId(), recipient.id(), event);
            session.send(event);
        }
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("type", "chat-sent");
        if (chat.id() != null) {
            ack.put("id", chat.id());
        }
        ack.put("messageId", stored.messageId().toString());
        session.send(ack);
    }

    private void policy(SignalingSession session, Participant sender, Policy policy) throws SignalingException {
        if (!sender.role().moderates()) {
            throw new SignalingException("forbidden", "Only hosts and co-hosts can change who may chat");
        }
        if (policy.policy() == null || !POLICIES.contains(policy.policy())) {
            throw new SignalingException("invalid-message", "Field 'policy' must be one of " + POLICIES);
        }
        state.put("meeting:" + sender.meetingId() + ":chat-policy", policy.policy(), Duration.ofHours(24));
        rooms.broadcast(sender.meetingId(), Map.of("type", "chat-policy", "policy", policy.policy()));
    }

    String policy(String meetingId) {
        return state.get("meeting:" + meetingId + ":chat-policy").orElse("everyone");
    }

    void sendHistory(Participant participant) {
        List<Map<String, Object>> visible = store.history(participant.meetingId(), HISTORY_ON_JOIN * 4).stream()
                .filter(m -> visibleTo(m, participant.id(), participant.userId())).map(ChatHandler::view).toList();
        if (visible.isEmpty()) {
            return;
        }
        List<Map<String, Object>> recent = visible.subList(Math.max(0, visible.size() - HISTORY_ON_JOIN), visible.size());
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("type", "chat-history");
        history.put("messages", recent);
        history.put("policy", policy(participant.meetingId()));
        rooms.send(participant.meetingId(), participant.id(), history);
    }

    /** Public messages, and private ones the participant (this seat or this account) sent or received. */
    static boolean visibleTo(ChatMessage message, String participantId, Long userId) {
        if (!message.isPrivate()) {
            return true;
        }
        return Objects.equals(message.senderId(), participantId) || Objects.equals(message.recipientId(), participantId)
                || (userId != null && (userId.equals(message.senderUserId()) || userId.equals(message.recipientUserId())));
    }

    static Map<String, Object> view(ChatMessage message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "chat");
        view.put("messageId", message.messageId().toString());
        view.put("from", Map.of("id", message.senderId(), "name", message.senderName()));
        view.put("to", message.recipientId());
        view.put("private", message.isPrivate());
        view.put("text", message.content());
        view.put("sentAt", message.sentAt());
        return view;
    }
}
