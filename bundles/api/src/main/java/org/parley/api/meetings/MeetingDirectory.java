package org.parley.api.meetings;

import java.util.Optional;

/** Looks meetings up by id. */
public interface MeetingDirectory {

    /** The meeting with this 11-digit id (digits only), if it exists and is not cancelled. */
    Optional<MeetingInfo> find(String meetingId);
}
