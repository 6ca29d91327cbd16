package org.parley.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The accounts and meetings REST API (docs/api.md) as the room tests and benchmarks use it. */
public final class MeetingsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public record Account(long id, String email, String displayName, String token) {
    }

    public record Meeting(String id, String passcode) {
    }

    private final ParleyServer server;

    public MeetingsApi(ParleyServer server) {
        this.server = server;
    }

    private JsonNode call(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = server.send(request.header("Content-Type", "application/json")
                .header("Accept", "application/json"));
        if (response.statusCode() != expected) {
            throw new AssertionError(request.build().method() + " " + request.build().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private HttpRequest.Builder post(String path, ObjectNode body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** Signs up a fresh account and signs it in. */
    public Account account(String name) throws Exception {
        String email = name + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() + "@example.test";
        String password = "correct horse battery " + name;
        call(post("/api/users", JSON.createObjectNode().put("email", email).put("displayName", name)
                .put("password", password), null), 201);
        JsonNode session = call(post("/api/sessions", JSON.createObjectNode().put("email", email).put("password", password),
                null), 201);
        return new Account(session.path("user").path("id").asLong(), email, name, session.path("token").asText());
    }

    /** An instant meeting of the host, with or without a waiting room. */
    public Meeting createMeeting(Account host, String title, boolean waitingRoom) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("type", "instant");
        body.putObject("settings").put("waitingRoom", waitingRoom);
        JsonNode meeting = call(post("/api/meetings", body, host.token()), 201);
        return new Meeting(meeting.path("id").asText(), meeting.path("passcode").asText());
    }

    /**
     * A join ticket: for a signed-in account (display name from the account) or a guest with a name.
     */
    public String ticket(Meeting meeting, Account account, String guestName) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("passcode", meeting.passcode());
        if (guestName != null) {
            body.put("displayName", guestName);
        }
        JsonNode answer = call(post("/api/meetings/" + meeting.id() + "/join", body,
                account == null ? null : account.token()), 200);
        return answer.path("ticket").asText();
    }
}
