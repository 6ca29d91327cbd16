package org.parley.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Lexical rules shared by the parsers and the record constructors. Values that do not fit throw
 * {@link IllegalArgumentException}; the parser turns that into an {@link SdpException} with the line number, and
 * the same checks in the constructors keep a model built in code from writing text that would not parse back
 * (or that would smuggle extra lines into an answer).
 */
final class Syntax {
    private Syntax() {
    }

    /** Runs an unchecked value parser and reports its complaint as an SdpException without a line. */
    static <T> T parsing(String value, Function<String, T> parser) throws SdpException {
        if (value == null) {
            throw new SdpException(0, "no value");
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new SdpException(0, e.getMessage());
        }
    }

    /** RFC 8866 token-char: visible ASCII except space, quote, brackets and the separators such as ':' and '/'. */
    static boolean isTokenChar(char c) {
        return c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
                || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');
    }

    /** An attribute name: non-empty run of RFC 8866 token-chars. */
    static String requireAttributeName(String name) {
        return requireToken("attribute name", name);
    }

    /** A non-empty run of RFC 8866 token-chars. */
    static String requireToken(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                throw new IllegalArgumentException(what + " " + quote(value) + " has a character that is not allowed");
            }
        }
        return value;
    }

    /**
     * A field inside a line: non-empty, no whitespace or control characters. Looser than the RFC token (it allows '/',
     * ':' and non-ASCII) because addresses, protos and URIs are fields too.
     */
    static String requireField(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException(what + " " + quote(value) + " must not contain spaces or control characters");
            }
        }
        return value;
    }

    /** Free text at the end of a line: anything but the characters that end or corrupt a line. */
    static String requireText(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
            }
        }
        return value;
    }

    /** A decimal number without sign, within [min, max]. */
    static long parseNumber(String what, String text, long min, long max) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (text.length() > 19 || !allDigits(text)) {
            throw new IllegalArgumentException(what + " must be a number, got " + quote(text));
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + text);
        }
        return value;
    }

    static int parseInt(String what, String text, int min, int max) {
        return (int) parseNumber(what, text, min, max);
    }

    /** A number up to 2^64-1 kept in a long as unsigned, as o= session ids are 64-bit random values. */
    static long parseUnsigned(String what, String text) {
        if (text == null || text.isEmpty() || text.length() > 20 || !allDigits(text)) {
            throw new IllegalArgumentException(what + " must be a number, got " + quote(text));
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be at most 2^64-1, got " + text);
        }
    }

    static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Space-separated fields; runs of spaces or tabs count as one separator. */
    static List<String> fields(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isBlank(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
        return out;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** A value quoted for a message, cut short so that a megabyte of garbage does not end up in a log line. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? "'" + value + "'" : "'" + value.substring(0, 40) + "...'";
    }
}
