package org.parley.webrtc.rtcp;

/**
 * Walks a compound RTCP packet in {@code buf[off, off + len)} (RFC 3550 section 6.1). The whole compound is checked
 * before the visitor hears of any of it, so a visitor never acts on half of a malformed packet. Reduced-size RTCP
 * (RFC 5506) is accepted: the first packet need not be an SR or RR.
 */
public final class RtcpCompound {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_AFB = 15;

    static final int REPORT_BLOCK_LENGTH = 24;
    static final int REMB_IDENTIFIER = ('R' << 24) | ('E' << 16) | ('M' << 8) | 'B';

    private static final int SDES_END = 0;
    private static final int TRANSPORT_CC_MIN_FCI = 8;

    private RtcpCompound() {
    }

    /**
     * Validates the compound packet, then reports each part to {@code visitor} in order.
     *
     * @throws RtcpException when the range is empty, a packet is not version 2, the packet lengths do not add up to
     *                       exactly {@code len}, padding is invalid, or a report, SDES chunk or FCI is truncated
     */
    public static void forEach(byte[] buf, int off, int len, RtcpVisitor visitor) throws RtcpException {
        if (visitor == null) {
            throw new NullPointerException("visitor");
        }
        walk(buf, off, len, null);
        walk(buf, off, len, visitor);
    }

    /** {@link #forEach} without a visitor: only the checks. */
    public static void validate(byte[] buf, int off, int len) throws RtcpException {
        walk(buf, off, len, null);
    }

    /** Reads an unsigned 32-bit big-endian value, such as an SSRC of a REMB list. */
    public static long readUint32(byte[] buf, int off) {
        return ((long) (buf[off] & 0xFF) << 24) | ((buf[off + 1] & 0xFF) << 16) | ((buf[off + 2] & 0xFF) << 8)
                | (buf[off + 3] & 0xFF);
    }

    /** REMB's mantissa * 2^exponent, or {@link Long#MAX_VALUE} where that does not fit. */
    static long rembBitrate(int exponent, int mantissa) {
        return mantissa > (Long.MAX_VALUE >>> exponent) ? Long.MAX_VALUE : (long) mantissa << exponent;
    }

    private static void walk(byte[] buf, int off, int len, RtcpVisitor visitor) throws RtcpException {
        if (buf == null || off < 0 || len < 0 || len > buf.length - off) {
            throw new RtcpException("range " + off + "+" + len + " is outside the buffer");
        }
        if (len < 4) {
            throw new RtcpException("RTCP packet of " + len + " bytes");
        }
        int end = off + len;
        for (int at = off; at < end; ) {
            if (end - at < 4) {
                throw new RtcpException("truncated RTCP header at " + (at - off));
            }
            int first = buf[at] & 0xFF;
            if (first >>> 6 != 2) {
                throw new RtcpException("RTCP version " + (first >>> 6) + " at " + (at - off));
            }
            int packetLength = 4 * (readShort(buf, at + 2) + 1);
            if (packetLength > end - at) {
                throw new RtcpException("RTCP packet of " + packetLength + " bytes at " + (at - off)
                        + " overruns the " + len + "-byte compound");
            }
            int contentLength = packetLength;
            if ((first & 0x20) != 0) {
                int padding = buf[at + packetLength - 1] & 0xFF;
                if (padding == 0 || padding > packetLength - 4) {
                    throw new RtcpException("RTCP padding count " + padding + " at " + (at - off));
                }
                contentLength -= padding;
            }
            visitPacket(buf, at, contentLength, buf[at + 1] & 0xFF, first & 0x1F, visitor);
            at += packetLength;
        }
    }

    private static void visitPacket(byte[] buf, int at, int length, int type, int count, RtcpVisitor visitor)
            throws RtcpException {
        switch (type) {
            case SR -> {
                require(length >= 28 + REPORT_BLOCK_LENGTH * count, "SR with its report blocks", length);
                long ssrc = readUint32(buf, at + 4);
                if (visitor != null) {
                    visitor.onSenderReport(ssrc, readLong(buf, at + 8), readUint32(buf, at + 16),
                            readUint32(buf, at + 20), readUint32(buf, at + 24));
                }
                reportBlocks(buf, at + 28, count, ssrc, visitor);
            }
            case RR -> {
                require(length >= 8 + REPORT_BLOCK_LENGTH * count, "RR with its report blocks", length);
                long ssrc = readUint32(buf, at + 4);
                if (visitor != null) {
                    visitor.onReceiverReport(ssrc);
                }
                reportBlocks(buf, at + 8, count, ssrc, visitor);
            }
            case SDES -> sdes(buf, at, length, count, visitor);
            case BYE -> bye(buf, at, length, count, visitor);
            case RTPFB -> transportFeedback(buf, at, length, count, visitor);
            case PSFB -> payloadFeedback(buf, at, length, count, visitor);
            default -> {
                if (visitor != null) {
                    visitor.onOther(type, count, buf, at, length);
                }
            }
        }
    }

