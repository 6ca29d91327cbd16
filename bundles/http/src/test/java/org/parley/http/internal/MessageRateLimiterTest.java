package org.parley.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenTheRate() {
        MessageRateLimiter limiter = new MessageRateLimiter(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire(0)).isTrue();
        }
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.tryAcquire(0)).isFalse();
        assertThat(limiter.refusedInARow()).isEqualTo(2);
        int allowed = 0;
        for (long t = SECOND / 100; t <= SECOND; t += SECOND / 100) {
            if (limiter.tryAcquire(t)) {
                allowed++;
            }
        }
        assertThat(allowed).as("messages let through in the second after the burst").isBetween(9, 11);
        assertThat(limiter.refusedInARow()).isLessThan(10);
    }

    @Test
    void refillNeverExceedsTheBurst() {
        MessageRateLimiter limiter = new MessageRateLimiter(100, 3, 0);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire(60 * SECOND)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(3);
    }
}
