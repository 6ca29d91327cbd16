package org.parley.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 4.3) with a key derivation rate of zero: AES in counter
 * mode keyed by the master key (AES-128 or AES-256 by the key's length, RFC 6188 / RFC 7714 11),
 * starting from the master salt with the label mixed in. Runs once per session, so it allocates freely.
 */
final class SrtpKeyDerivation {
    static final int LABEL_RTP_ENCRYPTION = 0x00;
    static final int LABEL_RTP_AUTHENTICATION = 0x01;
    static final int LABEL_RTP_SALT = 0x02;
    static final int LABEL_RTCP_ENCRYPTION = 0x03;
    static final int LABEL_RTCP_AUTHENTICATION = 0x04;
    static final int LABEL_RTCP_SALT = 0x05;

    private SrtpKeyDerivation() {
    }

    /**
     * {@code length} bytes of PRF output for {@code label}. The key_id (label || index DIV kdr, 7 bytes)
     * is right-aligned against the 14-byte salt, so the label lands at byte 7; a 12-byte AEAD master
     * salt is zero-padded to 14 bytes first (RFC 7714 11).
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] counterBlock = new byte[16];
        System.arraycopy(masterSalt, 0, counterBlock, 0, masterSalt.length);
        counterBlock[7] ^= (byte) label;
        try {
            Cipher aesCounter = Jce.cipher("AES/CTR/NoPadding");
            aesCounter.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(counterBlock));
            return aesCounter.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES counter mode unavailable", e);
        }
    }

    /** The SRTP (RTP) session keys of a direction. */
    static SessionKeys rtpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return new SessionKeys(
                derive(masterKey, masterSalt, LABEL_RTP_ENCRYPTION, profile.keyLength()),
                derive(masterKey, masterSalt, LABEL_RTP_SALT, profile.saltLength()),
                profile.isAead() ? new byte[0]
                        : derive(masterKey, masterSalt, LABEL_RTP_AUTHENTICATION, SrtpProfile.HMAC_SHA1_KEY_LENGTH));
    }

    /** The SRTCP session keys of a direction. */
    static SessionKeys rtcpKeys(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return new SessionKeys(
                derive(masterKey, masterSalt, LABEL_RTCP_ENCRYPTION, profile.keyLength()),
                derive(masterKey, masterSalt, LABEL_RTCP_SALT, profile.saltLength()),
                profile.isAead() ? new byte[0]
                        : derive(masterKey, masterSalt, LABEL_RTCP_AUTHENTICATION, SrtpProfile.HMAC_SHA1_KEY_LENGTH));
    }
}
