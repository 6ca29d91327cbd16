package org.parley.webrtc.rtcp;

import java.util.Objects;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): the
 * FCI of an RTPFB packet with FMT 15, as {@link RtcpVisitor#onTransportCc} hands it over. The FCI holds a base
 * sequence number, a packet status count, a 24-bit signed reference time in 64 ms units, a feedback packet count,
 * then packet chunks (run-length or status vector) giving each packet's status, then one receive delta (250 µs
 * units, 1 byte unsigned or 2 bytes signed) per received packet.
 *
 * <p>{@link #forEach} checks the whole FCI before the listener hears of any packet, and neither reading nor
 * {@link #write writing} allocates.
 */
public final class TransportCcFeedback {
    /** The arrival time {@link PacketListener#onPacket} gets for a packet the receiver did not get. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;
    /** One reference time unit, in microseconds. */
    public static final long REFERENCE_TIME_UNIT_MICROS = 64_000;
    /** One receive delta unit, in microseconds. */
    public static final long DELTA_UNIT_MICROS = 250;

    static final int HEADER_LENGTH = 8;
    private static final int NOT_RECEIVED_SYMBOL = 0;
    private static final int SMALL_DELTA_SYMBOL = 1;
    private static final int LARGE_DELTA_SYMBOL = 2;
    private static final int RUN_LENGTH_MAX = 0x1FFF;
    private static final int TWO_BIT_SYMBOLS = 7;
    private static final int ONE_BIT_SYMBOLS = 14;

    /** Hears of every packet a feedback covers, in sequence order. */
    public interface PacketListener {
        /**
         * @param sequence the transport-wide sequence number, 0..65535
         * @param arrivalMicros when the receiver got it, in microseconds on the receiver's clock (the reference
         *                      time plus the deltas so far), or {@link #NOT_RECEIVED}
         */
        void onPacket(int sequence, long arrivalMicros);
    }

    private TransportCcFeedback() {
    }

    public static int baseSequence(byte[] buf, int fciOff) {
        return RtcpCompound.readShort(buf, fciOff);
    }

    public static int packetStatusCount(byte[] buf, int fciOff) {
        return RtcpCompound.readShort(buf, fciOff + 2);
    }

    /** The reference time in microseconds: signed, so it may be negative (the receiver's clock is arbitrary). */
    public static long referenceTimeMicros(byte[] buf, int fciOff) {
        int raw = (buf[fciOff + 4] & 0xFF) << 16 | (buf[fciOff + 5] & 0xFF) << 8 | (buf[fciOff + 6] & 0xFF);
        return (long) ((raw << 8) >> 8) * REFERENCE_TIME_UNIT_MICROS;
    }

    /** Counts feedback packets (mod 256), so a sender can tell that one was lost. */
    public static int feedbackCount(byte[] buf, int fciOff) {
        return buf[fciOff + 7] & 0xFF;
    }

    /** Checks the FCI in {@code buf[fciOff, fciOff + fciLen)} without reporting anything. */
    public static void validate(byte[] buf, int fciOff, int fciLen) throws RtcpException {
        walk(buf, fciOff, fciLen, null);
    }

    /**
     * Checks the FCI, then reports each packet it covers. Bytes after the last receive delta (padding that a sender
     * wrote without setting the padding bit) are ignored.
     *
     * @throws RtcpException when the FCI is shorter than its header, covers no packet, its chunks or deltas run past
     *                       its end, or a status symbol is the reserved value 3
     */
    public static void forEach(byte[] buf, int fciOff, int fciLen, PacketListener listener) throws RtcpException {
        Objects.requireNonNull(listener, "listener");
        walk(buf, fciOff, fciLen, null);
        walk(buf, fciOff, fciLen, listener);
    }

    private static void walk(byte[] buf, int off, int len, PacketListener listener) throws RtcpException {
        if (buf == null || off < 0 || len < 0 || len > buf.length - off) {
            throw new RtcpException("transport-cc FCI range " + off + "+" + len + " is outside the buffer");
        }
        if (len < HEADER_LENGTH) {
            throw new RtcpException("transport-cc FCI of " + len + " bytes");
        }
        int base = baseSequence(buf, off);
        int count = packetStatusCount(buf, off);
        if (count == 0) {
            throw new RtcpException("transport-cc feedback for no packet");
        }
        int end = off + len;
        // First find where the chunks end (the deltas start there), then walk the chunks again with the deltas.
        int deltas = off + HEADER_LENGTH;
        for (int covered = 0; covered < count; deltas += 2) {
            if (end - deltas < 2) {
                throw new RtcpException("transport-cc chunks end before covering " + count + " packets");
            }
            covered += symbolsInChunk(RtcpCompound.readShort(buf, deltas));
        }
        long arrival = referenceTimeMicros(buf, off);
        int chunk = off + HEADER_LENGTH;
        int index = 0;
        while (index < count) {
            int value = RtcpCompound.readShort(buf, chunk);
            chunk += 2;
            int symbols = Math.min(symbolsInChunk(value), count - index);
            for (int i = 0; i < symbols; i++, index++) {
                int symbol = symbol(value, i);
                int sequence = (base + index) & 0xFFFF;
                if (symbol == NOT_RECEIVED_SYMBOL) {
                    if (listener != null) {
                        listener.onPacket(sequence, NOT_RECEIVED);
                    }
                    continue;
                }
                if (symbol == SMALL_DELTA_SYMBOL) {
                    if (end - deltas < 1) {
                        throw new RtcpException("transport-cc receive deltas run past the FCI");
                    }
                    arrival += (buf[deltas] & 0xFF) * DELTA_UNIT_MICROS;
                    deltas += 1;
                } else if (symbol == LARGE_DELTA_SYMBOL) {
                    if (end - deltas < 2) {
                        throw new RtcpException("transport-cc receive deltas run past the FCI");
                    }
                    arrival += (short) RtcpCompound.readShort(buf, deltas) * DELTA_UNIT_MICROS;
                    deltas += 2;
                } else {
                    throw new RtcpException("transport-cc status symbol 3 is reserved");
                }
                if (listener != null) {
                    listener.onPacket(sequence, arrival);
                }
            }
        }
    }

    private static int symbolsInChunk(int chunk) {
        if ((chunk & 0x8000) == 0) {
            return chunk & RUN_LENGTH_MAX;
        }
        return (chunk & 0x4000) == 0 ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
    }

    private static int symbol(int chunk, int i) {
        if ((chunk & 0x8000) == 0) {
            return (chunk >>> 13) & 0x3;
        }
        if ((chunk & 0x4000) == 0) {
            return (chunk >>> (ONE_BIT_SYMBOLS - 1 - i)) & 0x1;
        }
        return (chunk >>> (2 * (TWO_BIT_SYMBOLS - 1 - i))) & 0x3;
    }

    /**
     * Writes a whole RTPFB transport-cc packet (header, FCI, padding to 32 bits with the padding bit set) for
     * {@code count} packets from {@code baseSequence} on, where {@code arrivalMicros[i]} is packet {@code base + i}'s
     * arrival time on the receiver's clock or {@link #NOT_RECEIVED}. Arrival times must not step back by more than
     * a 16-bit delta (8.19 s) from one received packet to the next. Runs of 7 or more equal statuses take a
     * run-length chunk, the rest two-bit status vector chunks.
     *
     * @return the bytes written
     * @throws IllegalArgumentException when count is outside 1..65535 or a delta does not fit
     * @throws IndexOutOfBoundsException when {@code buf} has no room
     */
    public static int write(byte[] buf, int off, long senderSsrc, long mediaSsrc, int baseSequence, int feedbackCount,
            long[] arrivalMicros, int count) {
        if (count < 1 || count > 0xFFFF || count > arrivalMicros.length) {
            throw new IllegalArgumentException("packet status count " + count);
        }
        long reference = 0;
        for (int i = 0; i < count; i++) {
            if (arrivalMicros[i] != NOT_RECEIVED) {
                reference = Math.floorDiv(arrivalMicros[i], REFERENCE_TIME_UNIT_MICROS);
                break;
            }
        }
        // Pass one finds the length (nothing is written before the room is known); pass two writes.
        int length = 12 + layout(null, 0, arrivalMicros, count, reference);
        int padded = (length + 3) & ~3;
        Objects.checkFromIndexSize(off, padded, buf.length);
        int fci = off + 12;
        writeShort(buf, fci, baseSequence);
        writeShort(buf, fci + 2, count);
        buf[fci + 4] = (byte) (reference >> 16);
        buf[fci + 5] = (byte) (reference >> 8);
        buf[fci + 6] = (byte) reference;
        buf[fci + 7] = (byte) feedbackCount;
        layout(buf, fci, arrivalMicros, count, reference);
        int padding = padded - length;
        for (int i = off + length; i < off + padded; i++) {
            buf[i] = 0;
        }
        if (padding > 0) {
            buf[off + padded - 1] = (byte) padding;
        }
        buf[off] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | RtcpCompound.FMT_TRANSPORT_CC);
        buf[off + 1] = (byte) RtcpCompound.RTPFB;
        writeShort(buf, off + 2, padded / 4 - 1);
        writeInt(buf, off + 4, senderSsrc);
        writeInt(buf, off + 8, mediaSsrc);
        return padded;
    }

    /** Lays out chunks then deltas after the FCI header (writing only when buf is non-null); returns FCI length. */
    private static int layout(byte[] buf, int fci, long[] arrivals, int count, long reference) {
        int chunks = 0;
        // Each delta is relative to the previous received packet's arrival as rounded to 250 µs: "timeline" is
        // that rounded arrival just before packet i, so a packet's status (small or large delta) depends on it.
        long timeline = reference * REFERENCE_TIME_UNIT_MICROS;
        for (int i = 0; i < count; ) {
            long ahead = timeline;
            int first = NOT_RECEIVED_SYMBOL;
            int run = 0;
            while (i + run < count && run < RUN_LENGTH_MAX) {
                int symbol = status(arrivals[i + run], ahead);
                if (run == 0) {
                    first = symbol;
                } else if (symbol != first) {
                    break;
                }
                ahead = advance(arrivals[i + run], ahead);
                run++;
            }
            int value;
            int covered;
            if (run >= TWO_BIT_SYMBOLS) {
                value = first << 13 | run;
                covered = run;
                timeline = ahead;
            } else {
                value = 0xC000;
                covered = Math.min(TWO_BIT_SYMBOLS, count - i);
                for (int k = 0; k < covered; k++) {
                    value |= status(arrivals[i + k], timeline) << (2 * (TWO_BIT_SYMBOLS - 1 - k));
                    timeline = advance(arrivals[i + k], timeline);
                }
            }
            if (buf != null) {
                writeShort(buf, fci + HEADER_LENGTH + 2 * chunks, value);
            }
            chunks++;
            i += covered;
        }
        int at = fci + HEADER_LENGTH + 2 * chunks;
        int deltaBytes = 0;
        long last = reference * REFERENCE_TIME_UNIT_MICROS;
        for (int i = 0; i < count; i++) {
            if (arrivals[i] == NOT_RECEIVED) {
                continue;
            }
            long delta = deltaUnits(arrivals[i], last);
            last += delta * DELTA_UNIT_MICROS;
            if (delta >= 0 && delta <= 0xFF) {
                if (buf != null) {
                    buf[at + deltaBytes] = (byte) delta;
                }
                deltaBytes += 1;
            } else {
                if (buf != null) {
                    writeShort(buf, at + deltaBytes, (int) delta);
                }
                deltaBytes += 2;
            }
        }
        return HEADER_LENGTH + 2 * chunks + deltaBytes;
    }

    private static int status(long arrival, long timeline) {
        if (arrival == NOT_RECEIVED) {
            return NOT_RECEIVED_SYMBOL;
        }
        long delta = deltaUnits(arrival, timeline);
        return delta >= 0 && delta <= 0xFF ? SMALL_DELTA_SYMBOL : LARGE_DELTA_SYMBOL;
    }

    private static long advance(long arrival, long timeline) {
        return arrival == NOT_RECEIVED ? timeline : timeline + deltaUnits(arrival, timeline) * DELTA_UNIT_MICROS;
    }

    private static long deltaUnits(long arrival, long last) {
        long delta = Math.round((arrival - last) / (double) DELTA_UNIT_MICROS);
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            throw new IllegalArgumentException("receive delta of " + (arrival - last) + " µs does not fit");
        }
        return delta;
    }

    private static void writeShort(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 8);
        buf[at + 1] = (byte) value;
    }

    private static void writeInt(byte[] buf, int at, long value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }
}
