package org.parley.meetings.internal;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Meeting numbers: 11 digits, never starting with 0, shown as {@code 123-4567-8901}. Numbers are random,
 * so they cannot be enumerated by counting; uniqueness is the database's primary key, and a clash (one in
 * about 9·10^10 per existing meeting) is retried with a new number.
 */
final class MeetingIds {
    static final long MIN = 10_000_000_000L;
    static final long MAX = 99_999_999_999L;

    private MeetingIds() {
    }

    static long next(RandomGenerator random) {
        return MIN + random.nextLong(MAX - MIN + 1);
    }

    /** What storing a meeting under an ID came to. */
    enum Insert {
        STORED, TAKEN
    }

    /**
     * Draws IDs until {@code insert} stores one (the store's unique key decides, so concurrent creators never
     * share an ID); gives up after {@code attempts} clashes.
     */
    static long allocate(java.util.function.LongSupplier ids, java.util.function.LongFunction<Insert> insert, int attempts) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long id = ids.getAsLong();
            if (insert.apply(id) == Insert.STORED) {
                return id;
            }
        }
        throw new IllegalStateException("No free meeting ID after " + attempts + " attempts");
    }

    static String digits(long id) {
        return Long.toString(id);
    }

    static String format(long id) {
        String d = digits(id);
        return d.substring(0, 3) + "-" + d.substring(3, 7) + "-" + d.substring(7);
    }

    /** Accepts {@code 12345678901}, {@code 123-4567-8901} and {@code 123 4567 8901}. */
    static Optional<Long> parse(String text) {
        if (text == null || text.length() > 20) {
            return Optional.empty();
        }
        String digits = text.strip().replace("-", "").replace(" ", "");
        if (digits.length() != 11 || digits.charAt(0) == '0' || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }
}
