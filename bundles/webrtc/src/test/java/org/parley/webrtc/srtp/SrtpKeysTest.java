package org.parley.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpKeysTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void clientAndServerSplitTheMaterialAsMirrorImages(SrtpProfile profile) throws Exception {
        byte[] material = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) i;
        }
        int key = profile.keyLength();
        int salt = profile.saltLength();

        SrtpKeys client = SrtpKeys.fromDtlsKeyingMaterial(profile, material, true);
        SrtpKeys server = SrtpKeys.fromDtlsKeyingMaterial(profile, material, false);

        assertThat(client.localKey()).isEqualTo(Arrays.copyOfRange(material, 0, key));
        assertThat(client.remoteKey()).isEqualTo(Arrays.copyOfRange(material, key, 2 * key));
        assertThat(client.localSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key, 2 * key + salt));
        assertThat(client.remoteSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key + salt, material.length));
        assertThat(server.localKey()).isEqualTo(client.remoteKey());
        assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
        assertThat(server.remoteKey()).isEqualTo(client.localKey());
        assertThat(server.remoteSalt()).isEqualTo(client.localSalt());

        // What the client sends, the server's remote session unprotects, and the other way round.
        byte[] plain = SrtpSessionTest.rtp(1, 0xABCD, 0, false, 20);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int len = client.newLocalSession().protectRtp(buf, 0, plain.length);
        assertThat(server.newRemoteSession().unprotectRtp(buf, 0, len)).isEqualTo(plain.length);
        len = server.newLocalSession().protectRtp(buf, 0, plain.length);
        assertThat(client.newRemoteSession().unprotectRtp(buf, 0, len)).isEqualTo(plain.length);
        assertThat(client.toString()).doesNotContain("[B@");
    }

    @Test
    void materialOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> SrtpKeys.fromDtlsKeyingMaterial(SrtpProfile.AEAD_AES_128_GCM, new byte[60], true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profilesCarryTheirIanaIdsAndLengths() {
        assertThat(SrtpProfile.fromId(0x0001)).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(SrtpProfile.fromId(0x0002)).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
        assertThat(SrtpProfile.fromId(0x0007)).contains(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(SrtpProfile.fromId(0x0008)).contains(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(SrtpProfile.fromId(0x0005)).isEmpty();
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
        assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
        assertThat(SrtpProfile.AEAD_AES_256_GCM.keyingMaterialLength()).isEqualTo(88);
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_32.authTagLength()).isEqualTo(4);
        assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_32.rtcpAuthTagLength()).isEqualTo(10);
    }
}
