package org.parley.webrtc.stun;

/** The class bits C1 C0 of a STUN message type (RFC 8489 section 5). */
public enum StunClass {
    REQUEST, INDICATION, SUCCESS_RESPONSE, ERROR_RESPONSE;

    private static final StunClass[] BY_BITS = values();

    /** The class encoded in a 14-bit message type. */
    public static StunClass ofType(int type) {
        return BY_BITS[((type >> 4) & 1) | ((type >> 7) & 2)];
    }

    /** The two class bits, C1 C0, as the number 0..3. */
    public int bits() {
        return ordinal();
    }
}
