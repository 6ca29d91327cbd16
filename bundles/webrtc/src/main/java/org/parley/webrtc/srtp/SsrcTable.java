package org.parley.webrtc.srtp;

import java.util.function.Consumer;

/**
 * SSRC to stream context, read lock-free on every packet and written rarely (a new or departed SSRC).
 * Writers copy an immutable open-addressing snapshot; readers probe a primitive {@code int[]}. This is
 * instead of a {@code ConcurrentHashMap<Long, ?>} because boxing the SSRC would allocate a {@code Long}
 * on every lookup of an SSRC above 127, i.e. on nearly every packet.
 */
final class SsrcTable<V> {

    private static final class Snapshot {
        final int[] ssrcs;
        final Object[] values;
        final int size;

        Snapshot(int capacity, int size) {
            this.ssrcs = new int[capacity];
            this.values = new Object[capacity];
            this.size = size;
        }
    }

    private volatile Snapshot snapshot = new Snapshot(4, 0);

    @SuppressWarnings("unchecked")
    V get(long ssrc) {
        Snapshot current = snapshot;
        int key = (int) ssrc;
        int mask = current.ssrcs.length - 1;
        for (int slot = spread(key) & mask; ; slot = (slot + 1) & mask) {
            Object value = current.values[slot];
            if (value == null) {
                return null;
            }
            if (current.ssrcs[slot] == key) {
                return (V) value;
            }
        }
    }

    /** Stores {@code value} unless the SSRC already has one; returns whichever is now stored. */
    synchronized V putIfAbsent(long ssrc, V value) {
        V existing = get(ssrc);
        if (existing != null) {
            return existing;
        }
        Snapshot current = snapshot;
        Snapshot next = new Snapshot(capacityFor(current.size + 1), current.size + 1);
        copyInto(current, next, Long.MIN_VALUE);
        insert(next, (int) ssrc, value);
        snapshot = next;
        return value;
    }

    /** Removes and returns the SSRC's value, or null. */
    synchronized V remove(long ssrc) {
        V existing = get(ssrc);
        if (existing == null) {
            return null;
        }
        Snapshot current = snapshot;
        Snapshot next = new Snapshot(capacityFor(current.size - 1), current.size - 1);
        copyInto(current, next, ssrc & 0xFFFFFFFFL);
        snapshot = next;
        return existing;
    }

    int size() {
        return snapshot.size;
    }

    /** Whether the SSRC has a value. */
    boolean contains(long ssrc) {
        return get(ssrc) != null;
    }

    @SuppressWarnings("unchecked")
    void forEachSsrc(Consumer<Long> action) {
        Snapshot current = snapshot;
        for (int slot = 0; slot < current.values.length; slot++) {
            if (current.values[slot] != null) {
                action.accept(current.ssrcs[slot] & 0xFFFFFFFFL);
            }
        }
    }

    private static void copyInto(Snapshot from, Snapshot to, long skippedSsrc) {
        for (int slot = 0; slot < from.values.length; slot++) {
            Object value = from.values[slot];
            if (value != null && (from.ssrcs[slot] & 0xFFFFFFFFL) != skippedSsrc) {
                insert(to, from.ssrcs[slot], value);
            }
        }
    }

    private static void insert(Snapshot into, int key, Object value) {
        int mask = into.ssrcs.length - 1;
        int slot = spread(key) & mask;
        while (into.values[slot] != null) {
            slot = (slot + 1) & mask;
        }
        into.ssrcs[slot] = key;
        into.values[slot] = value;
    }

    /** A power of two at least twice the size, so probes stay short and an empty slot always exists. */
    private static int capacityFor(int size) {
        int capacity = 4;
        while (capacity < 2 * size) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** SSRCs are random, but spread anyway in case a sender picks sequential ones. */
    private static int spread(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
