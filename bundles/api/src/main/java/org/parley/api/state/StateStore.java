package org.parley.api.state;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Key-value state with time-to-live. Keys follow the seed's patterns ({@code meeting:{id}:state},
 * {@code meeting:{id}:count}). Every write takes a TTL; a {@code null} TTL keeps the key's current expiry
 * (or none for a new key). All operations are atomic per key.
 */
public interface StateStore {

    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    /** Writes only when the key is absent; true when written. */
    boolean putIfAbsent(String key, String value, Duration ttl);

    /** Replaces the value only if it is still {@code expected} ({@code null} = absent); true when replaced. */
    boolean compareAndSet(String key, String expected, String value, Duration ttl);

    boolean delete(String key);

    /** Adds {@code delta} to a counter (absent = 0) and returns the new value. */
    long increment(String key, long delta, Duration ttl);

    /** One field of a map key. */
    Optional<String> mapGet(String key, String field);

    /** Sets one field of a map key; the TTL applies to the whole map. */
    void mapPut(String key, String field, String value, Duration ttl);

    boolean mapRemove(String key, String field);

    /** All fields of a map key (empty when absent). */
    Map<String, String> mapEntries(String key);
}
