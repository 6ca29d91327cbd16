package org.parley.client;

import java.util.Optional;

import org.parley.webrtc.rtp.RtpPacket;

/**
 * The stamp at the end of every synthetic payload, so a receiver can tell loss, order and delay without decoding
 * anything: a magic number, the stream's own packet counter (which RTX and SSRC rewriting leave alone) and the
 * sender's {@link System#nanoTime()} (comparable between processes on one Linux host: CLOCK_MONOTONIC).
 */
public record SyntheticPayload(long counter, long sendNanos) {
    public static final int LENGTH = 20;
    static final int MAGIC = 0x50524c59; // "PRLY"

    /** Writes the stamp into {@code buf[end - LENGTH, end)}. */
    public void writeBefore(byte[] buf, int end) {
        int at = end - LENGTH;
        writeInt(buf, at, MAGIC);
        writeLong(buf, at + 4, counter);
        writeLong(buf, at + 12, sendNanos);
    }

    /** What {@link #sendNanos} returns for a packet without a stamp. */
    public static final long NO_STAMP = Long.MIN_VALUE;

    /**
     * The sender's time of the stamp of an RTP packet in {@code buf[0, length)}, or {@link #NO_STAMP}: what
     * {@link #read} tells, without an object per packet (a receiver's hot path).
     */
    public static long sendNanos(byte[] buf, int length) {
        int header = RtpPacket.headerLength(buf, 0, length);
        int payload = RtpPacket.payloadLength(buf, 0, length);
        if (header < 0 || payload < LENGTH) {
            return NO_STAMP;
        }
        int at = header + payload - LENGTH;
        return readInt(buf, at) == MAGIC ? readLong(buf, at + 12) : NO_STAMP;
    }

    /** The stamp of an RTP packet in {@code buf[0, length)}; empty when the payload carries none or is malformed. */
    public static Optional<SyntheticPayload> read(byte[] buf, int length) {
        int header = RtpPacket.headerLength(buf, 0, length);
        int payload = RtpPacket.payloadLength(buf, 0, length);
        if (header < 0 || payload < LENGTH) {
            return Optional.empty();
        }
        int at = header + payload - LENGTH;
        if (readInt(buf, at) != MAGIC) {
            return Optional.empty();
        }
        return Optional.of(new SyntheticPayload(readLong(buf, at + 4), readLong(buf, at + 12)));
    }

    private static void writeInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static void writeLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static int readInt(byte[] b, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
