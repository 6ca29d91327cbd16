package org.parley.webrtc.rtp;

/**
 * Static accessors and in-place writers for an RTP packet in {@code buf[off, off + len)} (RFC 3550 section 5.1).
 *
 * <p>{@link #headerLength}, {@link #payloadLength} and {@link #validate} check the structure against {@code len}. The
 * fixed-header getters and setters read and write bytes {@code off..off+11} only and assume the caller has checked
 * that the packet is RTP ({@link #isRtp} or {@link #headerLength} {@code >= 0}).
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int VERSION = 2;

    private RtpPacket() {
    }

    /** RFC 7983 demultiplexing: the first byte is 128..191, so this is RTP or RTCP rather than STUN, DTLS or others. */
    public static boolean isRtpOrRtcp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len) || len < 1) {
            return false;
        }
        int first = buf[off] & 0xFF;
        return first >= 128 && first <= 191;
    }

    /** RFC 5761 section 4: RTP or RTCP whose second byte (the RTCP packet type) is 192..223, and 4 header bytes. */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (len < 4 || !isRtpOrRtcp(buf, off, len)) {
            return false;
        }
        int second = buf[off + 1] & 0xFF;
        return second >= 192 && second <= 223;
    }

    /** RTP or RTCP that is not RTCP and holds at least the fixed header. */
    public static boolean isRtp(byte[] buf, int off, int len) {
        return len >= FIXED_HEADER_LENGTH && isRtpOrRtcp(buf, off, len) && !isRtcp(buf, off, len);
    }

    /**
     * The header length: 12 + 4 * CC, plus 4 + 4 * extension length when X is set; -1 when the version is not 2 or the
     * header does not fit in {@code len}.
     */
    public static int headerLength(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH || (buf[off] & 0xC0) != VERSION << 6) {
            return -1;
        }
        int length = FIXED_HEADER_LENGTH + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (length + 4 > len) {
                return -1;
            }
            length += 4 + 4 * readShort(buf, off + length + 2);
        }
        return length <= len ? length : -1;
    }

    /**
     * The payload length: {@code len} minus the header and, when P is set, the padding; -1 when the header does not
     * fit or the padding count (the last byte) is 0 or reaches into the header.
     */
    public static int payloadLength(byte[] buf, int off, int len) {
        int header = headerLength(buf, off, len);
        if (header < 0) {
            return -1;
        }
        if ((buf[off] & 0x20) == 0) {
            return len - header;
        }
        int padding = buf[off + len - 1] & 0xFF;
        return padding == 0 || header + padding > len ? -1 : len - header - padding;
    }

    /** The full structural check: version 2, header with CSRCs and extension inside {@code len}, valid padding. */
    public static void validate(byte[] buf, int off, int len) throws RtpException {
        if (!inBounds(buf, off, len)) {
            throw new RtpException("range " + off + "+" + len + " is outside the buffer");
        }
        if (len < FIXED_HEADER_LENGTH) {
            throw new RtpException("RTP packet of " + len + " bytes is shorter than the fixed header");
        }
        if (version(buf, off) != VERSION) {
            throw new RtpException("RTP version " + version(buf, off));
        }
        int header = headerLength(buf, off, len);
        if (header < 0) {
            throw new RtpException("CSRC list or header extension overruns the " + len + "-byte packet");
        }
        if (payloadLength(buf, off, len) < 0) {
            throw new RtpException("padding count " + (buf[off + len - 1] & 0xFF) + " is invalid for a "
                    + (len - header) + "-byte body");
        }
    }

    public static int version(byte[] buf, int off) {
        return (buf[off] & 0xFF) >>> 6;
    }

    public static boolean padding(byte[] buf, int off) {
        return (buf[off] & 0x20) != 0;
    }

    public static boolean extension(byte[] buf, int off) {
        return (buf[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] buf, int off) {
        return buf[off] & 0x0F;
    }

    public static boolean marker(byte[] buf, int off) {
        return (buf[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] buf, int off) {
        return buf[off + 1] & 0x7F;
    }

    /** 0..65535. */
    public static int sequenceNumber(byte[] buf, int off) {
        return readShort(buf, off + 2);
    }

    /** Unsigned 32 bits. */
    public static long timestamp(byte[] buf, int off) {
        return readUint32(buf, off + 4);
    }

    /** Unsigned 32 bits. */
    public static long ssrc(byte[] buf, int off) {
        return readUint32(buf, off + 8);
    }

    /** The i-th CSRC (unsigned); the caller checks {@code i < csrcCount} and the header length. */
    public static long csrc(byte[] buf, int off, int i) {
        return readUint32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    public static void setMarker(byte[] buf, int off, boolean marker) {
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    public static void setPayloadType(byte[] buf, int off, int payloadType) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    /** Writes the low 16 bits of {@code seq}. */
    public static void setSequenceNumber(byte[] buf, int off, int seq) {
        writeShort(buf, off + 2, seq);
    }

    /** Writes the low 32 bits of {@code timestamp}. */
    public static void setTimestamp(byte[] buf, int off, long timestamp) {
        writeInt(buf, off + 4, (int) timestamp);
    }

    /** Writes the low 32 bits of {@code ssrc}. */
    public static void setSsrc(byte[] buf, int off, long ssrc) {
        writeInt(buf, off + 8, (int) ssrc);
    }

    /**
     * Writes a 12-byte header with version 2, no padding, extension or CSRCs, for packets the server makes itself.
     *
     * @return 12, the bytes written
     */
    public static int writeHeader(byte[] buf, int off, int payloadType, int seq, long timestamp, long ssrc,
            boolean marker) {
        if ((payloadType & ~0x7F) != 0) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 7 bits");
        }
        buf[off] = (byte) (VERSION << 6);
        buf[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        setSequenceNumber(buf, off, seq);
        setTimestamp(buf, off, timestamp);
        setSsrc(buf, off, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && len <= buf.length - off;
    }

    static int readShort(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long readUint32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeShort(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 8);
        b[i + 1] = (byte) v;
    }

    static void writeInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >> 24);
        b[i + 1] = (byte) (v >> 16);
        b[i + 2] = (byte) (v >> 8);
        b[i + 3] = (byte) v;
    }
}
