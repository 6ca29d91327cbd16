package org.parley.webrtc.srtp;

/**
 * The replay list of RFC 3711 3.3.2 for one SSRC: the highest authenticated index and which of the
 * {@value #SIZE} indexes up to it were received. The bitmap is a ring addressed by index modulo its
 * size (the RFC 6479 layout), so advancing the window clears bits instead of shifting words.
 * 128 rather than the RFC's minimum of 64 because video bursts reorder more than audio (libsrtp's
 * default too). Not thread-safe: owned by one stream context.
 */
final class ReplayWindow {
    static final int SIZE = 128;

    private final long[] received = new long[SIZE / Long.SIZE];
    private long highest = -1;

    /** The highest index marked received, or -1 before the first. */
    long highest() {
        return highest;
    }

    void reset() {
        highest = -1;
        for (int i = 0; i < received.length; i++) {
            received[i] = 0;
        }
    }

    /** Throws unless {@code index} may be a first reception. Changes nothing. */
    void checkFresh(long index) throws SrtpException {
        if (index > highest) {
            return;
        }
        if (highest - index >= SIZE) {
            throw new SrtpException(SrtpException.Reason.TOO_OLD, "index " + index + " is behind the replay window");
        }
        if (isReceived(index)) {
            throw new SrtpException(SrtpException.Reason.REPLAYED, "index " + index + " already received");
        }
    }

    /** Records {@code index} as received; call only once the packet authenticated. */
    void markReceived(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest >= SIZE) {
                for (int i = 0; i < received.length; i++) {
                    received[i] = 0;
                }
            } else {
                // The ring slots of the indexes we skip over still hold bits from SIZE indexes ago.
                for (long skipped = highest + 1; skipped < index; skipped++) {
                    received[slotWord(skipped)] &= ~slotBit(skipped);
                }
            }
            highest = index;
        }
        received[slotWord(index)] |= slotBit(index);
    }

    private boolean isReceived(long index) {
        return (received[slotWord(index)] & slotBit(index)) != 0;
    }

    private static int slotWord(long index) {
        return (int) ((index & (SIZE - 1)) >>> 6);
    }

    private static long slotBit(long index) {
        return 1L << (index & 63);
    }
}
