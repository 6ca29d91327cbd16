package org.parley.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

class ProblemMappersTest {
    record Body(int count, List<String> names) {
    }

    private final ObjectMapper mapper = Json.newMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        return (Map<String, Object>) response.getEntity();
    }

    @Test
    void declaredProblemKeepsTypeFieldsAndRetryAfter() {
        Response response = new ProblemMappers.Declared().toResponse(new ProblemException(429, "rate-limited",
                "Too many requests", "slow down", List.of(new FieldError("passcode", "wrong")), 30L));
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("30");
        assertThat(body(response)).containsEntry("type", "urn:parley:problem:rate-limited")
                .containsEntry("status", 429).containsEntry("detail", "slow down")
                .containsEntry("errors", List.of(Map.of("field", "passcode", "message", "wrong")));
    }

    @Test
    void frameworkErrorsGetStableTypes() {
        assertThat(body(new ProblemMappers.WebApplication().toResponse(new NotFoundException())))
                .containsEntry("type", "urn:parley:problem:not-found").containsEntry("status", 404);
        Response notAllowed = new ProblemMappers.WebApplication().toResponse(new NotAllowedException("GET"));
        assertThat(notAllowed.getStatus()).isEqualTo(405);
        assertThat(notAllowed.getHeaderString("Allow")).contains("GET");
    }

    @Test
    void malformedJsonIs400() {
        JsonProcessingException e = assertThrowsJson("{\"count\": ");
        Response response = new ProblemMappers.JsonInput().toResponse(e);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(body(response)).containsEntry("type", "urn:parley:problem:malformed-json");
    }

    @Test
    void wrongFieldTypeNamesTheField() {
        Response response = new ProblemMappers.JsonInput().toResponse(assertThrowsJson("{\"count\":\"many\"}"));
        assertThat(body(response)).containsEntry("type", "urn:parley:problem:validation");
        assertThat(body(response).get("errors").toString()).contains("field=count");
        Response nested = new ProblemMappers.JsonInput().toResponse(assertThrowsJson("{\"names\":[\"a\",{}]}"));
        assertThat(body(nested).get("errors").toString()).contains("field=names[1]");
    }

    @Test
    void unexpectedErrorHidesDetailsBehindAnIncidentId() {
        Response response = new ProblemMappers.Unexpected().toResponse(new IllegalStateException("secret internals"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(body(response).get("detail").toString()).contains("incident").doesNotContain("secret");
    }

    private JsonProcessingException assertThrowsJson(String json) {
        try {
            mapper.readValue(json, Body.class);
        } catch (JsonProcessingException e) {
            return e;
        }
        throw new AssertionError("expected a JSON error for " + json);
    }
}
