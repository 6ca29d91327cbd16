package org.parley.identity.internal;

import java.time.Instant;

import org.parley.store.jpa.api.InstantColumn;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code users}. */
@Entity
@Table(name = "users")
public class UserEntity {
    @Id
    @Column(name = "user_id")
    long id;

    @Column(name = "email", nullable = false, length = 255)
    String email;

    @Column(name = "display_name", nullable = false, length = 100)
    String displayName;

    @Column(name = "password_hash", nullable = false, length = 255)
    String passwordHash;

    @Column(name = "plan_type", nullable = false, length = 16)
    String planType;

    @Column(name = "created_at", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant createdAt;

    public UserEntity() {
    }
}
