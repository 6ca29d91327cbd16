package org.parley.webrtc.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes single RTCP packets into {@code buf} at {@code off}; each method returns the bytes written, so packets can
 * be appended one after another into a compound. SSRCs and 32-bit counters are written from the low 32 bits of
 * their long. Every method throws {@link IndexOutOfBoundsException}, having written nothing, when {@code buf} has
 * no room for the packet.
 */
public final class RtcpWriter {
    public static final int SENDER_REPORT_LENGTH = 28;
    public static final int RECEIVER_REPORT_LENGTH = 8;
    public static final int PLI_LENGTH = 12;
    public static final int FIR_LENGTH = 20;

    private static final int SDES_CNAME = 1;
    /** REMB's mantissa field is 18 bits wide. */
    private static final long REMB_MANTISSA_LIMIT = 1 << 18;

    private RtcpWriter() {
    }

    /** A sender report without report blocks. */
    public static int senderReport(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount) {
        Objects.checkFromIndexSize(off, SENDER_REPORT_LENGTH, buf.length);
        header(buf, off, 0, RtcpCompound.SR, SENDER_REPORT_LENGTH);
        senderInfo(buf, off, ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount);
        return SENDER_REPORT_LENGTH;
    }

    /** A sender report with one report block. */
    public static int senderReport(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        int length = SENDER_REPORT_LENGTH + RtcpCompound.REPORT_BLOCK_LENGTH;
        Objects.checkFromIndexSize(off, length, buf.length);
        header(buf, off, 1, RtcpCompound.SR, length);
        senderInfo(buf, off, ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount);
        reportBlock(buf, off + SENDER_REPORT_LENGTH, sourceSsrc, fractionLost, cumulativeLost, extHighestSeq, jitter,
                lastSr, delaySinceLastSr);
        return length;
    }

    /** A receiver report without report blocks, as sent when nothing has been received yet. */
    public static int receiverReport(byte[] buf, int off, long ssrc) {
        Objects.checkFromIndexSize(off, RECEIVER_REPORT_LENGTH, buf.length);
        header(buf, off, 0, RtcpCompound.RR, RECEIVER_REPORT_LENGTH);
        writeInt(buf, off + 4, ssrc);
        return RECEIVER_REPORT_LENGTH;
    }

    /**
     * A receiver report with one report block.
     *
     * @param fractionLost 0..255, the fraction lost times 256
     * @param cumulativeLost clamped to the signed 24-bit range
     */
    public static int receiverReport(byte[] buf, int off, long ssrc, long sourceSsrc, int fractionLost,
            int cumulativeLost, long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        int length = RECEIVER_REPORT_LENGTH + RtcpCompound.REPORT_BLOCK_LENGTH;
        Objects.checkFromIndexSize(off, length, buf.length);
        header(buf, off, 1, RtcpCompound.RR, length);
        writeInt(buf, off + 4, ssrc);
        reportBlock(buf, off + RECEIVER_REPORT_LENGTH, sourceSsrc, fractionLost, cumulativeLost, extHighestSeq,
                jitter, lastSr, delaySinceLastSr);
        return length;
    }

    /** A picture loss indication (RFC 4585 section 6.3.1). */
    public static int pli(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        Objects.checkFromIndexSize(off, PLI_LENGTH, buf.length);
        feedbackHeader(buf, off, RtcpCompound.FMT_PLI, RtcpCompound.PSFB, PLI_LENGTH, senderSsrc, mediaSsrc);
        return PLI_LENGTH;
    }

    /** A full intra request (RFC 5104 section 4.3.1) with one FCI entry for {@code mediaSsrc}. */
    public static int fir(byte[] buf, int off, long senderSsrc, long mediaSsrc, int seqNr) {
        Objects.checkFromIndexSize(off, FIR_LENGTH, buf.length);
        // RFC 5104 says the header's media SSRC is unused and zero; the target is in the FCI.
        feedbackHeader(buf, off, RtcpCompound.FMT_FIR, RtcpCompound.PSFB, FIR_LENGTH, senderSsrc, 0);
        writeInt(buf, off + 12, mediaSsrc);
        buf[off + 16] = (byte) seqNr;
        buf[off + 17] = 0;
        buf[off + 18] = 0;
        buf[off + 19] = 0;
        return FIR_LENGTH;
    }

