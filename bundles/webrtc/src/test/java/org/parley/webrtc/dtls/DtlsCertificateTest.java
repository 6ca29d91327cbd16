package org.parley.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();

    @Test
    void generatesSelfSignedEcdsaP256Certificate() throws Exception {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(CERT.encoded()));
        assertThat(x509.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=parley");
        assertThat(x509.getIssuerX500Principal()).isEqualTo(x509.getSubjectX500Principal());
        assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(x509.getPublicKey().getEncoded()).hasSizeGreaterThan(60);
        x509.checkValidity(new Date());
        x509.verify(x509.getPublicKey());
        assertThat(x509.getSerialNumber().signum()).isPositive();
        assertThat(CERT.privateKey().isPrivate()).isTrue();
    }

    @Test
    void certificatesAreDistinct() {
        assertThat(DtlsCertificate.generate().fingerprintSha256()).isNotEqualTo(CERT.fingerprintSha256());
    }

    @Test
    void sha256FingerprintIsUppercaseHexWithColons() {
        String fp = CERT.fingerprintSha256();
        assertThat(fp).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(fp).isEqualTo(DtlsCertificate.fingerprint("sha-256", CERT.encoded()));
        assertThat(CERT.fingerprint("SHA-256")).isEqualTo(fp);
    }

    @Test
    void knownDigestVectors() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(DtlsCertificate.fingerprint("sha-256", abc)).isEqualTo(
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD");
        assertThat(DtlsCertificate.fingerprint("sha-1", abc))
            .isEqualTo("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D");
        assertThat(DtlsCertificate.fingerprint("sha-384", abc)).startsWith("CB:00:75:3F").hasSize(48 * 3 - 1);
        assertThat(DtlsCertificate.fingerprint("sha-512", abc)).startsWith("DD:AF:35:A1").hasSize(64 * 3 - 1);
    }

    @Test
    void loadsFromDerAndPkcs8() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        java.security.KeyPair kp = g.generateKeyPair();
        DtlsCertificate loaded = DtlsCertificate.of(CERT.encoded(), kp.getPrivate().getEncoded());
        assertThat(loaded.fingerprintSha256()).isEqualTo(CERT.fingerprintSha256());
        assertThatThrownBy(() -> DtlsCertificate.of(new byte[] {1, 2, 3}, kp.getPrivate().getEncoded()))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsUnknownHashFunction() {
        assertThatThrownBy(() -> DtlsCertificate.fingerprint("md5", new byte[1]))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesFingerprintInEitherCase() {
        String fp = CERT.fingerprintSha256();
        assertThat(DtlsCertificate.parseFingerprint(fp.toLowerCase()))
            .isEqualTo(DtlsCertificate.parseFingerprint(fp));
    }
}
