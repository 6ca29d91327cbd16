package org.parley.webrtc.sdp;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code a=fingerprint:sha-256 AB:CD:...} (RFC 8122): the hash of the DTLS certificate the peer will present.
 * The value is kept as written; compare with {@link #bytes()} to ignore hex case.
 */
public record Fingerprint(String hashFunction, String value) {
    public Fingerprint {
        Syntax.requireToken("fingerprint hash function", hashFunction);
        Syntax.requireField("fingerprint value", value);
        if (!isHexPairs(value)) {
            throw new IllegalArgumentException("fingerprint value must be hex bytes separated by ':', got "
                    + Syntax.quote(value));
        }
    }

    /** A fingerprint written as RFC 8122 asks: upper-case hex pairs joined by colons. */
    public static Fingerprint of(String hashFunction, byte[] digest) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte b : digest) {
            if (sb.length() > 0) {
                sb.append(':');
            }
            sb.append(hex.toHexDigits(b));
        }
        return new Fingerprint(hashFunction.toLowerCase(Locale.ROOT), sb.toString());
    }

    public static Fingerprint parse(String value) throws SdpException {
        return Syntax.parsing(value, Fingerprint::parseUnchecked);
    }

    static Fingerprint parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() != 2) {
            throw new IllegalArgumentException("fingerprint needs <hash function> <value>");
        }
        return new Fingerprint(f.get(0), f.get(1));
    }

    /** The digest bytes. */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    public String format() {
        return hashFunction + " " + value;
    }

    private static boolean isHexPairs(String v) {
        if ((v.length() + 1) % 3 != 0) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
