package org.parley.api.http;

import java.util.List;

/**
 * An error that reaches the client as {@code application/problem+json} (RFC 9457). {@code type} is a short,
 * stable slug (e.g. {@code meeting-not-found}); the response's {@code type} member is
 * {@code urn:parley:problem:<slug>}, so clients can rely on it across versions.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> fieldErrors;
    private final Long retryAfterSeconds;

    public ProblemException(int status, String type, String title, String detail) {
        this(status, type, title, detail, List.of(), null);
    }

    public ProblemException(int status, String type, String title, String detail, List<FieldError> fieldErrors,
            Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 with the fields that failed validation. */
    public static ProblemException validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation", "Invalid request", detail, errors, null);
    }

    public static ProblemException notFound(String type, String detail) {
        return new ProblemException(404, type, "Not found", detail);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }

    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, "rate-limited", "Too many requests", detail, List.of(), retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** Seconds for a {@code Retry-After} header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
