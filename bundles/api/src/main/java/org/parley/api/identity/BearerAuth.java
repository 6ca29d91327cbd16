package org.parley.api.identity;

import java.util.Optional;

import org.parley.api.http.ProblemException;

/**
 * Reads {@code Authorization: Bearer <session token>} for REST resources, with the same answers everywhere:
 * 401 {@code unauthorized} when a token is required and missing, 401 {@code session-expired} for an expired
 * session, 401 {@code invalid-session} for an unknown, revoked or malformed token.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";

    private BearerAuth() {
    }

    /** The session of the request; fails with 401 when there is none. */
    public static Session require(SessionStore sessions, String authorization) {
        return optional(sessions, authorization).orElseThrow(() -> new ProblemException(401, "unauthorized",
                "Sign-in required", "Send 'Authorization: Bearer <session token>' (POST /api/sessions signs in)"));
    }

    /**
     * The session of the request, or empty when the request carries no token. A token that is present but
     * not valid is refused rather than ignored, so that a client learns its session has ended.
     */
    public static Optional<Session> optional(SessionStore sessions, String authorization) {
        String token = token(authorization);
        if (token == null) {
            return Optional.empty();
        }
        SessionLookup lookup = sessions.find(token);
        if (lookup instanceof SessionLookup.Active active) {
            return Optional.of(active.session());
        }
        if (lookup instanceof SessionLookup.Expired) {
            throw new ProblemException(401, "session-expired", "Session expired",
                    "The session has expired; sign in again");
        }
        throw new ProblemException(401, "invalid-session", "Invalid session",
                "The session token is unknown or has been revoked; sign in again");
    }

    /** The token of an {@code Authorization: Bearer ...} header, or null when there is none. */
    public static String token(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = authorization.substring(PREFIX.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
