package org.parley.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Routes each signaling message to the {@link SignalingHandler} service registered for its {@code type}.
 * Handlers are tracked dynamically: a plugin's message types exist exactly while its bundle runs, and the
 * connections that used them stay open. Of two handlers for one type, the higher service ranking (then the
 * earlier registration) wins and the conflict is logged.
 */
@Component(service = { SignalingRouter.class, MetricSource.class })
public final class SignalingRouter implements MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingRouter.class);

    /** Error codes this router sends; handlers add their own. Documented in docs/protocol.md. */
    static final String MALFORMED_JSON = "malformed-json";
    static final String INVALID_MESSAGE = "invalid-message";
    static final String UNKNOWN_TYPE = "unknown-type";
    static final String MESSAGE_TOO_LARGE = "message-too-large";
    static final String INTERNAL_ERROR = "internal-error";
    static final String RATE_LIMITED = "rate-limited";

    record Registration(long serviceId, int ranking, String owner, List<String> types, SignalingHandler<?> handler) {
    }

    private final Map<Long, Registration> registrations = new ConcurrentHashMap<>();
    private volatile Map<String, Registration> byType = Map.of();
    private final ObjectMapper mapper = Json.newMapper();
    @org.osgi.service.component.annotations.Reference
    private SessionRegistry connections;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private java.util.concurrent.ScheduledExecutorService heartbeat;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(SignalingHandler<?> handler, ServiceReference<SignalingHandler<?>> reference) {
        List<String> types = typesOf(reference.getProperty(SignalingHandler.TYPE));
        long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        String owner = reference.getBundle() == null ? "?"
                : reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion();
        if (types.isEmpty()) {
            LOG.error("Ignoring signaling handler {} from {}: it has no {} property", handler.getClass().getName(),
                    owner, SignalingHandler.TYPE);
            return;
        }
        Object rankingProperty = reference.getProperty(Constants.SERVICE_RANKING);
        int ranking = rankingProperty instanceof Integer i ? i : 0;
        registrations.put(id, new Registration(id, ranking, owner, types, handler));
        reindex();
    }

    void removeHandler(ServiceReference<SignalingHandler<?>> reference) {
        registrations.remove((Long) reference.getProperty(Constants.SERVICE_ID));
        reindex();
    }

    private synchronized void reindex() {
        List<Registration> ordered = new ArrayList<>(registrations.values());
        ordered.sort(Comparator.comparingInt(Registration::ranking).reversed()
                .thenComparingLong(Registration::serviceId));
        Map<String, Registration> index = new java.util.HashMap<>();
        for (Registration registration : ordered) {
            for (String type : registration.types()) {
                Registration holder = index.putIfAbsent(type, registration);
                if (holder != null) {
                    LOG.warn("Signaling type '{}' is claimed by {} and {}; {} keeps it", type, holder.owner(),
                            registration.owner(), holder.owner());
                }
            }
        }
        byType = Map.copyOf(index);
    }

    static List<String> typesOf(Object property) {
        List<String> types = new ArrayList<>();
        if (property instanceof String s) {
            types.add(s);
        } else if (property instanceof String[] array) {
            types.addAll(List.of(array));
        } else if (property instanceof Collection<?> collection) {
            collection.forEach(o -> types.add(String.valueOf(o)));
        }
        types.removeIf(t -> t == null || t.isBlank());
        return types;
    }

    /** Handles one text frame from a connection. Never throws: every failure becomes an error message. */
    void dispatch(SignalingConnection connection, String text, int maxMessageBytes) {
        received.increment();
        if (text.length() > maxMessageBytes || text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxMessageBytes) {
            error(connection, MESSAGE_TOO_LARGE, "Messages are limited to " + maxMessageBytes + " bytes", null);
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            error(connection, MALFORMED_JSON, "Not valid JSON: " + e.getOriginalMessage(), null);
            return;
        }
        if (node == null || node.isMissingNode()) {
            error(connection, MALFORMED_JSON, "Empty message", null);
            return;
        }
        if (!node.isObject()) {
            error(connection, INVALID_MESSAGE, "A message is a JSON object", null);
            return;
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && (idNode.isTextual() || idNode.isNumber()) ? idNode.asText() : null;
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
            error(connection, INVALID_MESSAGE, "Field 'type' must be a non-empty string", id);
            return;
        }
        String type = typeNode.asText();
        // Heartbeats are the connection's own business; any message counts as a sign of life.
        if ("pong".equals(type)) {
            return;
        }
        if ("ping".equals(type)) {
            java.util.Map<String, Object> pong = new java.util.LinkedHashMap<>();
            pong.put("type", "pong");
            if (id != null) {
                pong.put("id", id);
            }
            connection.send(pong);
            return;
        }
        Registration registration = byType.get(type);
        if (registration == null) {
            error(connection, UNKNOWN_TYPE, "Unknown message type '" + truncate(type) + "'", id);
            return;
        }
        deliver(connection, registration, node, id);
    }

    private <T> void deliver(SignalingConnection connection, Registration registration, JsonNode node, String id) {
        @SuppressWarnings("unchecked")
        SignalingHandler<T> handler = (SignalingHandler<T>) registration.handler();
        T message;
        try {
            Class<T> messageClass = handler.messageClass();
            message = JsonNode.class.equals(messageClass) ? messageClass.cast(node) : mapper.treeToValue(node, messageClass);
        } catch (JsonMappingException e) {
            String field = ProblemMappers.JsonInput.fieldPath(e);
            error(connection, INVALID_MESSAGE, (field.isEmpty() ? "" : "Field '" + field + "': ") + e.getOriginalMessage(), id);
            return;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            error(connection, INVALID_MESSAGE, e.getMessage(), id);
            return;
        }
        connection.sawHandler(registration.serviceId());
        try {
            handler.onMessage(connection, message);
        } catch (SignalingException e) {
            error(connection, e.code(), e.getMessage(), id);
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Signaling handler {} from {} failed on '{}'", handler.getClass().getName(), registration.owner(),
                    node.get("type").asText(), e);
            error(connection, INTERNAL_ERROR, "The server failed to handle this message", id);
        }
    }

    private void error(SignalingConnection connection, String code, String message, String replyTo) {
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
        connection.sendError(code, message, replyTo);
    }

    void rateLimited(SignalingConnection connection, int ratePerSecond) {
        error(connection, RATE_LIMITED, "Too many messages: at most " + ratePerSecond
                + " a second; messages are being dropped", null);
    }

    @org.osgi.service.component.annotations.Activate
    void activate() {
        heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-ws-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        heartbeat.shutdownNow();
    }

    private void beat() {
        long now = System.nanoTime();
        for (SignalingConnection connection : connections.all()) {
            try {
                connection.heartbeat(now);
            } catch (RuntimeException e) {
                LOG.debug("Heartbeat of {} failed: {}", connection.id(), e.toString());
            }
        }
    }

    void opened(SignalingConnection connection) {
        opened.increment();
        connections.add(connection);
    }

    /** Tells every handler that saw the connection (and is still registered) that it closed. */
    void closed(SignalingConnection connection) {
        if (!connections.remove(connection)) {
            return;
        }
        for (Long serviceId : connection.handlersSeen()) {
            Registration registration = registrations.get(serviceId);
            if (registration != null) {
                try {
                    registration.handler().onClose(connection);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("Signaling handler from {} failed on close", registration.owner(), e);
                }
            }
        }
    }

    void countSent() {
        sent.increment();
    }

    String toJson(Object message) throws JsonProcessingException {
        return mapper.writeValueAsString(message);
    }

    /** For tests: a router over its own registry, without OSGi. */
    static SignalingRouter create(SessionRegistry registry) {
        SignalingRouter router = new SignalingRouter();
        router.connections = registry;
        return router;
    }

    @Override
    public void collect(MetricSink sink) {
        sink.gauge("parley_ws_connections", "Open WebSocket signaling connections", connections.count());
        sink.counter("parley_ws_connections_opened_total", "WebSocket signaling connections opened", opened.sum());
        sink.counter("parley_ws_messages_received_total", "Signaling messages received", received.sum());
        sink.counter("parley_ws_messages_sent_total", "Signaling messages sent", sent.sum());
        errors.forEach((code, count) -> sink.counter("parley_ws_errors_total", "Signaling error messages sent, by code",
                Map.of("code", code), count.sum()));
        sink.gauge("parley_ws_message_types", "Signaling message types with a handler", byType.size());
    }

    private static String truncate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
