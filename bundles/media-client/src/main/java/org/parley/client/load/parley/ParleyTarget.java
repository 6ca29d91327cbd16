package org.parley.client.load.parley;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.parley.client.internal.ClientThreads;
import org.parley.client.load.ConferenceTarget;
import org.parley.client.load.TargetParticipant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Parley node as a load target, over its public API only (docs/api.md, docs/protocol.md): one host account
 * creates an instant meeting per room (no waiting room), every participant joins as a guest (join check, ticket,
 * WebSocket {@code /ws}, {@code join}), and the server's own figures come from {@code GET /metrics}.
 */
public final class ParleyTarget implements ConferenceTarget {
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final ExecutorService offers = Executors.newCachedThreadPool(ClientThreads.daemon("parley-load-offer"));
    private final Map<String, String> passcodes = new ConcurrentHashMap<>();
    private String hostToken;
    private String metricsText;
    private long metricsNanos;

    /** @param base the node's HTTP address, e.g. {@code http://127.0.0.1:8080/} */
    public ParleyTarget(URI base) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return "parley";
    }

    URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    URI webSocketUri() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    @Override
    public synchronized String createRoom(String title) throws Exception {
        if (hostToken == null) {
            hostToken = signUpHost();
        }
        ObjectNode body = json.createObjectNode().put("title", title).put("type", "instant");
        body.putObject("settings").put("waitingRoom", false);
        JsonNode meeting = post("/api/meetings", body, hostToken, 201);
        String id = meeting.path("id").asText();
        passcodes.put(id, meeting.path("passcode").asText());
        return id;
    }

    /** A fresh account for this run (e-mail addresses are unique per run), signed in. */
    private String signUpHost() throws Exception {
        String email = "loadtest-host-" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid()
                + "@loadtest.invalid";
        String password = "load test host password " + System.nanoTime();
        post("/api/users", json.createObjectNode().put("email", email).put("displayName", "Load test host")
                .put("password", password), null, 201);
        JsonNode session = post("/api/sessions", json.createObjectNode().put("email", email).put("password", password),
                null, 201);
        return session.path("token").asText();
    }

    @Override
    public TargetParticipant join(String roomId, String displayName) throws Exception {
        String passcode = passcodes.get(roomId);
        if (passcode == null) {
            throw new IllegalArgumentException("not a room of this target: " + roomId);
        }
        JsonNode check = post("/api/meetings/" + roomId + "/join",
                json.createObjectNode().put("passcode", passcode).put("displayName", displayName), null, 200);
        String ticket = check.path("ticket").asText();
        SignalingSocket socket = new SignalingSocket();
        ParleySignaling signaling = new ParleySignaling(json, socket::send, offers, REPLY_TIMEOUT, socket::close);
        socket.signaling = signaling;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(webSocketUri(), socket).get(15, TimeUnit.SECONDS);
        try {
            signaling.join(ticket);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
        return signaling;
    }

    private JsonNode post(String path, ObjectNode body, String token, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(REPLY_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
    }

    /**
     * The {@code /metrics} text, or null when the node does not answer; one fetch serves the reads of the next
     * 250 ms (the load generator asks for CPU and forwarded packets together).
     */
    private synchronized String metrics() {
        long now = System.nanoTime();
        if (metricsText != null && now - metricsNanos < 250_000_000L) {
            return metricsText;
        }
        metricsText = fetchMetrics();
        metricsNanos = now;
        return metricsText;
    }

    private String fetchMetrics() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public OptionalDouble serverCpuSeconds() {
        return sample(metrics(), "process_cpu_seconds_total");
    }

    @Override
    public OptionalDouble serverResidentBytes() {
        return sample(metrics(), "process_resident_memory_bytes");
    }

    @Override
    public OptionalDouble serverForwardedPackets() {
        return sample(metrics(), "parley_sfu_rtp_forwarded_total");
    }

    /** The value of an unlabelled sample in Prometheus text format; empty when absent or unreadable. */
    static OptionalDouble sample(String metricsText, String name) {
        if (metricsText == null) {
            return OptionalDouble.empty();
        }
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " ([0-9.eE+-]+|NaN)\\s*$", Pattern.MULTILINE)
                .matcher(metricsText);
        if (!m.find()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    @Override
    public void close() {
        offers.shutdownNow();
    }

    /**
     * The WebSocket under one participant's signaling: text frames reassembled into messages, and sends queued
     * one after another (the JDK's WebSocket refuses a send while the previous one is outstanding).
     */
    private static final class SignalingSocket implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile ParleySignaling signaling;
        private CompletableFuture<WebSocket> sending;
        private WebSocket ws;

        @Override
        public void onOpen(WebSocket socket) {
            synchronized (this) {
                ws = socket;
                sending = CompletableFuture.completedFuture(socket);
            }
            socket.request(1);
        }

        /** Queues a text message; completes when it has been handed to the socket. */
        synchronized CompletableFuture<?> send(String text) {
            if (sending == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("not open"));
            }
            WebSocket socket = ws;
            // A failed send must not block the ones after it; the socket reports the failure through onError.
            sending = sending.handle((done, failure) -> socket).thenCompose(s -> s.sendText(text, true));
            return sending;
        }

        synchronized void close() {
            if (sending == null) {
                return;
            }
            WebSocket socket = ws;
            sending = sending.handle((done, failure) -> socket)
                    .thenCompose(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "load test done"));
            sending.orTimeout(5, TimeUnit.SECONDS).whenComplete((done, failure) -> socket.abort());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                ParleySignaling s = signaling;
                if (s != null) {
                    s.onMessage(message);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            ParleySignaling s = signaling;
            if (s != null) {
                s.onClosed(statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            ParleySignaling s = signaling;
            if (s != null) {
                s.onClosed(String.valueOf(error));
            }
        }
    }
}
