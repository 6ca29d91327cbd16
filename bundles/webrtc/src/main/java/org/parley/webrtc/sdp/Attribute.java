package org.parley.webrtc.sdp;

/**
 * One {@code a=} line: {@code a=name:value}, or {@code a=name} for a flag such as {@code a=ice-lite} (value null).
 * The value is kept exactly as written after the first colon, leading spaces included
 * ({@code a=msid-semantic: WMS} has the value {@code " WMS"}), so that unknown attributes round-trip verbatim.
 */
public record Attribute(String name, String value) {
    public Attribute {
        Syntax.requireAttributeName(name);
        if (value != null) {
            Syntax.requireText("value of a=" + name, value);
        }
    }

    /** A flag attribute, written {@code a=name}. */
    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public boolean isFlag() {
        return value == null;
    }

    /** The text after {@code a=}. */
    public String format() {
        return value == null ? name : name + ":" + value;
    }
}
