package org.parley.api.room;

import org.parley.api.event.Event;
import org.parley.api.event.EventType;

/** A participant took a seat in a meeting (not on a reconnect). */
@EventType("participant.joined")
public record ParticipantJoined(Participant participant, long atMillis) implements Event {
}
