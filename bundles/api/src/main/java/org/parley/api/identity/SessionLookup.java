package org.parley.api.identity;

/** What a token stands for: a live session, an expired one, or nothing at all. */
public sealed interface SessionLookup {

    /** The token belongs to a live session. */
    record Active(Session session) implements SessionLookup {
    }

    /** The token was genuine but its session has expired. */
    record Expired() implements SessionLookup {
    }

    /** Unknown, revoked or malformed token. */
    record Unknown() implements SessionLookup {
    }
}
