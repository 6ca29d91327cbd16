package org.parley.api.signaling;

import java.net.InetSocketAddress;
import java.util.Optional;

/** One client's open {@code /ws} connection, as handlers see it. Thread-safe. */
public interface SignalingSession {

    /** An identifier unique within this node for the life of the connection. */
    String id();

    /** The client's address as the server saw it. */
    InetSocketAddress remoteAddress();

    /** Sends a message; it is written as JSON with Jackson (records, maps and JsonNodes work). */
    void send(Object message);

    /**
     * Sends an {@code error} message: {@code {"type":"error","code":..,"message":..,"id":..}}.
     *
     * @param replyTo the client's message {@code id} this answers, or null
     */
    void sendError(String code, String message, String replyTo);

    /** A value kept for the life of the connection, shared by every handler. */
    <V> Optional<V> attribute(String name, Class<V> type);

    void setAttribute(String name, Object value);

    void removeAttribute(String name);

    /** Closes the connection with a WebSocket close code (see docs/protocol.md). */
    void close(int code, String reason);

    boolean isOpen();
}
