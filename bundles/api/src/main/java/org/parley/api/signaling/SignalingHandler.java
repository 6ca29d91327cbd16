package org.parley.api.signaling;

/**
 * Handles the WebSocket signaling messages of one or more {@code type}s. Register it as a service with the
 * property {@value #TYPE} (a string or an array of strings). Each incoming JSON object whose {@code type}
 * matches is read into {@link #messageClass()} with Jackson (a record works; unknown fields are ignored) and
 * handed to {@link #onMessage}. Handlers come and go with their bundles; open connections stay open.
 *
 * @param <T> the message class
 */
public interface SignalingHandler<T> {
    /** Service property naming the message types this handler takes. */
    String TYPE = "parley.signaling.type";

    /** The class each message is read into; {@code com.fasterxml.jackson.databind.JsonNode} takes it raw. */
    Class<T> messageClass();

    /**
     * Handles one message. Throw {@link SignalingException} to answer the sender with an {@code error}
     * message carrying its code; any other exception answers {@code internal-error} and is logged.
     */
    void onMessage(SignalingSession session, T message) throws SignalingException;

    /** Called once when a session that this handler saw closes. */
    default void onClose(SignalingSession session) {
    }
}
