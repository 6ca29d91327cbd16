package org.parley.state.memory.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;
import org.parley.api.state.StateStore;

/**
 * The single-node {@link StateStore}: a concurrent map with expiry times, swept once a second (and checked
 * on every read, so an expired key is never seen). Its data lives as long as this bundle; other bundles can
 * be updated around it without losing state.
 */
@Component(service = { StateStore.class, MetricSource.class }, property = "parley.state=memory")
public final class MemoryStateStore implements StateStore, MetricSource {

    /** A value or a map, and when it expires ({@code Long.MAX_VALUE} = never). */
    private record Entry(String value, Map<String, String> fields, long expiresAt) {
        boolean expired(long now) {
            return now >= expiresAt;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private ScheduledExecutorService sweeper;

    public MemoryStateStore() {
        this(System::currentTimeMillis);
    }

    MemoryStateStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Activate
    void activate() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-state-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    void sweep() {
        long now = clock.getAsLong();
        entries.entrySet().removeIf(e -> e.getValue().expired(now));
    }

    private Entry live(String key) {
        Entry entry = entries.get(Objects.requireNonNull(key, "key"));
        return entry == null || entry.expired(clock.getAsLong()) ? null : entry;
    }

    private long expiry(Duration ttl, Entry previous) {
        if (ttl == null) {
            return previous == null ? Long.MAX_VALUE : previous.expiresAt();
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("TTL must be positive: " + ttl);
        }
        return clock.getAsLong() + ttl.toMillis();
    }

    private Entry current(Entry entry) {
        return entry == null || entry.expired(clock.getAsLong()) ? null : entry;
    }

    @Override
    public Optional<String> get(String key) {
        Entry entry = live(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.value());
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        entries.compute(key, (k, old) -> new Entry(value, null, expiry(ttl, current(old))));
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return compareAndSet(key, null, value, ttl);
    }

    @Override
    public boolean compareAndSet(String key, String expected, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        boolean[] written = { false };
        entries.compute(key, (k, old) -> {
            Entry live = current(old);
            String actual = live == null ? null : live.value();
            if (!Objects.equals(actual, expected) || (live != null && live.fields() != null)) {
                return live;
            }
            written[0] = true;
            return new Entry(value, null, expiry(ttl, live));
        });
        return written[0];
    }

    @Override
    public boolean delete(String key) {
        Entry removed = entries.remove(key);
        return removed != null && !removed.expired(clock.getAsLong());
    }

    @Override
    public long increment(String key, long delta, Duration ttl) {
        long[] result = { 0 };
        entries.compute(key, (k, old) -> {
            Entry live = current(old);
            long value = 0;
            if (live != null && live.value() != null) {
                try {
                    value = Long.parseLong(live.value());
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("Key " + key + " does not hold a counter");
                }
            }
            result[0] = value + delta;
            return new Entry(Long.toString(result[0]), null, expiry(ttl, live));
        });
        return result[0];
    }

    @Override
    public Optional<String> mapGet(String key, String field) {
        Entry entry = live(key);
        return entry == null || entry.fields() == null ? Optional.empty() : Optional.ofNullable(entry.fields().get(field));
    }

    @Override
    public void mapPut(String key, String field, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        entries.compute(key, (k, old) -> {
            Entry live = current(old);
            Map<String, String> fields = live != null && live.fields() != null ? live.fields() : new ConcurrentHashMap<>();
            fields.put(field, value);
            return new Entry(null, fields, expiry(ttl, live));
        });
    }

    @Override
    public boolean mapRemove(String key, String field) {
        boolean[] removed = { false };
        entries.computeIfPresent(key, (k, old) -> {
            Entry live = current(old);
            if (live == null || live.fields() == null) {
                return live;
            }
            removed[0] = live.fields().remove(field) != null;
            return live.fields().isEmpty() ? null : live;
        });
        return removed[0];
    }

    @Override
    public Map<String, String> mapEntries(String key) {
        Entry entry = live(key);
        return entry == null || entry.fields() == null ? Map.of() : Map.copyOf(entry.fields());
    }

    @Override
    public void collect(MetricSink sink) {
        sink.gauge("parley_state_keys", "Keys in the in-memory state store", entries.size());
    }
}
