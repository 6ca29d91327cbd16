package org.parley.api.identity;

import java.time.Instant;

/**
 * A signed-in session.
 *
 * @param id a stable identifier of the session that is safe to log (derived from the token, never the token)
 * @param userId the account the session belongs to
 * @param createdAt when the user signed in
 * @param expiresAt after this the token is refused
 */
public record Session(String id, long userId, Instant createdAt, Instant expiresAt) {
}
