package org.parley.api.identity;

import java.time.Instant;

/** An account as other bundles may see it (never its password hash). */
public record User(long id, String email, String displayName, Instant createdAt) {
}
