package org.parley.webrtc.dtls;

import java.io.IOException;

/** Why a DTLS handshake failed. */
public final class DtlsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The cause of a failure, coarse enough to act on. */
    public enum Reason {
        /** The handshake did not complete within the handshake timeout. */
        TIMEOUT,
        /** The peer certificate's fingerprint is not the one from SDP, or the peer sent no certificate. */
        FINGERPRINT_MISMATCH,
        /** No SRTP protection profile both sides support (or the peer did not negotiate use_srtp). */
        NO_COMMON_SRTP_PROFILE,
        /** The peer sent a fatal alert. */
        ALERT_RECEIVED,
        /** The transport was closed locally before the handshake completed. */
        CLOSED,
        /** Any other protocol or I/O failure. */
        PROTOCOL_ERROR
    }

    private final Reason reason;

    public DtlsException(Reason reason, String message) {
        this(reason, message, null);
    }

    public DtlsException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
