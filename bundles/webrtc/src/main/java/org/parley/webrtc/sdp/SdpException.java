package org.parley.webrtc.sdp;

/**
 * SDP text that cannot be read. {@link #line()} is the 1-based line the problem was found on, or 0 when it concerns
 * the whole text (too large, empty, a required line missing) or a single value parsed on its own, as with
 * {@link Candidate#parse(String)}.
 */
public class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String detail;

    public SdpException(int line, String detail) {
        super(line > 0 ? "line " + line + ": " + detail : detail);
        this.line = line;
        this.detail = detail;
    }

    /** The 1-based line number, or 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }

    /** The message without the "line N: " prefix. */
    public String detail() {
        return detail;
    }

    /** This problem placed on a line, for value parsers that do not know where their value came from. */
    SdpException atLine(int lineNumber) {
        return line > 0 ? this : new SdpException(lineNumber, detail);
    }
}
