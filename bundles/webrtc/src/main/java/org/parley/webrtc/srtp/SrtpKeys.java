package org.parley.webrtc.srtp;

/**
 * The master keys and salts of both directions of one DTLS-SRTP association: {@code local*} protects
 * what this side sends, {@code remote*} unprotects what it receives.
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    public SrtpKeys {
        if (profile == null) {
            throw new IllegalArgumentException("profile is null");
        }
        requireLength("localKey", localKey, profile.keyLength());
        requireLength("remoteKey", remoteKey, profile.keyLength());
        requireLength("localSalt", localSalt, profile.saltLength());
        requireLength("remoteSalt", remoteSalt, profile.saltLength());
    }

    /**
     * Splits keying material exported from DTLS with the label "EXTRACTOR-dtls_srtp", laid out as
     * client_write_key | server_write_key | client_write_salt | server_write_salt (RFC 5764 4.2).
     */
    public static SrtpKeys fromDtlsKeyingMaterial(SrtpProfile profile, byte[] material, boolean localIsDtlsClient) {
        if (material == null || material.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("keying material for " + profile + " must be "
                    + profile.keyingMaterialLength() + " bytes, got " + (material == null ? "null" : material.length));
        }
        int keyLength = profile.keyLength();
        int saltLength = profile.saltLength();
        byte[] clientKey = slice(material, 0, keyLength);
        byte[] serverKey = slice(material, keyLength, keyLength);
        byte[] clientSalt = slice(material, 2 * keyLength, saltLength);
        byte[] serverSalt = slice(material, 2 * keyLength + saltLength, saltLength);
        return localIsDtlsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /** The session that protects what this side sends. */
    public SrtpSession newLocalSession() {
        return new SrtpSession(profile, localKey, localSalt);
    }

    /** The session that unprotects what this side receives. */
    public SrtpSession newRemoteSession() {
        return new SrtpSession(profile, remoteKey, remoteSalt);
    }

    /** Names the profile only: keys must not end up in logs. */
    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }

    private static byte[] slice(byte[] material, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(material, from, part, 0, length);
        return part;
    }

    private static void requireLength(String name, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes");
        }
    }
}
