package org.parley.api.room;

import org.parley.api.meetings.Role;

/**
 * One seat in a meeting's roster.
 *
 * @param id stable for the participant's stay, kept across a reconnect
 * @param userId the account, or null for a guest
 * @param connection {@code connected}, or {@code reconnecting} during the grace period after a lost connection
 */
public record Participant(String id, String meetingId, Long userId, String name, Role role, boolean audioMuted,
        boolean videoMuted, boolean handRaised, boolean sharingScreen, String connection) {

    public boolean isGuest() {
        return userId == null;
    }
}
