package org.parley.webrtc.sdp;

import java.util.List;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830). Chrome writes {@code -} as the stream id of a track that is in
 * no stream; {@code trackId} is null when the line has none.
 */
public record Msid(String streamId, String trackId) {
    public Msid {
        Syntax.requireField("msid stream id", streamId);
        if (trackId != null) {
            Syntax.requireField("msid track id", trackId);
        }
    }

    public static Msid parse(String value) throws SdpException {
        return Syntax.parsing(value, Msid::parseUnchecked);
    }

    static Msid parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.isEmpty() || f.size() > 2) {
            throw new IllegalArgumentException("msid needs <stream id> [<track id>]");
        }
        return new Msid(f.get(0), f.size() == 2 ? f.get(1) : null);
    }

    public String format() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }
}
