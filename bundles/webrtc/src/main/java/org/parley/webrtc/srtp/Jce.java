package org.parley.webrtc.srtp;

import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * Obtains JCE engines from the JDK's own provider when it exists. Something else in the process (the
 * DTLS stack) may install BouncyCastle ahead of it, and BouncyCastle's pure-Java AES would forfeit the
 * AES-NI / CLMUL intrinsics the JDK provider gets.
 */
final class Jce {
    private static final String JDK_PROVIDER = "SunJCE";

    private Jce() {
    }

    static Cipher cipher(String transformation) throws NoSuchAlgorithmException, NoSuchPaddingException {
        try {
            return Cipher.getInstance(transformation, JDK_PROVIDER);
        } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
            return Cipher.getInstance(transformation);
        }
    }

    static Mac mac(String algorithm) throws NoSuchAlgorithmException {
        try {
            return Mac.getInstance(algorithm, JDK_PROVIDER);
        } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
            return Mac.getInstance(algorithm);
        }
    }
}
