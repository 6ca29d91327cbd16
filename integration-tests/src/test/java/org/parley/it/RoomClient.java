package org.parley.it;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A signaling client on Jetty's WebSocket client, as a participant's browser would be: answers the
 * server's heartbeat pings, keeps every message it gets, and lets a test wait for the next one of a type.
 */
public final class RoomClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebSocketClient CLIENT = startClient();

    private final LinkedBlockingDeque<JsonNode> inbox = new LinkedBlockingDeque<>();
    private final List<JsonNode> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger closeCode = new AtomicInteger(-1);
    private final String name;
    private volatile Session session;
    private volatile boolean answerPings = true;

    private RoomClient(String name) {
        this.name = name;
    }

    private static WebSocketClient startClient() {
        try {
            WebSocketClient client = new WebSocketClient();
            client.start();
            return client;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RoomClient connect(URI uri, String name) throws Exception {
        RoomClient client = new RoomClient(name);
        client.session = CLIENT.connect(client.new Listener(), uri).get(10, TimeUnit.SECONDS);
        return client;
    }

    /** Stop answering pings, to play a client that went silent. */
    public void silence() {
        answerPings = false;
    }

    public void send(String json) {
        session.sendText(json, Callback.NOOP);
    }

    /** The next message of this type (others received meanwhile stay available to later calls). */
    public JsonNode await(String type) throws InterruptedException {
        return await(m -> type.equals(m.path("type").asText()), Duration.ofSeconds(10), type);
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode next = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (next == null) {
                    break;
                }
                if (match.test(next)) {
                    return next;
                }
                skipped.add(next);
            }
        } finally {
            for (int i = skipped.size() - 1; i >= 0; i--) {
                inbox.addFirst(skipped.get(i));
            }
        }
        throw new AssertionError(name + " got no " + what + " within " + timeout + "; received: " + all);
    }

    /** Sends and waits for the reply of the given type (or an error). */
    public JsonNode request(String json, String replyType) throws InterruptedException {
        send(json);
        return await(m -> replyType.equals(m.path("type").asText()) || "error".equals(m.path("type").asText()),
                Duration.ofSeconds(10), replyType + " or error");
    }

    /** The error code the server answers this message with. */
    public String errorFor(String json) throws InterruptedException {
        send(json);
        return await("error").path("code").asText();
    }

    /** Whether any message of this type has arrived so far (consumed or not). */
    public boolean received(String type) {
        return all.stream().anyMatch(m -> type.equals(m.path("type").asText()));
    }

    /** Drops what is queued, so that the next await sees only what comes after. */
    public void drain() {
        inbox.clear();
    }

    public List<JsonNode> all() {
        return all;
    }

    public boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen() && closeCode.get() < 0;
    }

    public int closeCode() {
        return closeCode.get();
    }

    /** Drops the connection without a goodbye, like a network cut. */
    public void cut() {
        session.disconnect();
    }

    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(1000, "bye", Callback.NOOP);
        }
    }

    public final class Listener implements Session.Listener.AutoDemanding {
        @Override
        public void onWebSocketText(String text) {
            try {
                JsonNode message = JSON.readTree(text);
                if ("ping".equals(message.path("type").asText())) {
                    if (answerPings) {
                        send("{\"type\":\"pong\"}");
                    }
                    return;
                }
                all.add(message);
                inbox.add(message);
            } catch (Exception e) {
                all.add(JSON.createObjectNode().put("type", "unparseable").put("raw", text));
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closeCode.set(statusCode);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closeCode.compareAndSet(-1, 1006);
        }
    }

}
