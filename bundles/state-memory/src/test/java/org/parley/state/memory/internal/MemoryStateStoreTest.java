package org.parley.state.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MemoryStateStoreTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final MemoryStateStore store = new MemoryStateStore(now::get);

    @Test
    void valuesExpireAfterTheirTtl() {
        store.put("meeting:1:state", "live", Duration.ofSeconds(10));
        assertThat(store.get("meeting:1:state")).contains("live");
        now.addAndGet(9_999);
        assertThat(store.get("meeting:1:state")).contains("live");
        now.addAndGet(1);
        assertThat(store.get("meeting:1:state")).isEmpty();
        store.sweep();
        assertThat(store.putIfAbsent("meeting:1:state", "again", null)).isTrue();
    }

    @Test
    void nullTtlKeepsTheCurrentExpiry() {
        store.put("k", "a", Duration.ofSeconds(5));
        store.put("k", "b", null);
        now.addAndGet(5_000);
        assertThat(store.get("k")).isEmpty();
    }

    @Test
    void compareAndSetOnlyReplacesTheExpectedValue() {
        assertThat(store.compareAndSet("status", null, "waiting", null)).isTrue();
        assertThat(store.compareAndSet("status", null, "x", null)).isFalse();
        assertThat(store.compareAndSet("status", "ended", "x", null)).isFalse();
        assertThat(store.compareAndSet("status", "waiting", "in-progress", null)).isTrue();
        assertThat(store.get("status")).contains("in-progress");
    }

    @Test
    void countersAreAtomicUnderConcurrency() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    store.increment("meeting:1:count", 1, Duration.ofMinutes(1));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(store.increment("meeting:1:count", -1, null)).isEqualTo(79_999);
        store.put("text", "abc", null);
        assertThatThrownBy(() -> store.increment("text", 1, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mapsHoldFieldsAndVanishWhenEmpty() {
        store.mapPut("meeting:1:roster", "p1", "{\"name\":\"Ada\"}", Duration.ofHours(1));
        store.mapPut("meeting:1:roster", "p2", "{\"name\":\"Bob\"}", null);
        assertThat(store.mapEntries("meeting:1:roster")).containsOnlyKeys("p1", "p2");
        assertThat(store.mapGet("meeting:1:roster", "p2")).contains("{\"name\":\"Bob\"}");
        assertThat(store.mapRemove("meeting:1:roster", "p1")).isTrue();
        assertThat(store.mapRemove("meeting:1:roster", "p1")).isFalse();
        assertThat(store.mapRemove("meeting:1:roster", "p2")).isTrue();
        assertThat(store.mapEntries("meeting:1:roster")).isEqualTo(Map.of());
        assertThat(store.get("meeting:1:roster")).isEmpty();
    }

    @Test
    void refusesNonPositiveTtl() {
        assertThatThrownBy(() -> store.put("k", "v", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("k", "v", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
