package org.parley.client.load.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The REST half of the target against a tiny fake of Parley's API on loopback. */
class ParleyTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ParleyTarget target;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        target = new ParleyTarget(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        target.close();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(exchange.getRequestMethod() + " " + path + " " + (auth == null ? "-" : auth) + " " + body);
        switch (path) {
            case "/api/users" -> reply(exchange, 201, "{\"id\":1}");
            case "/api/sessions" -> reply(exchange, 201, "{\"token\":\"HOST-TOKEN\",\"user\":{\"id\":1}}");
            case "/api/meetings" -> reply(exchange, 201, "{\"id\":\"12345678901\",\"passcode\":\"abc123\"}");
            case "/api/meetings/12345678901/join" -> reply(exchange, 403, "{\"error\":\"wrong-passcode\"}");
            case "/metrics" -> reply(exchange, 200, """
                    # HELP process_cpu_seconds_total CPU time used by the server process
                    # TYPE process_cpu_seconds_total counter
                    process_cpu_seconds_total 12.5
                    process_resident_memory_bytes 2.5E8
                    parley_sfu_rtp_forwarded_total{kind="x"} 7
                    parley_sfu_rtp_forwarded_total 123456
                    """);
            default -> reply(exchange, 404, "{}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void oneHostAccountCreatesInstantMeetingsWithoutAWaitingRoom() throws Exception {
        assertThat(target.createRoom("Load test 1")).isEqualTo("12345678901");
        target.createRoom("Load test 2");
        assertThat(requests).filteredOn(r -> r.startsWith("POST /api/users")).hasSize(1);
        List<String> meetings = requests.stream().filter(r -> r.startsWith("POST /api/meetings ")).toList();
        assertThat(meetings).hasSize(2).allSatisfy(r -> assertThat(r).contains("Bearer HOST-TOKEN"));
        JsonNode body = JSON.readTree(meetings.get(0).substring(meetings.get(0).indexOf('{')));
        assertThat(body.path("type").asText()).isEqualTo("instant");
        assertThat(body.path("settings").path("waitingRoom").asBoolean(true)).isFalse();
    }

    @Test
    void joinAsksAsAGuestWithThePasscode() throws Exception {
        String room = target.createRoom("Load test");
        assertThatThrownBy(() -> target.join(room, "m1-pub1")).hasMessageContaining("403");
        String check = requests.stream().filter(r -> r.contains("/join")).findFirst().orElseThrow();
        assertThat(check).contains(" - ").contains("\"passcode\":\"abc123\"").contains("\"displayName\":\"m1-pub1\"");
        assertThatThrownBy(() -> target.join("nope", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverFiguresComeFromMetrics() {
        assertThat(target.serverCpuSeconds()).hasValue(12.5);
        assertThat(target.serverResidentBytes()).hasValue(2.5e8);
        assertThat(target.serverForwardedPackets()).hasValue(123456);
        assertThat(ParleyTarget.sample("other 1\n", "process_cpu_seconds_total")).isEmpty();
        assertThat(ParleyTarget.sample(null, "x")).isEmpty();
    }

    @Test
    void addressesFollowTheBase() {
        ParleyTarget t = new ParleyTarget(URI.create("http://127.0.0.1:8080"));
        assertThat(t.webSocketUri()).hasToString("ws://127.0.0.1:8080/ws");
        assertThat(t.uri("/metrics")).hasToString("http://127.0.0.1:8080/metrics");
        t.close();
    }
}
