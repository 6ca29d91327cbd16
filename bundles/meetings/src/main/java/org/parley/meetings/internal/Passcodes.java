package org.parley.meetings.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Meeting passcodes. Generated ones are 6 characters without look-alikes (no 0/o, 1/l/i); a host may set one
 * of 4 to 10 characters from letters, digits and {@code @ * _ -}. Comparison is constant-time.
 */
final class Passcodes {
    static final int MIN_LENGTH = 4;
    static final int MAX_LENGTH = 10;
    static final int GENERATED_LENGTH = 6;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private Passcodes() {
    }

    static String generate(RandomGenerator random) {
        StringBuilder code = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** Why a host's passcode is not acceptable, or empty when it is. */
    static Optional<String> problem(String passcode) {
        if (passcode.length() < MIN_LENGTH || passcode.length() > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < passcode.length(); i++) {
            char c = passcode.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@'
                    || c == '*' || c == '_' || c == '-';
            if (!ok) {
                return Optional.of("may contain only letters, digits and @ * _ -");
            }
        }
        return Optional.empty();
    }

    /** Constant-time in the contents and the length of both (they are hashed first). */
    static boolean matches(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
