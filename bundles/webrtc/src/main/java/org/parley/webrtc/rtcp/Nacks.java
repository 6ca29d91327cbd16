package org.parley.webrtc.rtcp;

import java.util.function.IntConsumer;

/** Generic NACK FCI entries (RFC 4585 section 6.2.1): a packet ID and a bitmask of the 16 that follow it. */
public final class Nacks {
    private Nacks() {
    }

    /** Calls {@code lost} with {@code pid} and then each sequence number {@code pid + i + 1} whose bit i is set. */
    public static void forEachLost(int pid, int blp, IntConsumer lost) {
        lost.accept(pid & 0xFFFF);
        for (int bits = blp & 0xFFFF; bits != 0; bits &= bits - 1) {
            lost.accept((pid + Integer.numberOfTrailingZeros(bits) + 1) & 0xFFFF);
        }
    }

    /** How many sequence numbers an entry names. */
    public static int lostCount(int blp) {
        return 1 + Integer.bitCount(blp & 0xFFFF);
    }
}
