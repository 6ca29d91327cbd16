package org.parley.api.meetings;

import java.time.Instant;

/**
 * Proof that a client passed the join check of one meeting: issued by {@code POST /api/meetings/{id}/join}
 * and presented over the signaling WebSocket with the {@code join} message.
 *
 * @param ticketId unique id of this ticket (a ticket is accepted once per connection)
 * @param meetingId the 11-digit meeting id, digits only
 * @param userId the signed-in user, or null for a guest
 * @param displayName the name others see
 * @param role the role the meetings service grants (host and co-hosts by account; everyone else participant)
 * @param expiresAt after this the ticket is refused
 */
public record JoinTicket(String ticketId, String meetingId, Long userId, String displayName, Role role,
        Instant expiresAt) {

    public boolean isGuest() {
        return userId == null;
    }
}
