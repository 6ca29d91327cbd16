package org.parley.webrtc.srtp;

/**
 * A packet was dropped. It carries no stack trace: drops are routine on the media path (replays,
 * garbage from the network) and are counted by {@link #reason()}, not debugged one by one.
 */
public final class SrtpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a packet was dropped. */
    public enum Reason {
        /** Too short, wrong RTP/RTCP version, or a header that runs past the packet. */
        MALFORMED,
        /** The authentication tag did not verify: tampered, corrupted, or keyed differently. */
        AUTH_FAILED,
        /** The packet index was already received inside the replay window. */
        REPLAYED,
        /** The packet index lies behind the replay window, so a replay cannot be ruled out. */
        TOO_OLD
    }

    private final Reason reason;

    public SrtpException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
