package org.parley.webrtc.sdp;

import java.util.List;

/**
 * The {@code o=} line. Session id and version are unsigned 64-bit numbers (browsers pick random ids above 2^62);
 * they are held in longs and written with {@link Long#toUnsignedString(long)}.
 */
public record Origin(String username, long sessionId, long sessionVersion, String netType, String addrType,
        String address) {
    public Origin {
        Syntax.requireField("o= username", username);
        Syntax.requireField("o= net type", netType);
        Syntax.requireField("o= address type", addrType);
        Syntax.requireField("o= address", address);
    }

    /** The origin an SFU writes: {@code o=- <id> <version> IN IP4 127.0.0.1}, as browsers do. */
    public static Origin of(long sessionId, long sessionVersion) {
        return new Origin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");
    }

    /** The same origin with another version, as each new offer or answer of a session must increase it. */
    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, netType, addrType, address);
    }

    public static Origin parse(String value) throws SdpException {
        return Syntax.parsing(value, Origin::parseUnchecked);
    }

    static Origin parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() != 6) {
            throw new IllegalArgumentException("o= line needs 6 fields, got " + f.size());
        }
        return new Origin(f.get(0), Syntax.parseUnsigned("o= session id", f.get(1)),
                Syntax.parseUnsigned("o= session version", f.get(2)), f.get(3), f.get(4), f.get(5));
    }

    public String format() {
        return username + " " + Long.toUnsignedString(sessionId) + " " + Long.toUnsignedString(sessionVersion) + " "
                + netType + " " + addrType + " " + address;
    }
}
