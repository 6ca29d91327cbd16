package org.parley.client;

import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/** Writes the RTP header of a synthetic packet with its one-byte header extensions (RFC 8285). */
final class RtpHeaderWriter {
    private RtpHeaderWriter() {
    }

    /**
     * Header, then an extension block with abs-send-time (when {@code absSendTimeId > 0}) and audio level (when
     * {@code audioLevel >= 0}), padded to 32 bits.
     *
     * @return the header length: where the payload starts
     */
    static int write(byte[] buf, int payloadType, int sequence, long timestamp, long ssrc, boolean marker,
            int absSendTimeId, long nowNanos, int audioLevelId, int audioLevel) {
        int at = RtpPacket.writeHeader(buf, 0, payloadType, sequence & 0xffff, timestamp & 0xffffffffL, ssrc, marker);
        boolean absSendTime = absSendTimeId > 0;
        boolean level = audioLevelId > 0 && audioLevel >= 0;
        if (!absSendTime && !level) {
            return at;
        }
        buf[0] |= 0x10;
        int block = at;
        buf[block] = (byte) (HeaderExtensions.ONE_BYTE_PROFILE >>> 8);
        buf[block + 1] = (byte) HeaderExtensions.ONE_BYTE_PROFILE;
        at = block + 4;
        if (absSendTime) {
            // 6.18 fixed-point seconds, 24 bits
            long seconds = nowNanos / 1_000_000_000L;
            long fraction = ((nowNanos % 1_000_000_000L) << 18) / 1_000_000_000L;
            long value = ((seconds << 18) | fraction) & 0xffffff;
            buf[at++] = (byte) ((absSendTimeId << 4) | 2);
            buf[at++] = (byte) (value >>> 16);
            buf[at++] = (byte) (value >>> 8);
            buf[at++] = (byte) value;
        }
        if (level) {
            buf[at++] = (byte) (audioLevelId << 4);
            buf[at++] = (byte) (audioLevel & 0xff);
        }
        while ((at - block) % 4 != 0) {
            buf[at++] = 0;
        }
        int words = (at - block - 4) / 4;
        buf[block + 2] = (byte) (words >>> 8);
        buf[block + 3] = (byte) words;
        return at;
    }
}
