package org.parley.client.load;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted in logarithmic buckets 2% wide, from 1 µs to about 10 minutes: enough resolution for
 * percentiles of packet delays and join times, constant memory however many packets a run sees, and lock-free
 * recording from every receive thread at once.
 */
public final class LatencyHistogram {
    private static final double GROWTH = 1.02;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** Bucket 0 holds everything up to 1 µs (and negative values: clocks of one host may still jitter). */
    static final int BUCKETS = 1 + (int) Math.ceil(Math.log(600e6) / LOG_GROWTH);

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();

    public void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
        total.increment();
    }

    static int bucket(long nanos) {
        double micros = nanos / 1000.0;
        if (micros <= 1) {
            return 0;
        }
        return Math.min(BUCKETS - 1, 1 + (int) (Math.log(micros) / LOG_GROWTH));
    }

    /** The upper bound of a bucket, in milliseconds. */
    static double upperMillis(int bucket) {
        return bucket == 0 ? 0.001 : Math.pow(GROWTH, bucket) / 1000.0;
    }

    public long count() {
        return total.sum();
    }

    /**
     * The smallest bucket bound at or below which {@code percentile} percent of the values lie (so within 2% of
     * the true value), in milliseconds; 0 when nothing was recorded.
     */
    public double percentileMillis(double percentile) {
        long n = 0;
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(n * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return upperMillis(i);
            }
        }
        return upperMillis(BUCKETS - 1);
    }

    /** Adds another histogram's counts to this one. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
                total.add(c);
            }
        }
    }
}
