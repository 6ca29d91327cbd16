package org.parley.webrtc.dtls;

/**
 * The SRTP protection profiles (IANA "DTLS-SRTP Protection Profiles" ids) this package can negotiate, with
 * their master key and salt lengths (RFC 5764 section 4.1.2, RFC 7714 section 12).
 */
final class SrtpProfiles {
    static final int AES_CM_128_HMAC_SHA1_80 = 0x0001;
    static final int AES_CM_128_HMAC_SHA1_32 = 0x0002;
    static final int AEAD_AES_128_GCM = 0x0007;
    static final int AEAD_AES_256_GCM = 0x0008;

    private SrtpProfiles() {
    }

    static boolean isSupported(int id) {
        return id == AES_CM_128_HMAC_SHA1_80 || id == AES_CM_128_HMAC_SHA1_32
            || id == AEAD_AES_128_GCM || id == AEAD_AES_256_GCM;
    }

    static int keyLength(int id) {
        switch (id) {
            case AES_CM_128_HMAC_SHA1_80:
            case AES_CM_128_HMAC_SHA1_32:
            case AEAD_AES_128_GCM:
                return 16;
            case AEAD_AES_256_GCM:
                return 32;
            default:
                throw unknown(id);
        }
    }

    static int saltLength(int id) {
        switch (id) {
            case AES_CM_128_HMAC_SHA1_80:
            case AES_CM_128_HMAC_SHA1_32:
                return 14;
            case AEAD_AES_128_GCM:
            case AEAD_AES_256_GCM:
                return 12;
            default:
                throw unknown(id);
        }
    }

    static String name(int id) {
        switch (id) {
            case AES_CM_128_HMAC_SHA1_80:
                return "SRTP_AES128_CM_HMAC_SHA1_80";
            case AES_CM_128_HMAC_SHA1_32:
                return "SRTP_AES128_CM_HMAC_SHA1_32";
            case AEAD_AES_128_GCM:
                return "SRTP_AEAD_AES_128_GCM";
            case AEAD_AES_256_GCM:
                return "SRTP_AEAD_AES_256_GCM";
            default:
                return String.format("0x%04X", id);
        }
    }

    private static IllegalArgumentException unknown(int id) {
        return new IllegalArgumentException("unsupported SRTP protection profile " + String.format("0x%04X", id));
    }
}
