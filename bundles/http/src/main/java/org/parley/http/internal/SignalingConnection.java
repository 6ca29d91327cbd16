package org.parley.http.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.parley.api.signaling.SignalingSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One {@code /ws} connection: Jetty's listener on one side, the handlers' {@link SignalingSession} on the other. */
public final class SignalingConnection implements Session.Listener.AutoDemanding, SignalingSession {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingConnection.class);

    private final String id = UUID.randomUUID().toString();
    private final SignalingRouter router;
    private final java.util.function.Supplier<ConnectionPolicy> policy;
    private final MessageRateLimiter limiter;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private long lastRateNoticeNanos;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Set<Long> handlersSeen = ConcurrentHashMap.newKeySet();
    private volatile Session session;

    SignalingConnection(SignalingRouter router, java.util.function.Supplier<ConnectionPolicy> policy) {
        this.router = router;
        this.policy = policy;
        ConnectionPolicy current = policy.get();
        this.limiter = new MessageRateLimiter(current.ratePerSecond(), current.burst(), System.nanoTime());
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        router.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        long now = System.nanoTime();
        lastHeardNanos = now;
        ConnectionPolicy current = policy.get();
        if (!limiter.tryAcquire(now)) {
            if (limiter.refusedInARow() > current.burst()) {
                LOG.warn("Closing WebSocket {} from {}: flooding ({} messages refused in a row)", id, remoteAddress(),
                        limiter.refusedInARow());
                close(ConnectionPolicy.CLOSE_FLOOD, "flood");
            } else if (now - lastRateNoticeNanos > 1_000_000_000L) {
                lastRateNoticeNanos = now;
                router.rateLimited(this, current.ratePerSecond());
            }
            return;
        }
        router.dispatch(this, message, current.maxMessageBytes());
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        lastHeardNanos = System.nanoTime();
        sendError(SignalingRouter.INVALID_MESSAGE, "Signaling messages are JSON text frames", null);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        router.closed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket {} failed: {}", id, cause.toString());
        router.closed(this);
    }

    /**
     * One heartbeat step: closes a connection silent for too long, pings one that is due. Called from the
     * router's heartbeat thread.
     */
    void heartbeat(long nowNanos) {
        ConnectionPolicy current = policy.get();
        if (nowNanos - lastHeardNanos > current.silenceLimitMillis() * 1_000_000L) {
            LOG.info("Closing WebSocket {} from {}: no message for {} ms", id, remoteAddress(),
                    (nowNanos - lastHeardNanos) / 1_000_000L);
            close(ConnectionPolicy.CLOSE_HEARTBEAT_TIMEOUT, "heartbeat timeout");
            router.closed(this);
        } else if (nowNanos - lastPingNanos >= current.heartbeatMillis() * 1_000_000L) {
            lastPingNanos = nowNanos;
            send(Map.of("type", "ping", "ts", System.currentTimeMillis()));
        }
    }

    void sawHandler(long serviceId) {
        handlersSeen.add(serviceId);
    }

    Set<Long> handlersSeen() {
        return handlersSeen;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        Session current = session;
        SocketAddress address = current == null ? null : current.getRemoteSocketAddress();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    @Override
    public void send(Object message) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return;
        }
        String text;
        try {
            text = message instanceof String s ? s : router.toJson(message);
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot write message as JSON: " + e.getMessage(), e);
        }
        current.sendText(text, Callback.NOOP);
        router.countSent();
    }

    @Override
    public void sendError(String code, String message, String replyTo) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "error");
        if (replyTo != null) {
            error.put("id", replyTo);
        }
        error.put("code", code);
        error.put("message", message);
        send(error);
    }

    @Override
    public <V> Optional<V> attribute(String name, Class<V> type) {
        Object value = attributes.get(name);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public void close(int code, String reason) {
        Session current = session;
        if (current != null) {
            current.close(code, reason, Callback.NOOP);
        }
    }

    @Override
    public boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen();
    }
}
