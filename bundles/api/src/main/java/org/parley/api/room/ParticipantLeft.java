package org.parley.api.room;

import org.parley.api.event.Event;
import org.parley.api.event.EventType;

/**
 * A participant left a meeting. {@code reason}: {@code left}, {@code disconnected} (grace period over),
 * {@code removed} (by a host) or {@code meeting-ended}.
 */
@EventType("participant.left")
public record ParticipantLeft(Participant participant, String reason, long atMillis) implements Event {
}
