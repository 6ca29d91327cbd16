package org.parley.http.internal;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Turns every error that leaves a resource into problem+json, so no client ever sees an HTML error page. */
final class ProblemMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    static List<Object> all() {
        return List.of(new Declared(), new WebApplication(), new JsonInput(), new Unexpected());
    }

    static final class Declared implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return Problems.response(e.status(), e.type(), e.title(), e.detail(), e.fieldErrors(), e.retryAfterSeconds());
        }
    }

    static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
            String type = switch (status) {
                case 400 -> "bad-request";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 413 -> "payload-too-large";
                case 415 -> "unsupported-media-type";
                default -> status >= 500 ? "internal-error" : "http-" + status;
            };
            Response.StatusType statusType = Response.Status.fromStatusCode(status);
            String title = statusType != null ? statusType.getReasonPhrase() : "HTTP " + status;
            if (status >= 500) {
                LOG.error("Request failed with {}", status, e);
            }
            Response response = Problems.response(status, type, title, e.getMessage());
            if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
                return Response.fromResponse(response).header("Allow", e.getResponse().getHeaderString("Allow")).build();
            }
            return response;
        }
    }

    /** A body that is not JSON, or JSON of the wrong shape: 400 naming the field where possible. */
    static final class JsonInput implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            if (e instanceof JsonParseException) {
                return Problems.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
            }
            if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String field = fieldPath(mapping);
                return Problems.response(400, "validation", "Invalid request", field + ": " + e.getOriginalMessage(),
                        List.of(new FieldError(field, "has the wrong type or shape")), null);
            }
            return Problems.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
        }

        static String fieldPath(JsonMappingException e) {
            return e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
    }

    /** Anything else is a bug: log it with an incident id the client can quote. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Unexpected error, incident {}", incident, e);
            return Problems.response(500, "internal-error", "Internal server error",
                    "Unexpected error; incident " + incident + " is in the server log");
        }
    }
}
