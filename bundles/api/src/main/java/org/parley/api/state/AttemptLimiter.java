package org.parley.api.state;

import java.time.Duration;

import org.parley.api.http.ProblemException;

/**
 * Refuses further attempts at something guessable (a password, a passcode) after {@code maxFailures}
 * failures per key within a window that starts at the first failure. Counters live in the {@link StateStore},
 * so they survive a bundle update and, with a shared store, hold across the nodes of a cluster.
 */
public final class AttemptLimiter {
    private final StateStore store;
    private final String prefix;
    private final int maxFailures;
    private final Duration window;

    /**
     * @param prefix key prefix naming what is counted, e.g. {@code attempts:sign-in:account:}
     */
    public AttemptLimiter(StateStore store, String prefix, int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("maxFailures must be positive and window longer than zero");
        }
        this.store = store;
        this.prefix = prefix;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Fails with 429 ({@code rate-limited}, {@code Retry-After}) when the key has used up its failures. */
    public void check(String key) {
        if (failures(key) >= maxFailures) {
            throw ProblemException.tooManyRequests("Too many failed attempts; try again later",
                    Math.max(1, window.toSeconds()));
        }
    }

    /** Counts one failure of the key. */
    public void recordFailure(String key) {
        // The window starts with the first failure: a new key gets the TTL, later increments keep it.
        store.putIfAbsent(prefix + key, "0", window);
        store.increment(prefix + key, 1, null);
    }

    /** Forgets the key's failures. */
    public void reset(String key) {
        store.delete(prefix + key);
    }

    public long failures(String key) {
        return store.get(prefix + key).map(AttemptLimiter::parse).orElse(0L);
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
