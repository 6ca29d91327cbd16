package org.parley.webrtc.srtp;

import java.util.Optional;

/**
 * The DTLS-SRTP protection profiles this package implements, with their IANA ids (RFC 5764 4.1.2,
 * RFC 7714 14.2) and key, salt and tag lengths in bytes.
 */
public enum SrtpProfile {
    /** AES-128 counter mode, HMAC-SHA1 truncated to 80 bits on SRTP and SRTCP. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10),
    /** As the _80 profile but with a 32-bit SRTP tag; SRTCP keeps the 80-bit tag (RFC 5764 4.1.2). */
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10),
    /** AES-128-GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16),
    /** AES-256-GCM with a 128-bit tag (RFC 7714). */
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16);

    /** Length of the HMAC-SHA1 session authentication key of the AES-CM profiles (RFC 3711 5.2). */
    static final int HMAC_SHA1_KEY_LENGTH = 20;

    private final int id;
    private final int keyLength;
    private final int saltLength;
    private final int authTagLength;
    private final int rtcpAuthTagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int authTagLength, int rtcpAuthTagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.authTagLength = authTagLength;
        this.rtcpAuthTagLength = rtcpAuthTagLength;
    }

    /** The two-byte SRTPProtectionProfile value of the DTLS use_srtp extension. */
    public int id() {
        return id;
    }

    /** Master (and session) encryption key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** Master (and session) salt length in bytes. */
    public int saltLength() {
        return saltLength;
    }

    /** SRTP authentication tag length in bytes: the bytes {@code protectRtp} appends. */
    public int authTagLength() {
        return authTagLength;
    }

    /** SRTCP authentication tag length in bytes. */
    public int rtcpAuthTagLength() {
        return rtcpAuthTagLength;
    }

    /** The bytes {@code protectRtcp} appends: the E flag and SRTCP index word plus the tag. */
    public int rtcpOverhead() {
        return 4 + rtcpAuthTagLength;
    }

    /** Whether this is an AEAD (AES-GCM) profile rather than AES-CM with HMAC-SHA1. */
    public boolean isAead() {
        return this == AEAD_AES_128_GCM || this == AEAD_AES_256_GCM;
    }

    /** Bytes to export from the DTLS session: both sides' keys and salts (RFC 5764 4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile with that DTLS-SRTP id, or empty for one this package does not implement. */
    public static Optional<SrtpProfile> fromId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.id == id) {
                return Optional.of(profile);
            }
        }
        return Optional.empty();
    }
}
