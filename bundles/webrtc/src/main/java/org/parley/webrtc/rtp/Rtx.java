package org.parley.webrtc.rtp;

/**
 * RTP retransmission payload format (RFC 4588): an RTX packet is the original packet with its own payload type,
 * SSRC and sequence number, and the original sequence number (OSN) as the first two payload bytes.
 */
public final class Rtx {
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /**
     * Turns the RTX packet in {@code buf[off, off + len)} back into the original packet in place: the OSN becomes the
     * sequence number, the payload moves two bytes down, padding is dropped and PT and SSRC are set.
     *
     * @return the original packet's length, or -1 when the packet is malformed or has no OSN
     */
    public static int unwrap(byte[] buf, int off, int len, int originalPayloadType, long originalSsrc) {
        int header = RtpPacket.headerLength(buf, off, len);
        int payload = RtpPacket.payloadLength(buf, off, len);
        if (header < 0 || payload < OSN_LENGTH) {
            return -1;
        }
        int payloadAt = off + header;
        int osn = RtpPacket.readShort(buf, payloadAt);
        System.arraycopy(buf, payloadAt + OSN_LENGTH, buf, payloadAt, payload - OSN_LENGTH);
        // The padding was the RTX sender's; the original packet needs none.
        buf[off] &= ~0x20;
        RtpPacket.setSequenceNumber(buf, off, osn);
        RtpPacket.setPayloadType(buf, off, originalPayloadType);
        RtpPacket.setSsrc(buf, off, originalSsrc);
        return header + payload - OSN_LENGTH;
    }

    /**
     * Writes the RTX packet for the original packet {@code src[srcOff, srcOff + srcLen)} into {@code dst} at
     * {@code dstOff}: header (CSRCs and extensions kept), OSN, payload without padding. {@code dst} may be
     * {@code src} at the same offset when the buffer has two spare bytes after the packet.
     *
     * @return the RTX packet's length, or -1 when the original is malformed or {@code dst} is too small
     */
    public static int wrap(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int rtxPayloadType,
            long rtxSsrc, int rtxSeq) {
        int header = RtpPacket.headerLength(src, srcOff, srcLen);
        int payload = RtpPacket.payloadLength(src, srcOff, srcLen);
        int length = header + OSN_LENGTH + payload;
        if (header < 0 || payload < 0 || dst == null || dstOff < 0 || length > dst.length - dstOff) {
            return -1;
        }
        int osn = RtpPacket.sequenceNumber(src, srcOff);
        // Payload first and header second, so that wrapping in place never overwrites bytes still to be copied.
        System.arraycopy(src, srcOff + header, dst, dstOff + header + OSN_LENGTH, payload);
        System.arraycopy(src, srcOff, dst, dstOff, header);
        RtpPacket.writeShort(dst, dstOff + header, osn);
        dst[dstOff] &= ~0x20;
        RtpPacket.setSequenceNumber(dst, dstOff, rtxSeq);
        RtpPacket.setPayloadType(dst, dstOff, rtxPayloadType);
        RtpPacket.setSsrc(dst, dstOff, rtxSsrc);
        return length;
    }
}
