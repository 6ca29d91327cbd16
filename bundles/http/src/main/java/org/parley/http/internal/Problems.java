package org.parley.http.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parley.api.http.FieldError;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds {@code application/problem+json} responses (RFC 9457). */
final class Problems {
    static final MediaType PROBLEM_JSON = new MediaType("application", "problem+json");
    static final String TYPE_PREFIX = "urn:parley:problem:";

    private Problems() {
    }

    static Response response(int status, String type, String title, String detail, List<FieldError> fields,
            Long retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (fields != null && !fields.isEmpty()) {
            body.put("errors", fields.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        }
        Response.ResponseBuilder builder = Response.status(status).type(PROBLEM_JSON).entity(body);
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return builder.build();
    }

    static Response response(int status, String type, String title, String detail) {
        return response(status, type, title, detail, List.of(), null);
    }
}
