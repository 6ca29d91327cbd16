package org.parley.webrtc.sdp;

import java.util.List;

/** The {@code t=} line; WebRTC always uses {@code t=0 0} (unbounded), which is {@link #UNBOUNDED}. */
public record Timing(long start, long stop) {
    public static final Timing UNBOUNDED = new Timing(0, 0);

    public Timing {
        if (start < 0 || stop < 0) {
            throw new IllegalArgumentException("t= times must not be negative");
        }
    }

    public static Timing parse(String value) throws SdpException {
        return Syntax.parsing(value, Timing::parseUnchecked);
    }

    static Timing parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() != 2) {
            throw new IllegalArgumentException("t= line needs 2 fields, got " + f.size());
        }
        return new Timing(Syntax.parseNumber("t= start", f.get(0), 0, Long.MAX_VALUE),
                Syntax.parseNumber("t= stop", f.get(1), 0, Long.MAX_VALUE));
    }

    public String format() {
        return start + " " + stop;
    }
}
