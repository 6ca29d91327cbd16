package org.parley.identity.internal;

import java.time.Instant;

import org.parley.store.jpa.api.InstantColumn;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code sessions}: the SHA-256 of a bearer token, never the token. */
@Entity
@Table(name = "sessions")
public class SessionEntity {
    @Id
    @Column(name = "token_hash", length = 64)
    String tokenHash;

    @Column(name = "user_id", nullable = false)
    long userId;

    @Column(name = "created_at", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant expiresAt;

    public SessionEntity() {
    }
}
