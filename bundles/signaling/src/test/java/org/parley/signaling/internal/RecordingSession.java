package org.parley.signaling.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.parley.api.signaling.SignalingSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A signaling session for room tests: keeps every message sent to it as JSON. Shared via the test jar. */
public final class RecordingSession implements SignalingSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String name;
    private final String id = UUID.randomUUID().toString();
    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    public RecordingSession(String name) {
        this.name = name;
    }

    /** The participant id this session is seated as. */
    public String participantId() {
        return attribute(RoomHandler.SEAT_ATTRIBUTE, String.class).orElseThrow().split("/")[1];
    }

    public JsonNode last() {
        return sent.get(sent.size() - 1);
    }

    public List<JsonNode> messages() {
        return sent;
    }

    public boolean received(String type) {
        return sent.stream().anyMatch(m -> type.equals(m.path("type").asText()));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    public void send(Object message) {
        sent.add(JSON.valueToTree(message));
    }

    @Override
    public void sendError(String code, String message, String replyTo) {
        send(Map.of("type", "error", "code", code, "message", message));
    }

    @Override
    public <V> Optional<V> attribute(String n, Class<V> type) {
        Object v = attributes.get(n);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    @Override
    public void setAttribute(String n, Object value) {
        attributes.put(n, value);
    }

    @Override
    public void removeAttribute(String n) {
        attributes.remove(n);
    }

    @Override
    public void close(int code, String reason) {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
