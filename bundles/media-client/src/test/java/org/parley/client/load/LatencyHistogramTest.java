package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketWidth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms * 1_000_000L);
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMillis(50)).isCloseTo(50, within(50 * 0.021));
        assertThat(h.percentileMillis(99)).isCloseTo(99, within(99 * 0.021));
        assertThat(h.percentileMillis(100)).isCloseTo(100, within(100 * 0.021));
        assertThat(h.percentileMillis(50)).isGreaterThanOrEqualTo(50);
    }

    @Test
    void emptyIsZeroAndExtremesAreKept() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMillis(50)).isZero();
        h.record(-5);
        h.record(0);
        assertThat(h.percentileMillis(99)).isEqualTo(0.001);
        h.record(Long.MAX_VALUE);
        assertThat(h.percentileMillis(100)).isGreaterThan(500_000);
    }

    @Test
    void aFewSlowPacketsShowInP99Only() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 990; i++) {
            h.record(200_000); // 0.2 ms
        }
        for (int i = 0; i < 10; i++) {
            h.record(40_000_000); // 40 ms
        }
        assertThat(h.percentileMillis(50)).isCloseTo(0.2, within(0.005));
        assertThat(h.percentileMillis(99)).isCloseTo(0.2, within(0.005));
        assertThat(h.percentileMillis(99.5)).isCloseTo(40, within(0.9));
    }

    @Test
    void histogramsAdd() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1_000_000);
        b.record(3_000_000);
        b.record(3_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileMillis(50)).isCloseTo(3, within(0.07));
    }
}
