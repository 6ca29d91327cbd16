package org.parley.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A DTLS certificate with its private key: the identity whose fingerprint is published in SDP
 * ({@code a=fingerprint:sha-256 ...}). Immutable and safe to share between many {@link DtlsTransport}s.
 */
public final class DtlsCertificate {
    private static final HexFormat FINGERPRINT_HEX = HexFormat.ofDelimiter(":").withUpperCase();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] encoded;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprintSha256;

    private DtlsCertificate(byte[] encoded, AsymmetricKeyParameter privateKey) {
        this.encoded = encoded;
        this.privateKey = privateKey;
        this.fingerprintSha256 = fingerprint("sha-256", encoded);
    }

    /**
     * Generates a self-signed ECDSA P-256 certificate (SHA256withECDSA, random 64-bit serial, CN=parley,
     * valid from 30 days ago to one year ahead).
     */
    public static DtlsCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=parley");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofDays(30))), Date.from(now.plus(Duration.ofDays(365))), name,
                keyPair.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new DtlsCertificate(holder.getEncoded(),
                PrivateKeyFactory.createKey(keyPair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a DTLS certificate", e);
        }
    }

    /**
     * A certificate loaded from its DER encoding and the PKCS#8 DER encoding of its private key (for a
     * persisted identity). The key must be the certificate's EC private key (ECDSA is what DTLS signs with).
     */
    public static DtlsCertificate of(byte[] certificateDer, byte[] pkcs8PrivateKey) {
        AsymmetricKeyParameter key;
        X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(certificateDer);
            key = PrivateKeyFactory.createKey(pkcs8PrivateKey);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a certificate and PKCS#8 private key", e);
        }
        if (!(key instanceof org.bouncycastle.crypto.params.ECPrivateKeyParameters) || !key.isPrivate()) {
            throw new IllegalArgumentException("the private key must be an EC private key");
        }
        try {
            return new DtlsCertificate(holder.getEncoded(), key);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the certificate", e);
        }
    }

    /** The SHA-256 fingerprint, uppercase hex with colons ("AB:CD:..."), as SDP wants it. */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    /** The fingerprint with the given SDP hash function name (sha-1, sha-256, sha-384, sha-512). */
    public String fingerprint(String hashFunction) {
        return fingerprint(hashFunction, encoded);
    }

    /** The DER encoding of the certificate (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The private key, as BouncyCastle's lightweight key parameter. */
    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The certificate as a one-element BC TLS chain for the given crypto. */
    Certificate tlsCertificate(TlsCrypto crypto) throws IOException {
        TlsCertificate certificate = crypto.createCertificate(encoded);
        return new Certificate(new TlsCertificate[] {certificate});
    }

    /**
     * The RFC 8122 fingerprint of a DER-encoded certificate: uppercase hex bytes separated by colons.
     *
     * @param hashFunction the SDP hash function name: sha-256, sha-1, sha-384 or sha-512 (case-insensitive)
     * @throws IllegalArgumentException for another hash function
     */
    public static String fingerprint(String hashFunction, byte[] derEncoded) {
        return FINGERPRINT_HEX.formatHex(digest(hashFunction, derEncoded));
    }

    static byte[] digest(String hashFunction, byte[] data) {
        try {
            return MessageDigest.getInstance(jcaDigestName(hashFunction)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses "AB:CD:..." (either case) into bytes; IllegalArgumentException when malformed. */
    static byte[] parseFingerprint(String value) {
        return FINGERPRINT_HEX.parseHex(value.trim());
    }

    static int digestLength(String hashFunction) {
        try {
            return MessageDigest.getInstance(jcaDigestName(hashFunction)).getDigestLength();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jcaDigestName(String hashFunction) {
        if (hashFunction == null) {
            throw new IllegalArgumentException("no fingerprint hash function");
        }
        switch (hashFunction.trim().toLowerCase(Locale.ROOT)) {
            case "sha-1":
                return "SHA-1";
            case "sha-256":
                return "SHA-256";
            case "sha-384":
                return "SHA-384";
            case "sha-512":
                return "SHA-512";
            default:
                throw new IllegalArgumentException("unsupported fingerprint hash function: " + hashFunction);
        }
    }
}
