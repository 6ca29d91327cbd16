package org.parley.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    final PasswordHasher hasher = new PasswordHasher(8192, 1, 1);

    @Test
    void hashesAreArgon2idPhcStringsWithRandomSalt() {
        String a = hasher.hash("correct horse");
        String b = hasher.hash("correct horse");
        assertThat(a).matches("\\$argon2id\\$v=19\\$m=8192,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(a).isNotEqualTo(b);
        assertThat(hasher.verify("correct horse", a)).isTrue();
        assertThat(hasher.verify("correct horse", b)).isTrue();
        assertThat(hasher.verify("correct hors", a)).isFalse();
        assertThat(hasher.verify("", a)).isFalse();
        assertThat(hasher.verify("pässwörd 🔑", hasher.hash("pässwörd 🔑"))).isTrue();
    }

    @Test
    void verifiesWithTheParametersStoredInTheHash() {
        String old = new PasswordHasher(8, 1, 1).hash("secret secret");
        assertThat(hasher.verify("secret secret", old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
        assertThat(hasher.needsRehash(hasher.hash("x"))).isFalse();
    }

    @Test
    void unreadableHashesNeverMatch() {
        for (String bad : new String[] { null, "", "plain", "$argon2i$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
                "$argon2id$v=19$m=9999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=1,t=1,p=1$$",
                "$argon2id$v=19$m=8192,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" }) {
            assertThat(hasher.verify("anything", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    /** BouncyCastle's Argon2id against the RFC 9106 test vector (section 5.3), so the primitive is the real one. */
    @Test
    void argon2idMatchesRfc9106() {
        byte[] password = new byte[32];
        java.util.Arrays.fill(password, (byte) 0x01);
        byte[] salt = new byte[16];
        java.util.Arrays.fill(salt, (byte) 0x02);
        byte[] secret = new byte[8];
        java.util.Arrays.fill(secret, (byte) 0x03);
        byte[] ad = new byte[12];
        java.util.Arrays.fill(ad, (byte) 0x04);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withSecret(secret).withAdditional(ad).withMemoryAsKB(32).withIterations(3).withParallelism(4).build());
        byte[] tag = new byte[32];
        generator.generateBytes(password, tag);
        assertThat(Hex.toHexString(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
        assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }
}
