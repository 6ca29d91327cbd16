package org.parley.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Known-answer tests: RFC 3711 Appendix B, RFC 6188 7.2, RFC 7714 16 and 17, libsrtp's self-test. */
class SrtpRfcVectorsTest {

    // RFC 3711 B.3 master key and salt, also libsrtp's srtp_validate material.
    private static final byte[] CM_MASTER_KEY = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] CM_MASTER_SALT = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");

    // RFC 7714 16 and 17 session keys and salt ("Quid pro quo").
    private static final byte[] GCM_KEY_128 = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_KEY_256 = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] GCM_SALT = Hex.bytes("517569642070726f2071756f");

    private static final String GCM_RTP_PLAIN = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976"
            + "69736120 696e2070 61727465 73207472 6573";
    private static final String GCM_RTCP_PLAIN = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
            + "deadbeef deadbeef deadbeef deadbeef deadbeef";
    private static final long RTCP_SSRC = 0x4d617273L;

    @Test
    void rfc3711_b3_keyDerivation() {
        assertThat(SrtpKeyDerivation.derive(CM_MASTER_KEY, CM_MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(SrtpKeyDerivation.derive(CM_MASTER_KEY, CM_MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"));
        // The RFC prints 94 bytes of auth key: several counter blocks of the PRF.
        assertThat(SrtpKeyDerivation.derive(CM_MASTER_KEY, CM_MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION, 94))
                .isEqualTo(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2"));
    }

    @Test
    void rfc6188_aes256KeyDerivation() {
        byte[] key = Hex.bytes("F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6");
        byte[] salt = Hex.bytes("3B04803DE51EE7C96423AB5B78D2");
        assertThat(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 32))
                .isEqualTo(Hex.bytes("5BA1064E30EC51613CAD926C5A28EF731EC7FB397F70A960653CAF06554CD8C4"));
        assertThat(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(Hex.bytes("FA31791685CA444A9E07C6C64E93"));
    }

    /**
     * RFC 3711 B.2: with SSRC 0 and index 0 the IV is the salt shifted by 16 bits, and a zero payload
     * encrypts to the keystream itself; the RFC lists the first three and last three of 0xFF02 blocks.
     */
    @Test
    void rfc3711_b2_aesCmKeystream() throws Exception {
        SessionKeys keys = new SessionKeys(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"),
                Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), new byte[20]);
        SrtpSession session = SrtpSession.withSessionKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, keys);
        int payloadLength = 0xFF02 * 16;
        byte[] packet = new byte[12 + payloadLength + 10];
        packet[0] = (byte) 0x80;

        int protectedLength = session.protectRtp(packet, 0, 12 + payloadLength);

        assertThat(protectedLength).isEqualTo(12 + payloadLength + 10);
        assertThat(Hex.string(packet, 12, 48)).isEqualToIgnoringCase("E03EAD0935C95E80E166B16DD92B4EB4"
                + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0");
        assertThat(Hex.string(packet, 12 + 0xFEFF * 16, 48)).isEqualToIgnoringCase("EC8CDF7398607CB0F2D21675EA9EA1E4"
                + "362B7C3C6773516318A077D7FC5073AE" + "6A2CC3787889374FBEB4C81B17BA6C44");
    }

    /** libsrtp srtp_validate: AES_CM_128_HMAC_SHA1_80 from the master key, SSRC 0xcafebabe, SEQ 0x1234. */
    @Test
    void libsrtp_aesCmHmacSha1_80_rtp() throws Exception {
        byte[] plain = Hex.bytes("800f1234 decafbad cafebabe abababab abababab abababab abababab");
        byte[] expected = Hex.bytes("800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb");
        SrtpSession sender = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        byte[] buf = Arrays.copyOf(plain, plain.length + 10);

        assertThat(sender.protectRtp(buf, 0, plain.length)).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);

        SrtpSession receiver = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        assertThat(receiver.unprotectRtp(buf, 0, buf.length)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    /** libsrtp srtp_validate: SRTCP on the same profile, index 1, E|index before the 80-bit tag. */
    @Test
    void libsrtp_aesCmHmacSha1_80_rtcp() throws Exception {
        byte[] plain = Hex.bytes("81c8000b cafebabe abababab abababab abababab abababab");
        byte[] expected = Hex.bytes("81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");
        SrtpSession sender = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        sender.setNextRtcpIndex(0xcafebabeL, 1);
        byte[] buf = Arrays.copyOf(plain, plain.length + 14);

        assertThat(sender.protectRtcp(buf, 0, plain.length)).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);

        SrtpSession receiver = new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, CM_MASTER_KEY, CM_MASTER_SALT);
        assertThat(receiver.unprotectRtcp(buf, 0, buf.length)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    @Test
    void rfc7714_16_1_aes128GcmRtp() throws Exception {
        checkGcmRtp(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128, "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c"
                + "9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce");
    }

    @Test
    void rfc7714_16_2_aes256GcmRtp() throws Exception {
        checkGcmRtp(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256, "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa"
                + "332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13");
    }

    @Test
    void rfc7714_17_1_aes128GcmRtcpEncrypted() throws Exception {
        String protectedHex = "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1"
                + "730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";
        byte[] plain = Hex.bytes(GCM_RTCP_PLAIN);
        SrtpSession sender = gcmSession(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128);
        sender.setNextRtcpIndex(RTCP_SSRC, 0x5d4);
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.AEAD_AES_128_GCM.rtcpOverhead());

        assertThat(sender.protectRtcp(buf, 0, plain.length)).isEqualTo(buf.length);
        assertThat(buf).isEqualTo(Hex.bytes(protectedHex));

        checkGcmRtcpUnprotect(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128, protectedHex);
    }

    @Test
    void rfc7714_17_2_aes256GcmRtcpEncrypted() throws Exception {
        String protectedHex = "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1"
                + "110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4";
        byte[] plain = Hex.bytes(GCM_RTCP_PLAIN);
        SrtpSession sender = gcmSession(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256);
        sender.setNextRtcpIndex(RTCP_SSRC, 0x5d4);
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.AEAD_AES_256_GCM.rtcpOverhead());

        assertThat(sender.protectRtcp(buf, 0, plain.length)).isEqualTo(buf.length);
        assertThat(buf).isEqualTo(Hex.bytes(protectedHex));

        checkGcmRtcpUnprotect(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256, protectedHex);
    }

    /** E flag clear: the whole RTCP packet is associated data, only the tag and index are added. */
    @Test
    void rfc7714_17_3_aes128GcmRtcpAuthenticatedOnly() throws Exception {
        checkGcmRtcpUnprotect(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY_128,
                GCM_RTCP_PLAIN + "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");
    }

    @Test
    void rfc7714_17_4_aes256GcmRtcpAuthenticatedOnly() throws Exception {
        checkGcmRtcpUnprotect(SrtpProfile.AEAD_AES_256_GCM, GCM_KEY_256,
                GCM_RTCP_PLAIN + "91db4afb feee5a97 8fab4393 ed2615fe 000005d4");
    }

    private static void checkGcmRtp(SrtpProfile profile, byte[] key, String protectedHex) throws Exception {
        byte[] plain = Hex.bytes(GCM_RTP_PLAIN);
        byte[] expected = Hex.bytes(protectedHex);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);

        assertThat(gcmSession(profile, key).protectRtp(buf, 0, plain.length)).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);

        SrtpSession receiver = gcmSession(profile, key);
        assertThat(receiver.unprotectRtp(buf, 0, buf.length)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    private static void checkGcmRtcpUnprotect(SrtpProfile profile, byte[] key, String protectedHex) throws Exception {
        byte[] plain = Hex.bytes(GCM_RTCP_PLAIN);
        byte[] buf = Hex.bytes(protectedHex);
        SrtpSession receiver = gcmSession(profile, key);

        assertThat(receiver.unprotectRtcp(buf, 0, buf.length)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    private static SrtpSession gcmSession(SrtpProfile profile, byte[] key) {
        SessionKeys keys = new SessionKeys(key, GCM_SALT, new byte[0]);
        return SrtpSession.withSessionKeys(profile, keys, keys);
    }
}
