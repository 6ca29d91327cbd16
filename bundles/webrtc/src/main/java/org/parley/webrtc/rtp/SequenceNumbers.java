package org.parley.webrtc.rtp;

/** Arithmetic on 16-bit RTP sequence numbers, which wrap from 65535 to 0. */
public final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /**
     * Whether {@code a} comes after {@code b}: the forward distance from b to a is 1..32767, or exactly 32768 with
     * {@code a > b}, so that of two numbers half the space apart exactly one is newer.
     */
    public static boolean isNewer(int a, int b) {
        int forward = (a - b) & 0xFFFF;
        return forward != 0 && (forward < 0x8000 || (forward == 0x8000 && (a & 0xFFFF) > (b & 0xFFFF)));
    }

    /** The signed shortest distance {@code a - b}, in -32768..32767 (positive when a is newer). */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** {@code seq + delta} wrapped to 16 bits. */
    public static int add(int seq, int delta) {
        return (seq + delta) & 0xFFFF;
    }
}
