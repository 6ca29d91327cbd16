package org.parley.api.room;

import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.signaling.SignalingSession;

/**
 * Where joiners wait when a meeting has a waiting room or is locked. Provided by the waiting room bundle;
 * it admits a waiting client with {@link Rooms#admit}. Without a lobby, such joins are refused with
 * {@code waiting-room-unavailable} rather than let in.
 */
public interface Lobby {

    /** The client must wait: tell it, and tell the meeting's hosts and co-hosts. */
    void enter(SignalingSession session, JoinTicket ticket, MeetingInfo meeting);
}
