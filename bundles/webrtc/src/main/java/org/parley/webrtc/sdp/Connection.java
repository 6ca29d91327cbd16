package org.parley.webrtc.sdp;

import java.util.List;

/** A {@code c=} line, e.g. {@code c=IN IP4 0.0.0.0}. The address may carry {@code /ttl/count} for multicast. */
public record Connection(String netType, String addrType, String address) {
    public Connection {
        Syntax.requireField("c= net type", netType);
        Syntax.requireField("c= address type", addrType);
        Syntax.requireField("c= address", address);
    }

    /** {@code IN IP4 address} or {@code IN IP6 address}, chosen by whether the address contains a colon. */
    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    public static Connection parse(String value) throws SdpException {
        return Syntax.parsing(value, Connection::parseUnchecked);
    }

    static Connection parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() != 3) {
            throw new IllegalArgumentException("c= line needs 3 fields, got " + f.size());
        }
        return new Connection(f.get(0), f.get(1), f.get(2));
    }

    public String format() {
        return netType + " " + addrType + " " + address;
    }
}
