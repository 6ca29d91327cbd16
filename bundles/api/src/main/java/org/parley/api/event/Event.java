package org.parley.api.event;

/**
 * Marker for an event published on the {@link EventBus}. Events are immutable (records) and carry an
 * {@link EventType} that names and versions them on the wire.
 */
public interface Event {
}
