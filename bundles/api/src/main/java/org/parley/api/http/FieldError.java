package org.parley.api.http;

/** One invalid field of a request: {@code field} is its JSON name (dotted for nested fields). */
public record FieldError(String field, String message) {
}
