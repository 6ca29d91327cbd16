package org.parley.meetings.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.parley.store.jpa.api.InstantColumn;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A row of {@code meetings} with its co-hosts ({@code meeting_co_hosts}). */
@Entity
@Table(name = "meetings")
public class MeetingEntity {
    @Id
    @Column(name = "meeting_id")
    long id;

    @Column(name = "host_user_id", nullable = false)
    long hostUserId;

    @Column(name = "title", nullable = false, length = 255)
    String title;

    @Column(name = "passcode", nullable = false, length = 10)
    String passcode;

    /** {@code instant} or {@code scheduled}. */
    @Column(name = "meeting_type", nullable = false, length = 16)
    String type;

    /** {@code scheduled} or {@code cancelled}. */
    @Column(name = "status", nullable = false, length = 16)
    String status;

    @Column(name = "scheduled_start", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant scheduledStart;

    @Column(name = "duration_minutes", nullable = false)
    int durationMinutes;

    @Column(name = "time_zone", nullable = false, length = 64)
    String timeZone;

    @Column(name = "is_recurring", nullable = false)
    boolean recurring;

    /** JSON of {@link Recurrence}, or null. */
    @Column(name = "recurrence", length = 1000)
    String recurrence;

    /** JSON of {@link MeetingSettings}. */
    @Column(name = "settings", nullable = false, length = 4000)
    String settings;

    @Column(name = "created_at", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    @Convert(converter = InstantColumn.class)
    Instant updatedAt;

    @Version
    @Column(name = "row_version", nullable = false)
    int rowVersion;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "meeting_co_hosts", joinColumns = @JoinColumn(name = "meeting_id"))
    @Column(name = "user_id")
    Set<Long> coHostUserIds = new HashSet<>();

    public MeetingEntity() {
    }
}
