package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Accounts and meetings end to end over HTTP against a real node: sign up, sign in, schedule, "my meetings",
 * the join check and its abuse limits, and bad input. Subclasses choose the database, so the same
 * scenarios run on embedded H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountsAndMeetingsScenarios {
    static final String PASSWORD = "correct horse battery";
    /** Small limits so that the abuse tests are quick; the address limit is high so tests do not block each other. */
    static final Map<String, String> ETC = Map.of(
            "org.parley.meetings.cfg", "join.max.failures.per.meeting = 3\njoin.max.failures.per.address = 1000\n",
            "org.parley.identity.cfg", "signin.max.failures.per.account = 3\nsignin.max.failures.per.address = 1000\n"
                    + "argon2.memory.kib = 8192\nargon2.iterations = 1\n");

    final ObjectMapper json = new ObjectMapper();
    ParleyServer server;

    abstract Map<String, String> databaseEnvironment() throws Exception;

    abstract void dropDatabase() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        server = ParleyServer.start(getClass().getSimpleName(), databaseEnvironment(), ETC);
    }

    @AfterAll
    void stopServer() throws Exception {
        try {
            if (server != null) {
                assertThat(server.log()).doesNotContain("internal-error").doesNotContain("Unexpected error");
                server.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @Test
    void signUpSignInScheduleRecurringMeetingAndJoinByLink() throws Exception {
        String email = uniqueEmail("host");
        HttpResponse<String> signUp = post("/api/users", null,
                Map.of("email", email.toUpperCase(), "displayName", "Alice", "password", PASSWORD));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        assertThat(body(signUp).get("email").asText()).isEqualTo(email);

        String token = signIn(email);
        JsonNode me = body(get("/api/users/me", token));
        assertThat(me.get("displayName").asText()).isEqualTo("Alice");

        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        HttpResponse<String> created = post("/api/meetings", token, Map.of("title", "Weekly sync",
                "scheduledStart", start.toString(), "durationMinutes", 30, "timeZone", "Europe/Berlin",
                "recurrence", Map.of("frequency", "weekly", "daysOfWeek", List.of("MONDAY", "THURSDAY"), "count", 6),
                "settings", Map.of("waitingRoom", true, "muteOnEntry", true)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode meeting = body(created);
        String id = meeting.get("id").asText();
        assertThat(id).matches("[1-9]\\d{10}");
        assertThat(meeting.get("displayId").asText()).isEqualTo(id.substring(0, 3) + "-" + id.substring(3, 7) + "-" + id.substring(7));
        assertThat(meeting.get("passcode").asText()).matches("[a-z2-9]{6}");
        assertThat(meeting.get("occurrences")).hasSize(6);
        assertThat(meeting.get("settings").get("waitingRoom").asBoolean()).isTrue();
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/api/meetings/" + id);

        JsonNode mine = body(get("/api/me/meetings", token));
        assertThat(mine.get("upcoming").findValuesAsText("id")).contains(id);
        assertThat(body(get("/api/meetings/" + meeting.get("displayId").asText(), token)).get("title").asText())
                .isEqualTo("Weekly sync");

        // The join link carries ID and passcode, as a guest would get it.
        URI link = URI.create(meeting.get("joinUrl").asText());
        assertThat(link.getPath()).isEqualTo("/j/" + id);
        String passcode = link.getQuery().replaceFirst("^pwd=", "");
        HttpResponse<String> joined = post("/api/meetings/" + id + "/join", null,
                Map.of("passcode", passcode, "displayName", "Bob"));
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        JsonNode ticket = body(joined);
        assertThat(ticket.get("ticket").asText()).startsWith("v1.");
        assertThat(ticket.get("role").asText()).isEqualTo("PARTICIPANT");
        assertThat(ticket.get("userId").isNull()).isTrue();
        assertThat(Instant.parse(ticket.get("expiresAt").asText())).isAfter(Instant.now());

        // The host needs no passcode and joins as host under the account's name.
        JsonNode hostTicket = body(post("/api/meetings/" + id + "/join", token, Map.of()));
        assertThat(hostTicket.get("role").asText()).isEqualTo("HOST");
        assertThat(hostTicket.get("displayName").asText()).isEqualTo("Alice");
    }

    @Test
    void wrongPasscodeHasItsOwnTypeAndRepeatedFailuresAreRefusedWith429() throws Exception {
        String token = signUpAndSignIn("brute");
        JsonNode meeting = body(post("/api/meetings", token, Map.of("title", "Guarded", "passcode", "Right-123")));
        String join = "/api/meetings/" + meeting.get("id").asText() + "/join";
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> wrong = post(join, null, Map.of("passcode", "wrong" + i, "displayName", "Eve"));
            assertProblem(wrong, 403, "wrong-passcode");
        }
        HttpResponse<String> limited = post(join, null, Map.of("passcode", "wrong", "displayName", "Eve"));
        assertProblem(limited, 429, "rate-limited");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        // Refused even with the right passcode while the meeting is locked out.
        assertProblem(post(join, null, Map.of("passcode", "Right-123", "displayName", "Bob")), 429, "rate-limited");
    }

    @Test
    void repeatedWrongPasswordsAreRefusedWith429() throws Exception {
        String email = uniqueEmail("pw");
        assertThat(post("/api/users", null, Map.of("email", email, "displayName", "Pat", "password", PASSWORD)).statusCode()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertProblem(post("/api/sessions", null, Map.of("email", email, "password", "wrong password")), 401, "invalid-credentials");
        }
        HttpResponse<String> limited = post("/api/sessions", null, Map.of("email", email, "password", PASSWORD));
        assertProblem(limited, 429, "rate-limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void unknownMeetingCancelledMeetingAndOtherPeoplesMeetings() throws Exception {
        String host = signUpAndSignIn("owner");
        String other = signUpAndSignIn("other");
        assertProblem(post("/api/meetings/100-0000-0000/join", null, Map.of("passcode", "abcd", "displayName", "X")), 404,
                "meeting-not-found");
        assertProblem(post("/api/meetings/12/join", null, Map.of("passcode", "abcd")), 400, "validation");
        JsonNode meeting = body(post("/api/meetings", host, Map.of("title", "Soon cancelled")));
        String id = meeting.get("id").asText();
        assertProblem(get("/api/meetings/" + id, other), 404, "meeting-not-found");
        assertProblem(send("DELETE", "/api/meetings/" + id, other, null), 404, "meeting-not-found");
        assertThat(send("DELETE", "/api/meetings/" + id, host, null).statusCode()).isEqualTo(204);
        assertProblem(post("/api/meetings/" + id + "/join", null,
                Map.of("passcode", meeting.get("passcode").asText(), "displayName", "Bob")), 410, "meeting-cancelled");
        assertThat(body(get("/api/me/meetings", host)).findValuesAsText("id")).doesNotContain(id);
    }

    @Test
    void coHostsSeeTheMeetingAndJoinAsCoHost() throws Exception {
        String coEmail = uniqueEmail("co");
        post("/api/users", null, Map.of("email", coEmail, "displayName", "Carol", "password", PASSWORD));
        String co = signIn(coEmail);
        String host = signUpAndSignIn("lead");
        JsonNode meeting = body(post("/api/meetings", host, Map.of("title", "Planning",
                "scheduledStart", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "coHosts", List.of(coEmail))));
        String id = meeting.get("id").asText();
        assertThat(meeting.get("coHosts").findValuesAsText("email")).containsExactly(coEmail);
        assertThat(body(get("/api/me/meetings", co)).findValuesAsText("id")).contains(id);
        assertThat(body(post("/api/meetings/" + id + "/join", co, Map.of())).get("role").asText()).isEqualTo("CO_HOST");
        assertProblem(send("PATCH", "/api/meetings/" + id, co, Map.of("title", "Mine now")), 403, "not-host");
        JsonNode patched = body(send("PATCH", "/api/meetings/" + id, host, Map.of("title", "Planning v2",
                "passcode", "newcode1", "recurrence", Map.of("frequency", "daily", "count", 3))));
        assertThat(patched.get("title").asText()).isEqualTo("Planning v2");
        assertThat(patched.get("passcode").asText()).isEqualTo("newcode1");
        assertThat(patched.get("occurrences")).hasSize(3);
    }

    @Test
    void duplicateEmailIsAConflict() throws Exception {
        String email = uniqueEmail("dup");
        assertThat(post("/api/users", null, Map.of("email", email, "displayName", "A", "password", PASSWORD)).statusCode()).isEqualTo(201);
        assertProblem(post("/api/users", null, Map.of("email", email.toUpperCase(), "displayName", "B", "password", PASSWORD)),
                409, "email-taken");
    }

    @Test
    void missingUnknownRevokedAndExpiredTokensEachHaveTheirAnswer() throws Exception {
        assertProblem(get("/api/users/me", null), 401, "unauthorized");
        assertProblem(get("/api/me/meetings", "x".repeat(43)), 401, "invalid-session");
        assertProblem(get("/api/users/me", "not a token at all"), 401, "invalid-session");
        String token = signUpAndSignIn("bye");
        assertThat(send("DELETE", "/api/sessions", token, null).statusCode()).isEqualTo(204);
        assertProblem(get("/api/users/me", token), 401, "invalid-session");

        // A second node on the same database whose sessions last one second.
        Map<String, String> etc = new HashMap<>(ETC);
        etc.put("org.parley.identity.cfg", ETC.get("org.parley.identity.cfg") + "session.ttl.seconds = 1\n");
        try (ParleyServer shortLived = ParleyServer.start(getClass().getSimpleName() + "-ttl", databaseEnvironment(), etc)) {
            ParleyServer main = server;
            server = shortLived;
            try {
                String expiring = signUpAndSignIn("ttl");
                Thread.sleep(1500);
                assertProblem(get("/api/users/me", expiring), 401, "session-expired");
            } finally {
                server = main;
            }
        }
    }

    @Test
    void malformedAndHostileBodiesAre4xxNever500() throws Exception {
        String token = signUpAndSignIn("fuzz");
        String meetingId = body(post("/api/meetings", token, Map.of("title", "Target"))).get("id").asText();
        List<String> bodies = List.of("", "{", "{bad", "[]", "null", "\"text\"", "42", "{\"email\":5}",
                "{\"title\":{\"a\":1}}", "{\"durationMinutes\":1.5}", "{\"durationMinutes\":99999999999999}",
                "{\"scheduledStart\":\"tomorrow\"}", "{\"recurrence\":\"weekly\"}", "{\"recurrence\":{\"frequency\":\"weekly\",\"daysOfWeek\":[\"FUNDAY\"],\"count\":3}}",
                "{\"recurrence\":{\"frequency\":\"daily\",\"until\":\"2999-01-01\"}}", "{\"coHosts\":[null]}",
                "{\"title\":\"a\\u0000b\",\"displayName\":\"\\u0000\",\"email\":\"a\\u0000@b.c\",\"password\":\"\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\"}",
                "{\"title\":\"" + "x".repeat(5000) + "\",\"displayName\":\"" + "y".repeat(5000) + "\",\"passcode\":\"" + "z".repeat(5000) + "\"}",
                "{\"timeZone\":\"../../etc/passwd\",\"passcode\":\"' OR 1=1 --\"}", "{\"settings\":{\"e2ee\":true,\"allowRecording\":true}}");
        List<String[]> targets = List.of(new String[] { "POST", "/api/users", null }, new String[] { "POST", "/api/sessions", null },
                new String[] { "POST", "/api/meetings", token }, new String[] { "PATCH", "/api/meetings/" + meetingId, token },
                new String[] { "POST", "/api/meetings/" + meetingId + "/join", null }, new String[] { "PATCH", "/api/users/me", token });
        for (String[] target : targets) {
            for (String raw : bodies) {
                HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(target[1])).header("Content-Type", "application/json")
                        .method(target[0], HttpRequest.BodyPublishers.ofString(raw));
                if (target[2] != null) {
                    request.header("Authorization", "Bearer " + target[2]);
                }
                HttpResponse<String> response = sendOnFreshConnectionIfClosed(request);
                assertThat(response.statusCode()).as(target[0] + " " + target[1] + " " + abbreviate(raw) + " -> " + response.body())
                        .isBetween(200, 499).isNotEqualTo(201);
                if (response.statusCode() >= 400) {
                    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                    assertThat(body(response).get("type").asText()).startsWith("urn:parley:problem:");
                }
            }
        }
        HttpResponse<String> plain = server.send(HttpRequest.newBuilder(server.uri("/api/users")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(plain, 415, "unsupported-media-type");
        HttpResponse<String> missingField = post("/api/users", null, Map.of("email", "not-an-email", "password", "short"));
        assertProblem(missingField, 400, "validation");
        assertThat(body(missingField).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("email", "displayName", "password");
    }

    // --- helpers

    /**
     * Jetty may close a keep-alive connection after answering a request whose body it did not read (a refused
     * token, say); the JDK client can already have sent the next request on it and then reads no bytes. That
     * is the transport's race, not an answer of the server's, so such a request is sent once more.
     */
    private HttpResponse<String> sendOnFreshConnectionIfClosed(HttpRequest.Builder request) throws Exception {
        try {
            return server.send(request);
        } catch (java.io.IOException e) {
            if (String.valueOf(e.getMessage()).contains("received no bytes")) {
                return server.send(request);
            }
            throw e;
        }
    }

    String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    String signUpAndSignIn(String who) throws Exception {
        String email = uniqueEmail(who);
        HttpResponse<String> signUp = post("/api/users", null, Map.of("email", email, "displayName", who, "password", PASSWORD));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        return signIn(email);
    }

    String signIn(String email) throws Exception {
        HttpResponse<String> response = post("/api/sessions", null, Map.of("email", email, "password", PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode session = body(response);
        assertThat(session.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(Duration.between(Instant.now(), Instant.parse(session.get("expiresAt").asText())).toMillis()).isPositive();
        return session.get("token").asText();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, Object body) throws Exception {
        return send("POST", path, token, body);
    }

    HttpResponse<String> send(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return server.send(request);
    }

    JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(body(response).get("type").asText()).isEqualTo("urn:parley:problem:" + type);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
