package org.parley.identity.internal;

import java.time.Instant;

import org.parley.api.identity.User;

/** What the identity endpoints answer. */
final class Views {
    private Views() {
    }

    record UserView(long id, String email, String displayName, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(user.id(), user.email(), user.displayName(), user.createdAt());
        }
    }

    record SessionView(String token, String tokenType, Instant expiresAt, UserView user) {
    }
}
