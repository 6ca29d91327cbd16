package org.parley.webrtc.srtp;

import java.security.GeneralSecurityException;

/**
 * The cryptographic half of one stream context: its own JCE engines (they are not thread-safe) bound
 * to one set of session keys, and scratch arrays reused for every packet. Stream state (ROC, replay
 * window, SRTCP index) stays in {@link StreamContext}; this class only transforms bytes in place.
 * The caller has already validated lengths and the header.
 */
abstract class SrtpTransform {

    /** A new transform with its own engines, for the SRTP or SRTCP session keys of {@code profile}. */
    static SrtpTransform create(SrtpProfile profile, SessionKeys keys) {
        try {
            return profile.isAead()
                    ? new AesGcmTransform(keys)
                    : new AesCmHmacSha1Transform(keys, profile.authTagLength(), profile.rtcpAuthTagLength());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE lacks what " + profile + " needs", e);
        }
    }

    /**
     * Encrypts the payload after {@code headerLength} and appends the tag.
     *
     * @param index the 48-bit SRTP packet index, ROC << 16 | SEQ
     * @return the protected length
     */
    abstract int protectRtp(byte[] buf, int off, int len, int headerLength, long ssrc, long index);

    /** Verifies the tag, then decrypts; returns the plaintext length. */
    abstract int unprotectRtp(byte[] buf, int off, int len, int headerLength, long ssrc, long index)
            throws SrtpException;

    /** Encrypts all but the first 8 bytes, appends E|index and the tag; returns the protected length. */
    abstract int protectRtcp(byte[] buf, int off, int len, long ssrc, int index);

    /** Where, from the start of a protected SRTCP packet of {@code len} bytes, the E|index word sits. */
    abstract int rtcpIndexWordPosition(int len);

    /** The shortest SRTCP packet this transform can parse: 8 header bytes, index word and tag. */
    abstract int minimumRtcpLength();

    /** Verifies and, if the E flag is set, decrypts; returns the plain RTCP length. */
    abstract int unprotectRtcp(byte[] buf, int off, int len, long ssrc, int indexWord) throws SrtpException;

    /**
     * Builds the per-packet IV in place: the session salt XOR the SSRC at {@code ssrcAt} XOR the 48-bit
     * index in the 6 bytes after it. AES-CM puts the SSRC at byte 4 of a 16-byte block (RFC 3711 4.1.1),
     * AES-GCM at byte 2 of a 12-byte IV (RFC 7714 8.1 and 9.1; for SRTCP the index is 31 bits).
     */
    static void writeIv(byte[] iv, byte[] salt, int ssrcAt, long ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, salt.length);
        for (int i = salt.length; i < iv.length; i++) {
            iv[i] = 0;
        }
        iv[ssrcAt] ^= (byte) (ssrc >>> 24);
        iv[ssrcAt + 1] ^= (byte) (ssrc >>> 16);
        iv[ssrcAt + 2] ^= (byte) (ssrc >>> 8);
        iv[ssrcAt + 3] ^= (byte) ssrc;
        iv[ssrcAt + 4] ^= (byte) (index >>> 40);
        iv[ssrcAt + 5] ^= (byte) (index >>> 32);
        iv[ssrcAt + 6] ^= (byte) (index >>> 24);
        iv[ssrcAt + 7] ^= (byte) (index >>> 16);
        iv[ssrcAt + 8] ^= (byte) (index >>> 8);
        iv[ssrcAt + 9] ^= (byte) index;
    }

    static void writeInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    /** JCE failures past validation are platform or programming errors, never packet content. */
    static IllegalStateException jceFailure(GeneralSecurityException e) {
        return new IllegalStateException("JCE failed on a validated packet", e);
    }
}
