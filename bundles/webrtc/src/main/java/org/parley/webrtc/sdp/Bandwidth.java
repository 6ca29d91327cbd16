package org.parley.webrtc.sdp;

/** A {@code b=} line such as {@code b=AS:2000} (kbit/s) or {@code b=TIAS:2000000} (bit/s). */
public record Bandwidth(String type, long value) {
    public Bandwidth {
        Syntax.requireToken("b= bandwidth type", type);
        if (value < 0) {
            throw new IllegalArgumentException("b= value must not be negative");
        }
    }

    public static Bandwidth parse(String value) throws SdpException {
        return Syntax.parsing(value, Bandwidth::parseUnchecked);
    }

    static Bandwidth parseUnchecked(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("b= line needs <type>:<bandwidth>");
        }
        String type = text.substring(0, colon);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("b= bandwidth type is empty");
        }
        return new Bandwidth(type, Syntax.parseNumber("b= bandwidth", text.substring(colon + 1), 0, Long.MAX_VALUE));
    }

    public String format() {
        return type + ":" + value;
    }
}
