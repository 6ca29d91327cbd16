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
    private final SignalingServlet settings;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Set<Long> handlersSeen = ConcurrentHashMap.newKeySet();
    private volatile Session session;

    SignalingConnection(SignalingRouter router, SignalingServlet settings) {
        this.router = router;
        this.settings = settings;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        router.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        router.dispatch(this, message, settings.maxMessageBytes());
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
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
