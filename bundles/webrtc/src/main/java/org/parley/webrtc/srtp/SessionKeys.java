package org.parley.webrtc.srtp;

/**
 * The session keys of one packet type (SRTP or SRTCP) of one direction, as derived from the master
 * key (RFC 3711 4.3) or, in tests, given directly. {@code authKey} is empty for AEAD profiles.
 */
record SessionKeys(byte[] encryptionKey, byte[] salt, byte[] authKey) {

    @Override
    public String toString() {
        return "SessionKeys[redacted]";
    }
}
