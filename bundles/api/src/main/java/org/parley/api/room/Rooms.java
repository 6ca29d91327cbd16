package org.parley.api.room;

import java.util.List;
import java.util.Optional;

import org.parley.api.signaling.SignalingSession;

/** Who is in which meeting, and sending to them. Provided by the signaling bundle. */
public interface Rooms {

    /** The participant a signaling connection is seated as, if any. */
    Optional<Participant> participantOf(SignalingSession session);

    /** The connected and reconnecting participants of a meeting. */
    List<Participant> roster(String meetingId);

    /** Sends a message to one participant, if connected; false when not delivered. */
    boolean send(String meetingId, String participantId, Object message);

    /** Sends a message to every connected participant of a meeting. */
    void broadcast(String meetingId, Object message);

    /**
     * Seats a client that passed the waiting room (the ticket was verified when it asked to join). Returns
     * the seated participant, or empty when the connection is gone or the meeting ended meanwhile.
     */
    Optional<Participant> admit(SignalingSession session, org.parley.api.meetings.JoinTicket ticket);
}
