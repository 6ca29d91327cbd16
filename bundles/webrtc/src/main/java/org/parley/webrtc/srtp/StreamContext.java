package org.parley.webrtc.srtp;

/**
 * The state of one SSRC in one session, for either its SRTP or its SRTCP packets: the transform with
 * its own engines, the replay window (whose highest index also carries the ROC and s_l of RFC 3711
 * 3.3.1) and, for SRTCP senders, the next index. Used by one thread at a time.
 */
final class StreamContext {
    private static final long SRTP_INDEX_LIMIT = 1L << 48;

    final SrtpTransform transform;
    final ReplayWindow window = new ReplayWindow();
    int nextRtcpIndex;

    StreamContext(SrtpTransform transform) {
        this.transform = transform;
    }

    /** Forgets all stream state so a spare context can serve another SSRC. */
    void reset() {
        window.reset();
        nextRtcpIndex = 0;
    }

    /**
     * The packet index of a sequence number relative to the highest index so far (RFC 3711 Appendix A):
     * the ROC guess v of ROC-1, ROC or ROC+1 that puts the packet nearest to s_l. The first packet
     * starts at ROC 0. Returns -1 for a packet that would predate ROC 0 or pass the 48-bit index space.
     */
    long estimateIndex(int sequenceNumber) {
        long highest = window.highest();
        if (highest < 0) {
            return sequenceNumber;
        }
        long rolloverCounter = highest >>> 16;
        int highestSequence = (int) (highest & 0xFFFF);
        long guess;
        if (highestSequence < 0x8000) {
            guess = sequenceNumber - highestSequence > 0x8000 ? rolloverCounter - 1 : rolloverCounter;
        } else {
            guess = highestSequence - 0x8000 > sequenceNumber ? rolloverCounter + 1 : rolloverCounter;
        }
        long index = guess << 16 | sequenceNumber;
        return guess < 0 || index >= SRTP_INDEX_LIMIT ? -1 : index;
    }
}
