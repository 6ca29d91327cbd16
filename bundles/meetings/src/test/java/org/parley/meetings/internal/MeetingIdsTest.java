package org.parley.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class MeetingIdsTest {

    @Test
    void idsHaveElevenDigitsAndNeverALeadingZero() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100_000; i++) {
            assertThat(MeetingIds.digits(MeetingIds.next(random))).matches("[1-9]\\d{10}");
        }
        assertThat(MeetingIds.digits(MeetingIds.next(new FixedRandom(0)))).isEqualTo("10000000000");
        assertThat(MeetingIds.digits(MeetingIds.next(new FixedRandom(MeetingIds.MAX - MeetingIds.MIN)))).isEqualTo("99999999999");
    }

    @Test
    void formatsAndParsesTheDisplayForm() {
        assertThat(MeetingIds.format(12345678901L)).isEqualTo("123-4567-8901");
        assertThat(MeetingIds.parse("123-4567-8901")).contains(12345678901L);
        assertThat(MeetingIds.parse("12345678901")).contains(12345678901L);
        assertThat(MeetingIds.parse(" 123 4567 8901 ")).contains(12345678901L);
        for (String bad : new String[] { null, "", "1234567890", "123456789012", "02345678901", "1234567890a",
                "+2345678901", "１２３４５６７８９０１", "9".repeat(40), "123-4567-890١" }) {
            assertThat(MeetingIds.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    /**
     * Many creators at once over a deliberately tiny ID space, with a concurrent map standing in for the
     * table's primary key: every creation ends with its own ID, clashes are retried.
     */
    @Test
    void concurrentCreationNeverSharesAnId() throws Exception {
        ConcurrentHashMap<Long, Integer> table = new ConcurrentHashMap<>();
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int creator = t;
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // 40,000 possible IDs for 16,000 meetings: plenty of clashes
                    long id = MeetingIds.allocate(() -> MeetingIds.MIN + ThreadLocalRandom.current().nextLong(40_000),
                            candidate -> table.putIfAbsent(candidate, creator) == null ? MeetingIds.Insert.STORED
                                    : MeetingIds.Insert.TAKEN, 1_000);
                    mine.add(id);
                }
                return mine;
            }));
        }
        Set<Long> all = ConcurrentHashMap.newKeySet();
        int count = 0;
        for (Future<List<Long>> result : results) {
            for (long id : result.get()) {
                assertThat(all.add(id)).as("id %d handed out twice", id).isTrue();
                count++;
            }
        }
        pool.shutdown();
        assertThat(count).isEqualTo(threads * perThread);
        assertThat(table).hasSize(threads * perThread);
    }

    @Test
    void givesUpWhenEveryIdIsTaken() {
        assertThatThrownBy(() -> MeetingIds.allocate(() -> 42L, id -> MeetingIds.Insert.TAKEN, 5))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFullRunOfRandomIdsRarelyClashes() {
        SplittableRandom random = new SplittableRandom(7);
        Set<Long> seen = new java.util.HashSet<>();
        int clashes = 0;
        for (int i = 0; i < 200_000; i++) {
            if (!seen.add(MeetingIds.next(random))) {
                clashes++;
            }
        }
        assertThat(clashes).isLessThan(5);
    }

    /** Returns the same value from nextLong(bound), to hit the edges of the range. */
    private static final class FixedRandom implements java.util.random.RandomGenerator {
        private final long value;

        FixedRandom(long value) {
            this.value = value;
        }

        @Override
        public long nextLong() {
            return value;
        }

        @Override
        public long nextLong(long bound) {
            return value;
        }
    }
}
