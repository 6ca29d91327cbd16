package org.parley.webrtc.rtp;

/**
 * The extended highest sequence number of one RTP stream (RFC 3550 appendix A.1): the 16-bit sequence number plus a
 * count of wrap-arounds. Not thread-safe; one per stream on the thread that receives it.
 */
public final class ExtendedSequence {
    private long highest = -1;

    /**
     * Records a received sequence number and returns its extended value. A packet older than the highest (reordered,
     * possibly from before the last wrap) gets the extended value it had then and leaves the highest alone.
     */
    public long update(int seq) {
        seq &= 0xFFFF;
        if (highest < 0) {
            highest = seq;
            return seq;
        }
        long extended = highest + SequenceNumbers.diff(seq, (int) highest);
        if (extended < 0) {
            // Older than the first packet and before a wrap that never happened: keep it in the first cycle.
            return seq;
        }
        if (extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** The highest extended sequence number seen, or -1 before the first packet. */
    public long highest() {
        return highest;
    }

    /** How many times the sequence number has wrapped, or 0 before the first packet. */
    public int cycles() {
        return highest < 0 ? 0 : (int) (highest >>> 16);
    }

    /** The low 32 bits of the highest, as an RTCP report block carries it. */
    public long highestForReport() {
        return highest < 0 ? 0 : highest & 0xFFFFFFFFL;
    }
}
