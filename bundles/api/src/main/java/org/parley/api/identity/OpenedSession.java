package org.parley.api.identity;

/**
 * A new session and its bearer token. The token is shown to the client once; stores keep only a hash of it.
 */
public record OpenedSession(String token, Session session) {
}
