package org.parley.webrtc.srtp;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SRTP and SRTCP protection of one direction of one peer connection (RFC 3711, RFC 7714): one session
 * protects what we send, another unprotects what we receive. Packets are transformed in place in the
 * caller's buffer.
 *
 * <h2>Threads</h2>
 * SRTP calls for <em>different</em> SSRCs may run concurrently; calls for the <em>same</em> SSRC must
 * come from one thread at a time (the caller's per-stream ordering already ensures that). Each SSRC has
 * its own context with its own {@code Cipher}/{@code Mac} instances, found through a lock-free table.
 * The SRTCP methods are {@code synchronized}: RTCP is a few packets a second. {@link #removeSsrc} and
 * {@link #ssrcCount} may be called from any thread.
 *
 * <h2>Allocation per packet</h2>
 * No stream state, buffer or engine is allocated per packet: contexts, IV arrays, digest arrays and
 * engines are made once per SSRC; the ciphers write to a reused scratch array because the JDK would
 * copy overlapping input to a fresh array on every call. What the JCE still forces on each packet is
 * an {@code IvParameterSpec} (AES-CM) or {@code GCMParameterSpec} (AES-GCM) plus the IV and key copies
 * {@code Cipher.init} makes: measured on JDK 17 with 1200-byte payloads, about 150 bytes a packet for
 * AES-CM and about 1.1 KB for AES-GCM, whose JDK engine buffers internally. Dropped packets
 * allocate their {@link SrtpException} (without a stack trace). A packet from an unknown SSRC that
 * fails to authenticate is checked on a spare context, so a flood of forged SSRCs creates no contexts.
 *
 * <h2>Failures</h2>
 * Anything wrong with a packet's content raises {@link SrtpException} and leaves the stream state as it
 * was; a caller violating the contract (offsets outside the array, no room for the tag) gets an
 * unchecked exception. An unprotect method that throws leaves the packet bytes as they were.
 */
public final class SrtpSession {
    private static final int RTP_FIXED_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;

    private final SrtpProfile profile;
    private final SessionKeys rtpKeys;
    private final SessionKeys rtcpKeys;
    private final SsrcTable<StreamContext> rtpStreams = new SsrcTable<>();
    private final AtomicReference<StreamContext> spareRtpStream = new AtomicReference<>();
    /** Guarded by {@code this}. */
    private final SsrcTable<StreamContext> rtcpStreams = new SsrcTable<>();
    /** Guarded by {@code this}. */
    private StreamContext spareRtcpStream;

    /** A session keyed by a DTLS-SRTP master key and salt, from which the session keys are derived. */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        this(profile, deriveRtp(profile, masterKey, masterSalt), SrtpKeyDerivation.rtcpKeys(profile, masterKey, masterSalt));
    }

    private SrtpSession(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys) {
        this.profile = profile;
        this.rtpKeys = rtpKeys;
        this.rtcpKeys = rtcpKeys;
    }

    /** A session on given session keys, skipping derivation: what the RFC test vectors are stated in. */
    static SrtpSession withSessionKeys(SrtpProfile profile, SessionKeys rtpKeys, SessionKeys rtcpKeys) {
        return new SrtpSession(Objects.requireNonNull(profile), rtpKeys, rtcpKeys);
    }

    private static SessionKeys deriveRtp(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        Objects.requireNonNull(profile, "profile");
        if (masterKey == null || masterKey.length != profile.keyLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte master key");
        }
        if (masterSalt == null || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.saltLength() + "-byte master salt");
        }
        return SrtpKeyDerivation.rtpKeys(profile, masterKey, masterSalt);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts the RTP packet at {@code buf[off, off+len)} in place and appends the authentication tag;
     * {@code buf} must have {@link SrtpProfile#authTagLength()} spare bytes after the packet. The
     * packet index follows the sequence number across wraps (the ROC), retransmissions included.
     *
     * @return the SRTP packet length
     * @throws SrtpException MALFORMED if this is not an RTP packet; TOO_OLD for a sequence number
     *         that would precede the stream's first packet
     */
    public int protectRtp(byte[] buf, int off, int len) throws SrtpException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int headerLength = rtpHeaderLength(buf, off, len);
        requireRoom(buf, off, len, profile.authTagLength());
        long ssrc = readUint32(buf, off + 8);
        StreamContext stream = rtpStreams.get(ssrc);
        if (stream == null) {
            stream = rtpStreams.putIfAbsent(ssrc, newRtpStream());
        }
        long index = stream.estimateIndex(readUint16(buf, off + 2));
        if (index < 0) {
            throw new SrtpException(SrtpException.Reason.TOO_OLD, "sequence number precedes the stream's first");
        }
        stream.window.markReceived(index);
        return stream.transform.protectRtp(buf, off, len, headerLength, ssrc, index);
    }

    /**
     * Authenticates and decrypts the SRTP packet at {@code buf[off, off+len)} in place.
     *
     * @return the RTP packet length (the tag removed)
     * @throws SrtpException MALFORMED, REPLAYED, TOO_OLD or AUTH_FAILED; the stream state is unchanged
     */
    public int unprotectRtp(byte[] buf, int off, int len) throws SrtpException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int headerLength = rtpHeaderLength(buf, off, len);
        if (len - headerLength < profile.authTagLength()) {
            throw malformed("SRTP packet shorter than header and tag");
        }
        long ssrc = readUint32(buf, off + 8);
        StreamContext stream = rtpStreams.get(ssrc);
        boolean stored = stream != null;
        if (!stored) {
            stream = takeSpareRtpStream();
        }
        try {
            long index = stream.estimateIndex(readUint16(buf, off + 2));
            if (index < 0) {
                throw new SrtpException(SrtpException.Reason.TOO_OLD, "sequence number precedes the stream's first");
            }
            stream.window.checkFresh(index);
            int plainLength = stream.transform.unprotectRtp(buf, off, len, headerLength, ssrc, index);
            stream.window.markReceived(index);
            if (!stored) {
                rtpStreams.putIfAbsent(ssrc, stream);
                stored = true;
            }
            return plainLength;
        } finally {
            if (!stored) {
                stream.reset();
                spareRtpStream.set(stream);
            }
        }
    }

    /**
     * Encrypts the compound RTCP packet at {@code buf[off, off+len)} in place (E flag set) and appends
     * the SRTCP index word and tag; {@code buf} must have {@link SrtpProfile#rtcpOverhead()} spare bytes.
     * The index is counted per sender SSRC (bytes 4..7) from zero.
     *
     * @return the SRTCP packet length
     * @throws SrtpException MALFORMED if this is not an RTCP packet
     */
    public synchronized int protectRtcp(byte[] buf, int off, int len) throws SrtpException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < RTCP_HEADER_LENGTH || !isVersion2(buf[off])) {
            throw malformed("not an RTCP packet");
        }
        requireRoom(buf, off, len, profile.rtcpOverhead());
        long ssrc = readUint32(buf, off + 4);
        StreamContext stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            stream = rtcpStreams.putIfAbsent(ssrc, newRtcpStream());
        }
        int index = stream.nextRtcpIndex;
        // 31 bits; a session sending 2^31 RTCP packets would have to be re-keyed long before.
        stream.nextRtcpIndex = (index + 1) & 0x7FFF_FFFF;
        return stream.transform.protectRtcp(buf, off, len, ssrc, index);
    }

    /**
     * Authenticates and, when its E flag is set, decrypts the SRTCP packet at {@code buf[off, off+len)}
     * in place.
     *
     * @return the RTCP packet length (index word and tag removed)
     * @throws SrtpException MALFORMED, REPLAYED, TOO_OLD or AUTH_FAILED; the stream state is unchanged
     */
    public synchronized int unprotectRtcp(byte[] buf, int off, int len) throws SrtpException {
        Objects.checkFromIndexSize(off, len, buf.length);
        StreamContext stream;
        long ssrc;
        boolean stored;
        if (len < 8 || !isVersion2(buf[off])) {
            throw malformed("not an SRTCP packet");
        }
        ssrc = readUint32(buf, off + 4);
        stream = rtcpStreams.get(ssrc);
        stored = stream != null;
        if (!stored) {
            stream = spareRtcpStream != null ? spareRtcpStream : newRtcpStream();
            spareRtcpStream = null;
        }
        try {
            if (len < stream.transform.minimumRtcpLength()) {
                throw malformed("SRTCP packet shorter than header, index and tag");
            }
            int indexWord = (int) readUint32(buf, off + stream.transform.rtcpIndexWordPosition(len));
            long index = indexWord & 0x7FFF_FFFF;
            stream.window.checkFresh(index);
            int plainLength = stream.transform.unprotectRtcp(buf, off, len, ssrc, indexWord);
            stream.window.markReceived(index);
            if (!stored) {
                rtcpStreams.putIfAbsent(ssrc, stream);
                stored = true;
            }
            return plainLength;
        } finally {
            if (!stored) {
                stream.reset();
                spareRtcpStream = stream;
            }
        }
    }

    /** How many SSRCs have SRTP or SRTCP state in this session. */
    public int ssrcCount() {
        int[] count = {rtpStreams.size()};
        synchronized (this) {
            rtcpStreams.forEachSsrc(ssrc -> {
                if (!rtpStreams.contains(ssrc)) {
                    count[0]++;
                }
            });
        }
        return count[0];
    }

    /**
     * Forgets an SSRC's SRTP and SRTCP state (ROC, replay window, SRTCP index), e.g. when its track
     * ends. Should a packet of that SSRC come later it starts over as a new stream, so call this only
     * for SSRCs that are gone, not concurrently with packets of that SSRC.
     */
    public void removeSsrc(long ssrc) {
        rtpStreams.remove(ssrc);
        synchronized (this) {
            rtcpStreams.remove(ssrc);
        }
    }

    /** Sets the next SRTCP index a sender SSRC uses, to reproduce the RFC 7714 vectors. */
    synchronized void setNextRtcpIndex(long ssrc, int index) {
        StreamContext stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            stream = rtcpStreams.putIfAbsent(ssrc, newRtcpStream());
        }
        stream.nextRtcpIndex = index;
    }

    private StreamContext takeSpareRtpStream() {
        StreamContext spare = spareRtpStream.getAndSet(null);
        return spare != null ? spare : newRtpStream();
    }

    private StreamContext newRtpStream() {
        return new StreamContext(SrtpTransform.create(profile, rtpKeys));
    }

    private StreamContext newRtcpStream() {
        return new StreamContext(SrtpTransform.create(profile, rtcpKeys));
    }

    /** The RTP header length, CSRCs and header extension included (RFC 3550 5.1, 5.3.1). */
    private static int rtpHeaderLength(byte[] buf, int off, int len) throws SrtpException {
        if (len < RTP_FIXED_HEADER_LENGTH || !isVersion2(buf[off])) {
            throw malformed("not an RTP packet");
        }
        int firstByte = buf[off] & 0xFF;
        int headerLength = RTP_FIXED_HEADER_LENGTH + 4 * (firstByte & 0x0F);
        if ((firstByte & 0x10) != 0) {
            if (len < headerLength + 4) {
                throw malformed("RTP header extension runs past the packet");
            }
            headerLength += 4 + 4 * readUint16(buf, off + headerLength + 2);
        }
        if (headerLength > len) {
            throw malformed("RTP header runs past the packet");
        }
        return headerLength;
    }

    private static void requireRoom(byte[] buf, int off, int len, int spare) {
        if (buf.length - off - len < spare) {
            throw new IllegalArgumentException("the buffer needs " + spare + " spare bytes after the packet");
        }
    }

    private static boolean isVersion2(byte firstByte) {
        return (firstByte & 0xC0) == 0x80;
    }

    private static SrtpException malformed(String message) {
        return new SrtpException(SrtpException.Reason.MALFORMED, message);
    }

    private static int readUint16(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF;
    }

    private static long readUint32(byte[] buf, int at) {
        return ((long) (buf[at] & 0xFF) << 24) | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }
}
