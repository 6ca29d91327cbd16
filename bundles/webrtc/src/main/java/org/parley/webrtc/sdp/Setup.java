package org.parley.webrtc.sdp;

import java.util.Optional;

/** {@code a=setup} (RFC 4145/8842): which side opens the DTLS connection. Offers are {@link #ACTPASS}. */
public enum Setup {
    ACTPASS("actpass"), ACTIVE("active"), PASSIVE("passive"), HOLDCONN("holdconn");

    private final String value;

    Setup(String value) {
        this.value = value;
    }

    /** The attribute value, e.g. {@code actpass}. */
    public String value() {
        return value;
    }

    public static Optional<Setup> fromValue(String value) {
        for (Setup s : values()) {
            if (s.value.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static Setup parseUnchecked(String value) {
        return fromValue(value).orElseThrow(() -> new IllegalArgumentException(
                "setup must be actpass, active, passive or holdconn, got " + Syntax.quote(value)));
    }
}