    /**
     * A generic NACK (RFC 4585 section 6.2.1) for {@code lostSeqs[0, count)}, packed into as few PID/BLP entries as
     * their order allows: give them in ascending RTP order (wrap-around is fine) for the tightest packing.
     *
     * @return the bytes written, 0 (nothing written) when count is 0
     */
    public static int nack(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] lostSeqs, int count) {
        Objects.checkFromIndexSize(0, count, lostSeqs.length);
        if (count == 0) {
            return 0;
        }
        int length = 12 + 4 * nackEntries(lostSeqs, count);
        Objects.checkFromIndexSize(off, length, buf.length);
        int entry = off + 12 - 4;
        int pid = -1;
        int blp = 0;
        for (int i = 0; i < count; i++) {
            int seq = lostSeqs[i] & 0xFFFF;
            int distance = pid < 0 ? 0 : (seq - pid) & 0xFFFF;
            if (pid >= 0 && distance >= 1 && distance <= 16) {
                blp |= 1 << (distance - 1);
            } else if (pid < 0 || distance != 0) {
                if (pid >= 0) {
                    writeShort(buf, entry + 2, blp);
                }
                entry += 4;
                pid = seq;
                blp = 0;
                writeShort(buf, entry, pid);
            }
        }
        writeShort(buf, entry + 2, blp);
        feedbackHeader(buf, off, RtcpCompound.FMT_NACK, RtcpCompound.RTPFB, length, senderSsrc, mediaSsrc);
        return length;
    }

    /**
     * A REMB (draft-alvestrand-rmcat-remb) of {@code bitrate} bits per second for {@code ssrcs}. The bitrate is
     * rounded down to what an 18-bit mantissa and 6-bit exponent can say, since a receiver must not be told of more
     * capacity than was estimated.
     */
    public static int remb(byte[] buf, int off, long senderSsrc, long bitrate, long[] ssrcs) {
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate " + bitrate);
        }
        if (ssrcs.length > 255) {
            throw new IllegalArgumentException(ssrcs.length + " SSRCs do not fit in REMB");
        }
        int length = 20 + 4 * ssrcs.length;
        Objects.checkFromIndexSize(off, length, buf.length);
        int exponent = 0;
        while ((bitrate >>> exponent) >= REMB_MANTISSA_LIMIT) {
            exponent++;
        }
        int mantissa = (int) (bitrate >>> exponent);
        feedbackHeader(buf, off, RtcpCompound.FMT_AFB, RtcpCompound.PSFB, length, senderSsrc, 0);
        writeInt(buf, off + 12, RtcpCompound.REMB_IDENTIFIER);
        buf[off + 16] = (byte) ssrcs.length;
        buf[off + 17] = (byte) (exponent << 2 | mantissa >>> 16);
        writeShort(buf, off + 18, mantissa);
        for (int i = 0; i < ssrcs.length; i++) {
            writeInt(buf, off + 20 + 4 * i, ssrcs[i]);
        }
        return length;
    }

    /** An SDES packet with one chunk holding a CNAME item (at most 255 bytes of UTF-8). */
    public static int sdesCname(byte[] buf, int off, long ssrc, String cname) {
        byte[] text = cname.getBytes(StandardCharsets.UTF_8);
        if (text.length > 255) {
            throw new IllegalArgumentException("CNAME of " + text.length + " bytes");
        }
        // SSRC, item type and length, text, then the END item and zeros to the next 32-bit boundary.
        int chunkLength = (4 + 2 + text.length + 1 + 3) & ~3;
        int length = 4 + chunkLength;
        Objects.checkFromIndexSize(off, length, buf.length);
        header(buf, off, 1, RtcpCompound.SDES, length);
        writeInt(buf, off + 4, ssrc);
        buf[off + 8] = SDES_CNAME;
        buf[off + 9] = (byte) text.length;
        System.arraycopy(text, 0, buf, off + 10, text.length);
        for (int i = off + 10 + text.length; i < off + length; i++) {
            buf[i] = 0;
        }
        return length;
    }

    /** A BYE for one SSRC, without a reason. */
    public static int bye(byte[] buf, int off, long ssrc) {
        Objects.checkFromIndexSize(off, 8, buf.length);
        header(buf, off, 1, RtcpCompound.BYE, 8);
        writeInt(buf, off + 4, ssrc);
        return 8;
    }

    private static int nackEntries(int[] lostSeqs, int count) {
        int entries = 0;
        int pid = -1;
        for (int i = 0; i < count; i++) {
            int seq = lostSeqs[i] & 0xFFFF;
            int distance = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (distance < 0 || distance > 16) {
                entries++;
                pid = seq;
            }
        }
        return entries;
    }

    private static void header(byte[] buf, int off, int countOrFmt, int packetType, int length) {
        buf[off] = (byte) (0x80 | countOrFmt);
        buf[off + 1] = (byte) packetType;
        writeShort(buf, off + 2, length / 4 - 1);
    }

    private static void feedbackHeader(byte[] buf, int off, int fmt, int packetType, int length, long senderSsrc,
            long mediaSsrc) {
        header(buf, off, fmt, packetType, length);
        writeInt(buf, off + 4, senderSsrc);
        writeInt(buf, off + 8, mediaSsrc);
    }

    private static void senderInfo(byte[] buf, int off, long ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount) {
        writeInt(buf, off + 4, ssrc);
        writeInt(buf, off + 8, ntpTimestamp >>> 32);
        writeInt(buf, off + 12, ntpTimestamp);
        writeInt(buf, off + 16, rtpTimestamp);
        writeInt(buf, off + 20, packetCount);
        writeInt(buf, off + 24, octetCount);
    }

    private static void reportBlock(byte[] buf, int at, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost));
        writeInt(buf, at, sourceSsrc);
        writeInt(buf, at + 4, (long) (fractionLost & 0xFF) << 24 | (lost & 0xFFFFFF));
        writeInt(buf, at + 8, extHighestSeq);
        writeInt(buf, at + 12, jitter);
        writeInt(buf, at + 16, lastSr);
        writeInt(buf, at + 20, delaySinceLastSr);
    }

    private static void writeShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    private static void writeInt(byte[] b, int i, long v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
