package org.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TimeUuidsTest {
    @Test
    void areVersionOneAndStrictlyIncreasingInTimestamp() {
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            uuids.add(TimeUuids.next());
        }
        for (int i = 1; i < uuids.size(); i++) {
            assertThat(uuids.get(i).version()).isEqualTo(1);
            assertThat(uuids.get(i).variant()).isEqualTo(2);
            assertThat(uuids.get(i).timestamp()).isGreaterThan(uuids.get(i - 1).timestamp());
        }
    }

    @Test
    void carryTheWallClockTime() {
        long before = System.currentTimeMillis();
        UUID uuid = TimeUuids.next();
        long after = System.currentTimeMillis();
        assertThat(TimeUuids.millis(uuid)).isBetween(before - 1, after + 1);
        assertThatThrownBy(() -> TimeUuids.millis(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesTheRfcLayoutForAKnownTimestamp() {
        // 1970-01-01T00:00:00Z is 0x01B21DD213814000 intervals after the Gregorian epoch.
        UUID uuid = new UUID(TimeUuids.msb(0x01B21DD213814000L), 0x8000000000000000L);
        assertThat(uuid.toString()).startsWith("13814000-1dd2-11b2-");
        assertThat(TimeUuids.millis(uuid)).isZero();
    }
}
