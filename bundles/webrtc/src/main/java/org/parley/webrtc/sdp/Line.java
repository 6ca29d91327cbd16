package org.parley.webrtc.sdp;

/**
 * A line of a type this model reads but does not interpret ({@code i= u= e= p= r= z= k=}), kept so that it is
 * written back in its canonical place.
 */
public record Line(char type, String value) {
    /** Types allowed at session level; {@link MediaDescription} allows only {@code i} and {@code k}. */
    static final String SESSION_TYPES = "iueprzk";
    static final String MEDIA_TYPES = "ik";

    public Line {
        if (SESSION_TYPES.indexOf(type) < 0) {
            throw new IllegalArgumentException("line type '" + type + "' is not one of " + SESSION_TYPES);
        }
        Syntax.requireText(type + "= line", value);
    }

    public String format() {
        return type + "=" + value;
    }
}
