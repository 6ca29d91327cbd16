package org.parley.api.media;

import org.parley.api.room.Participant;
import org.parley.api.signaling.SignalingException;

/** Receives the media half of signaling. Provided by the media server bundle. */
public interface MediaSignaling {

    /** A participant's offer or answer; throw to answer the participant with an error code. */
    void onDescription(Participant from, SessionDescription description) throws SignalingException;

    void onCandidate(Participant from, IceCandidate candidate) throws SignalingException;

    /** The participant left the meeting (any reason): release its media. */
    void onLeave(Participant participant);
}
