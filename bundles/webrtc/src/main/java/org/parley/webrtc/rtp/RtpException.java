package org.parley.webrtc.rtp;

/** An RTP packet that is structurally malformed: wrong version, or a header, extension or padding that does not fit. */
public final class RtpException extends Exception {
    private static final long serialVersionUID = 1L;

    public RtpException(String message) {
        // No stack trace: malformed packets come from the network at packet rate, and the trace would be noise.
        super(message, null, false, false);
    }
}
