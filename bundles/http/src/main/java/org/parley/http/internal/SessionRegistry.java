package org.parley.http.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.parley.api.signaling.SignalingSession;
import org.parley.api.signaling.SignalingSessions;

/**
 * The open signaling connections, published as {@link SignalingSessions}. A component of its own (not the
 * router) because handlers need this lookup while the router is binding them: were the router the
 * provider, activating a handler would require the router that is activating it.
 */
@Component(service = { SignalingSessions.class, SessionRegistry.class })
public final class SessionRegistry implements SignalingSessions {
    private final Map<String, SignalingConnection> connections = new ConcurrentHashMap<>();

    void add(SignalingConnection connection) {
        connections.put(connection.id(), connection);
    }

    boolean remove(SignalingConnection connection) {
        return connections.remove(connection.id()) != null;
    }

    Collection<SignalingConnection> all() {
        return connections.values();
    }

    @Override
    public Optional<SignalingSession> find(String sessionId) {
        return Optional.ofNullable(sessionId == null ? null : connections.get(sessionId));
    }

    @Override
    public int count() {
        return connections.size();
    }
}
