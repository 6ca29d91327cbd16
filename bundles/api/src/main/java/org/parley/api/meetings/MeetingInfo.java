package org.parley.api.meetings;

import java.util.Set;

/**
 * A meeting as the room needs it.
 *
 * @param meetingId 11 digits
 * @param hostUserId the host's account
 * @param coHostUserIds accounts that are co-hosts by the meeting's configuration
 * @param waitingRoom joiners wait until a host or co-host admits them
 * @param muteOnEntry joiners start muted
 * @param allowRecording hosts may record
 * @param e2ee media is end-to-end encrypted (the server cannot record or transcribe it)
 */
public record MeetingInfo(String meetingId, String title, long hostUserId, Set<Long> coHostUserIds,
        boolean waitingRoom, boolean muteOnEntry, boolean allowRecording, boolean e2ee) {
}
