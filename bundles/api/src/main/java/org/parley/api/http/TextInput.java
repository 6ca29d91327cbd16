package org.parley.api.http;

import java.util.List;

/**
 * Checks free text from clients (names, titles) the same way everywhere: stripped, not empty, within a
 * length, and without control characters (which some databases refuse and every log would garble).
 */
public final class TextInput {

    private TextInput() {
    }

    /**
     * The stripped value, or null after adding a {@link FieldError} for {@code field} to {@code errors}.
     */
    public static String require(String field, String value, int maxLength, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        String stripped = value.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (hasControlCharacters(stripped)) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return stripped;
    }

    /** Like {@link #require} for an optional field: null stays null. */
    public static String optional(String field, String value, int maxLength, List<FieldError> errors) {
        return value == null ? null : require(field, value, maxLength, errors);
    }

    public static boolean hasControlCharacters(String value) {
        return value.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.SURROGATE);
    }

    /** Throws a 400 {@code validation} problem when there are errors. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }
}