    private static void reportBlocks(byte[] buf, int at, int count, long reporter, RtcpVisitor visitor) {
        if (visitor == null) {
            return;
        }
        for (int i = 0; i < count; i++, at += REPORT_BLOCK_LENGTH) {
            // Cumulative lost is a signed 24-bit field: shift it to the top of an int and back to sign-extend.
            int cumulativeLost = ((buf[at + 5] & 0xFF) << 24 | (buf[at + 6] & 0xFF) << 16
                    | (buf[at + 7] & 0xFF) << 8) >> 8;
            visitor.onReportBlock(reporter, readUint32(buf, at), buf[at + 4] & 0xFF, cumulativeLost,
                    readUint32(buf, at + 8), readUint32(buf, at + 12), readUint32(buf, at + 16),
                    readUint32(buf, at + 20));
        }
    }

    private static void sdes(byte[] buf, int at, int length, int count, RtcpVisitor visitor) throws RtcpException {
        int end = at + length;
        int chunk = at + 4;
        for (int c = 0; c < count; c++) {
            require(end - chunk >= 4, "SDES chunk", length);
            long ssrc = readUint32(buf, chunk);
            int item = chunk + 4;
            while (true) {
                require(item < end, "SDES chunk up to its END item", length);
                int itemType = buf[item] & 0xFF;
                if (itemType == SDES_END) {
                    // The chunk ends at the next 32-bit boundary after the END item.
                    chunk = at + ((item + 1 - at + 3) & ~3);
                    require(chunk <= end, "SDES chunk padding", length);
                    break;
                }
                require(end - item >= 2 && (buf[item + 1] & 0xFF) <= end - item - 2, "SDES item", length);
                int textLength = buf[item + 1] & 0xFF;
                if (visitor != null) {
                    visitor.onSdes(ssrc, itemType, buf, item + 2, textLength);
                }
                item += 2 + textLength;
            }
        }
    }

    private static void bye(byte[] buf, int at, int length, int count, RtcpVisitor visitor) throws RtcpException {
        require(length >= 4 + 4 * count, "BYE with its SSRCs", length);
        int reason = at + 4 + 4 * count;
        if (reason < at + length) {
            require((buf[reason] & 0xFF) < at + length - reason, "BYE reason", length);
        }
        if (visitor != null) {
            for (int i = 0; i < count; i++) {
                visitor.onBye(readUint32(buf, at + 4 + 4 * i));
            }
        }
    }

    private static void transportFeedback(byte[] buf, int at, int length, int fmt, RtcpVisitor visitor)
            throws RtcpException {
        require(length >= 12, "RTPFB", length);
        long sender = readUint32(buf, at + 4);
        long media = readUint32(buf, at + 8);
        int fci = at + 12;
        int fciLength = length - 12;
        switch (fmt) {
            case FMT_NACK -> {
                require(fciLength > 0 && (fciLength & 3) == 0, "NACK FCI of whole entries", length);
                if (visitor != null) {
                    for (int entry = fci; entry < at + length; entry += 4) {
                        visitor.onNack(sender, media, readShort(buf, entry), readShort(buf, entry + 2));
                    }
                }
            }
            case FMT_TRANSPORT_CC -> {
                require(fciLength >= TRANSPORT_CC_MIN_FCI, "transport-cc FCI", length);
                if (visitor != null) {
                    visitor.onTransportCc(sender, media, buf, fci, fciLength);
                }
            }
            default -> {
                if (visitor != null) {
                    visitor.onOther(RTPFB, fmt, buf, at, length);
                }
            }
        }
    }

    private static void payloadFeedback(byte[] buf, int at, int length, int fmt, RtcpVisitor visitor)
            throws RtcpException {
        require(length >= 12, "PSFB", length);
        long sender = readUint32(buf, at + 4);
        long media = readUint32(buf, at + 8);
        int fci = at + 12;
        int fciLength = length - 12;
        if (fmt == FMT_PLI) {
            if (visitor != null) {
                visitor.onPli(sender, media);
            }
        } else if (fmt == FMT_FIR) {
            require(fciLength > 0 && fciLength % 8 == 0, "FIR FCI of whole entries", length);
            if (visitor != null) {
                for (int entry = fci; entry < at + length; entry += 8) {
                    visitor.onFir(sender, readUint32(buf, entry), buf[entry + 4] & 0xFF);
                }
            }
        } else if (fmt == FMT_AFB && fciLength >= 4 && readInt(buf, fci) == REMB_IDENTIFIER) {
            require(fciLength >= 8, "REMB FCI", length);
            int ssrcCount = buf[fci + 4] & 0xFF;
            require(fciLength >= 8 + 4 * ssrcCount, "REMB with its SSRCs", length);
            int exponent = (buf[fci + 5] & 0xFF) >>> 2;
            int mantissa = (buf[fci + 5] & 0x03) << 16 | readShort(buf, fci + 6);
            if (visitor != null) {
                visitor.onRemb(sender, rembBitrate(exponent, mantissa), buf, fci + 8, ssrcCount);
            }
        } else if (visitor != null) {
            visitor.onOther(PSFB, fmt, buf, at, length);
        }
    }

    /** {@code what} is a constant, so that a packet which passes the check costs no string building. */
    private static void require(boolean condition, String what, int length) throws RtcpException {
        if (!condition) {
            throw new RtcpException(what + " does not fit in a " + length + "-byte packet");
        }
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static long readLong(byte[] b, int i) {
        return ((long) readInt(b, i) << 32) | (readInt(b, i + 4) & 0xFFFFFFFFL);
    }
}
