package org.parley.webrtc.rtcp;

/**
 * What {@link RtcpCompound#forEach} found, packet by packet in order. Every method has an empty default so a
 * visitor implements only what it needs. SSRCs, timestamps and counters are unsigned 32-bit values in a long.
 * Byte ranges point into the caller's buffer and are valid only during the call.
 */
public interface RtcpVisitor {
    /** A sender report's sender info; its report blocks follow as {@link #onReportBlock} calls. */
    default void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
    }

    /**
     * One report block of an SR or RR.
     *
     * @param fractionLost 0..255, the fraction lost times 256
     * @param cumulativeLost signed 24 bits, sign-extended
     */
    default void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
    }

    /** A receiver report's sender SSRC; its report blocks follow as {@link #onReportBlock} calls. */
    default void onReceiverReport(long ssrc) {
    }

    default void onPli(long senderSsrc, long mediaSsrc) {
    }

    /** One FIR FCI entry (RFC 5104 section 4.3.1): the SSRC asked for a key frame and the command sequence number. */
    default void onFir(long senderSsrc, long mediaSsrc, int seqNr) {
    }

    /** One generic NACK FCI entry; {@link Nacks} expands it into sequence numbers. */
    default void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
    }

    /**
     * A REMB estimate in bits per second for the SSRCs at {@code buf[ssrcsOff + 4 * i]}, read them with
     * {@link RtcpCompound#readUint32}. A bitrate too large for a long is reported as {@link Long#MAX_VALUE}.
     */
    default void onRemb(long senderSsrc, long bitrate, byte[] buf, int ssrcsOff, int ssrcCount) {
    }

    /** A transport-wide congestion control feedback; its FCI (at least 8 bytes) is left to the caller to decode. */
    default void onTransportCc(long senderSsrc, long mediaSsrc, byte[] buf, int fciOff, int fciLen) {
    }

    /** One SDES item, such as CNAME (type 1), of the chunk for {@code ssrc}; the text is UTF-8. */
    default void onSdes(long ssrc, int itemType, byte[] buf, int textOff, int textLen) {
    }

    /** One SSRC leaving, from a BYE. */
    default void onBye(long ssrc) {
    }

    /**
     * Any other packet, or a feedback message of a format this package does not decode.
     *
     * @param fmt the 5 bits after the padding bit: the report count or feedback message type
     * @param off the packet's first header byte; {@code len} covers it without padding
     */
    default void onOther(int packetType, int fmt, byte[] buf, int off, int len) {
    }
}
