package org.parley.api.room;

import org.parley.api.event.Event;
import org.parley.api.event.EventType;

/** A host ended the meeting for everyone. */
@EventType("meeting.ended")
public record MeetingEnded(String meetingId, String endedBy, long atMillis) implements Event {
}
