package org.parley.webrtc.dtls;

import java.util.Arrays;

/**
 * The outcome of a successful DTLS-SRTP handshake.
 *
 * @param srtpProfileId the negotiated SRTP protection profile, as its IANA id (0x0001 AES_CM_128_HMAC_SHA1_80,
 *     0x0007 AEAD_AES_128_GCM, 0x0008 AEAD_AES_256_GCM, ...)
 * @param keyingMaterial the exported "EXTRACTOR-dtls_srtp" material, {@code 2 * (keyLength + saltLength)}
 *     bytes laid out as in RFC 5764 section 4.2: client key, server key, client salt, server salt
 * @param remoteFingerprint the verified peer certificate fingerprint, uppercase hex with colons, computed
 *     with the hash function named in the remote SDP
 * @param dtlsClient whether we were the DTLS client
 */
public record DtlsResult(int srtpProfileId, byte[] keyingMaterial, String remoteFingerprint, boolean dtlsClient) {

    public DtlsResult {
        int expected = 2 * (SrtpProfiles.keyLength(srtpProfileId) + SrtpProfiles.saltLength(srtpProfileId));
        if (keyingMaterial == null || keyingMaterial.length != expected) {
            throw new IllegalArgumentException("keying material must be " + expected + " bytes");
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** A copy of the whole exported keying material. */
    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    /** SRTP master key length of the negotiated profile, in bytes. */
    public int masterKeyLength() {
        return SrtpProfiles.keyLength(srtpProfileId);
    }

    /** SRTP master salt length of the negotiated profile, in bytes. */
    public int masterSaltLength() {
        return SrtpProfiles.saltLength(srtpProfileId);
    }

    /** The master key we protect outgoing SRTP/SRTCP with. */
    public byte[] localMasterKey() {
        return key(dtlsClient);
    }

    /** The master salt we protect outgoing SRTP/SRTCP with. */
    public byte[] localMasterSalt() {
        return salt(dtlsClient);
    }

    /** The master key the peer protects its SRTP/SRTCP with (we unprotect incoming packets with it). */
    public byte[] remoteMasterKey() {
        return key(!dtlsClient);
    }

    /** The master salt the peer protects its SRTP/SRTCP with. */
    public byte[] remoteMasterSalt() {
        return salt(!dtlsClient);
    }

    private byte[] key(boolean client) {
        int k = masterKeyLength();
        int from = client ? 0 : k;
        return Arrays.copyOfRange(keyingMaterial, from, from + k);
    }

    private byte[] salt(boolean client) {
        int k = masterKeyLength();
        int s = masterSaltLength();
        int from = 2 * k + (client ? 0 : s);
        return Arrays.copyOfRange(keyingMaterial, from, from + s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsResult r && r.srtpProfileId == srtpProfileId && r.dtlsClient == dtlsClient
            && r.remoteFingerprint.equals(remoteFingerprint) && Arrays.equals(r.keyingMaterial, keyingMaterial);
    }

    @Override
    public int hashCode() {
        return (31 * srtpProfileId + Arrays.hashCode(keyingMaterial)) * 31 + remoteFingerprint.hashCode()
            + (dtlsClient ? 1 : 0);
    }

    /** Never shows the keying material. */
    @Override
    public String toString() {
        return "DtlsResult[srtpProfile=" + SrtpProfiles.name(srtpProfileId) + ", remoteFingerprint="
            + remoteFingerprint + ", dtlsClient=" + dtlsClient + "]";
    }
}
