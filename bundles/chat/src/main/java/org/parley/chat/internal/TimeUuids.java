package org.parley.chat.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Version 1 (time-based) UUIDs, as Cassandra's TIMEUUID: the 60-bit timestamp counts 100 ns intervals since
 * 1582-10-15, so ordering by the timestamp orders messages. Timestamps handed out are strictly increasing,
 * even for many messages within one millisecond. The node id is random (multicast bit set, RFC 4122 4.5).
 */
final class TimeUuids {
    /** 100 ns intervals between 1582-10-15 and 1970-01-01. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;
    private static final AtomicLong LAST = new AtomicLong();
    private static final long CLOCK_SEQ_AND_NODE;

    static {
        SecureRandom random = new SecureRandom();
        long node = random.nextLong() & 0xFFFFFFFFFFFFL | 0x010000000000L;
        long clockSeq = random.nextInt(1 << 14);
        CLOCK_SEQ_AND_NODE = 0x8000000000000000L | (clockSeq << 48) | node;
    }

    private TimeUuids() {
    }

    static UUID next() {
        long candidate = System.currentTimeMillis() * 10_000 + GREGORIAN_OFFSET;
        long timestamp = LAST.updateAndGet(last -> Math.max(candidate, last + 1));
        return new UUID(msb(timestamp), CLOCK_SEQ_AND_NODE);
    }

    static long msb(long timestamp) {
        long low = timestamp & 0xFFFFFFFFL;
        long mid = (timestamp >>> 32) & 0xFFFFL;
        long high = (timestamp >>> 48) & 0x0FFFL;
        return (low << 32) | (mid << 16) | 0x1000L | high;
    }

    /** Milliseconds since the epoch at which a time UUID was made. */
    static long millis(UUID uuid) {
        if (uuid.version() != 1) {
            throw new IllegalArgumentException("Not a time-based UUID: " + uuid);
        }
        return (uuid.timestamp() - GREGORIAN_OFFSET) / 10_000;
    }
}
