package org.parley.store.jpa.api;

import java.sql.Timestamp;
import java.time.Instant;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Maps {@link Instant} fields to {@code TIMESTAMP} columns through {@link Timestamp}, which every JDBC
 * driver binds the same way (use with {@code @Convert(converter = InstantColumn.class)}).
 */
@Converter
public final class InstantColumn implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant value) {
        return value == null ? null : Timestamp.from(value);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
