package org.parley.webrtc.rtcp;

/** A malformed RTCP compound packet: wrong version, lengths that do not add up, or a truncated report or FCI. */
public final class RtcpException extends Exception {
    private static final long serialVersionUID = 1L;

    public RtcpException(String message) {
        // No stack trace: malformed packets come from the network, and the trace would only cost time.
        super(message, null, false, false);
    }
}
