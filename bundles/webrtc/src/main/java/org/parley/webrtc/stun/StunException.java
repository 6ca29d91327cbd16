package org.parley.webrtc.stun;

/** A STUN message that does not follow RFC 8489: bad header, length, attribute layout or attribute value. */
public final class StunException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunException(String message) {
        super(message);
    }
}
