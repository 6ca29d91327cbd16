package org.parley.http.internal;

/**
 * A token bucket per connection: {@code ratePerSecond} messages a second on average, bursts up to
 * {@code burst}. Not thread-safe: Jetty delivers one connection's frames one at a time.
 */
final class MessageRateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;
    private int refusedInARow;

    MessageRateLimiter(int ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = Math.max(1, ratePerSecond) / 1e9;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = nowNanos;
    }

    /** Takes a token; false when the client is over its rate. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    /** Messages refused since the last one that was let through. */
    int refusedInARow() {
        return refusedInARow;
    }
}
