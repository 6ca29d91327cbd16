package org.parley.api.identity;

import java.time.Duration;

/**
 * Sign-in sessions behind opaque bearer tokens. Tokens are random (at least 256 bits) and stored only as a
 * hash, so a copy of the store does not let anyone sign in. Implementations never throw for malformed tokens.
 */
public interface SessionStore {

    /** Opens a session for the user that lasts {@code ttl}. */
    OpenedSession open(long userId, Duration ttl);

    /** What the token stands for. */
    SessionLookup find(String token);

    /** Ends the session of this token (sign out); true when there was one. */
    boolean revoke(String token);

    /** Ends every session of the user (e.g. after a password change); returns how many. */
    int revokeAll(long userId);
}
