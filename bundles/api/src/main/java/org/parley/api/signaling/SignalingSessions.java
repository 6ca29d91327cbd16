package org.parley.api.signaling;

import java.util.Optional;

/** The open signaling connections of this node, by {@link SignalingSession#id()}. */
public interface SignalingSessions {

    Optional<SignalingSession> find(String sessionId);

    int count();
}
