package org.parley.sfu.internal;

/**
 * The last packets of one video track, by sequence number, to answer NACKs without asking the publisher.
 * Written by the publisher's thread, read by subscribers' threads; a slot is copied under the cache's lock,
 * which is never held across I/O.
 */
final class PacketCache {
    private final int mask;
    private final byte[][] slots;
    private final int[] lengths;
    private final int[] sequences;

    PacketCache(int size, int maxPacket) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two");
        }
        mask = size - 1;
        slots = new byte[size][maxPacket];
        lengths = new int[size];
        sequences = new int[size];
        java.util.Arrays.fill(sequences, -1);
    }

    synchronized void put(int sequence, byte[] packet, int off, int len) {
        int index = sequence & mask;
        if (len > slots[index].length) {
            return;
        }
        System.arraycopy(packet, off, slots[index], 0, len);
        lengths[index] = len;
        sequences[index] = sequence;
    }

    /** Copies the packet with this sequence number into {@code dst}; returns its length, or -1 when gone. */
    synchronized int copy(int sequence, byte[] dst, int off) {
        int index = sequence & mask;
        if (sequences[index] != sequence) {
            return -1;
        }
        System.arraycopy(slots[index], 0, dst, off, lengths[index]);
        return lengths[index];
    }
}
