package org.parley.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.parley.api.signaling.SignalingSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The router against malformed input, with a real connection object over a recording Jetty session. */
class SignalingRouterTest {
    public record Greet(String type, String id, String name, int times) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> sent = new ArrayList<>();
    private final List<Greet> handled = new ArrayList<>();
    private final List<Integer> closes = new ArrayList<>();
    private SignalingRouter router;
    private SignalingConnection connection;

    @BeforeEach
    void setUp() {
        router = SignalingRouter.create(new SessionRegistry());
        router.addHandler(new SignalingHandler<Greet>() {
            @Override
            public Class<Greet> messageClass() {
                return Greet.class;
            }

            @Override
            public void onMessage(SignalingSession session, Greet message) throws SignalingException {
                if (message.times() < 0) {
                    throw new SignalingException("negative", "times must not be negative");
                }
                if (message.times() == 13) {
                    throw new IllegalStateException("bug");
                }
                handled.add(message);
                session.send(Map.of("type", "greeted", "name", message.name()));
            }
        }, reference(1L, "greet"));
        connection = new SignalingConnection(router, () -> new ConnectionPolicy(1024, 10_000, 3, 1000, 1000));
        Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "sendText" -> sent.add((String) args[0]);
                    case "close" -> closes.add((Integer) args[0]);
                    default -> null;
                });
        connection.onWebSocketOpen(session);
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<SignalingHandler<?>> reference(long id, Object types) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_ID, id);
        properties.put(SignalingHandler.TYPE, types);
        return (ServiceReference<SignalingHandler<?>>) Proxy.newProxyInstance(SignalingRouterTest.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get(args[0]);
                    default -> null;
                });
    }

    private JsonNode dispatch(String text) throws Exception {
        sent.clear();
        router.dispatch(connection, text, 1024);
        assertThat(sent).hasSize(1);
        return json.readTree(sent.get(0));
    }

    private void assertError(String text, String code) throws Exception {
        JsonNode reply = dispatch(text);
        assertThat(reply.path("type").asText()).as(text).isEqualTo("error");
        assertThat(reply.path("code").asText()).as(text).isEqualTo(code);
    }

    @Test
    void routesByTypeIntoTheMessageRecord() throws Exception {
        JsonNode reply = dispatch("{\"type\":\"greet\",\"id\":\"1\",\"name\":\"Ada\",\"times\":2,\"extra\":true}");
        assertThat(reply.path("type").asText()).isEqualTo("greeted");
        assertThat(handled).containsExactly(new Greet("greet", "1", "Ada", 2));
    }

    @Test
    void malformedInputGetsCodedErrors() throws Exception {
        assertError("", "malformed-json");
        assertError("{", "malformed-json");
        assertError("nul", "malformed-json");
        assertError("\"just a string\"", "invalid-message");
        assertError("null", "invalid-message");
        assertError("{\"id\":\"1\"}", "invalid-message");
        assertError("{\"type\":[\"greet\"]}", "invalid-message");
        assertError("{\"type\":\"other\"}", "unknown-type");
        assertError("{\"type\":\"greet\",\"times\":\"two\"}", "invalid-message");
        assertError("{\"type\":\"greet\",\"times\":2.5}", "invalid-message");
        assertError("{\"type\":\"greet\",\"name\":\"" + "x".repeat(2000) + "\"}", "message-too-large");
        assertThat(handled).isEmpty();
    }

    @Test
    void handlerRefusalAndBugBecomeErrorsWithTheClientId() throws Exception {
        JsonNode refusal = dispatch("{\"type\":\"greet\",\"id\":\"7\",\"times\":-1}");
        assertThat(refusal.path("code").asText()).isEqualTo("negative");
        assertThat(refusal.path("id").asText()).isEqualTo("7");
        JsonNode bug = dispatch("{\"type\":\"greet\",\"id\":8,\"times\":13}");
        assertThat(bug.path("code").asText()).isEqualTo("internal-error");
        assertThat(bug.path("id").asText()).isEqualTo("8");
    }

    @Test
    void typeGoesAwayWithItsHandler() throws Exception {
        router.removeHandler(reference(1L, "greet"));
        assertError("{\"type\":\"greet\",\"name\":\"x\"}", "unknown-type");
    }

    @Test
    void pingIsAnsweredByTheConnectionItselfAndPongIsSilent() throws Exception {
        JsonNode pong = dispatch("{\"type\":\"ping\",\"id\":\"p1\"}");
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("id").asText()).isEqualTo("p1");
        sent.clear();
        router.dispatch(connection, "{\"type\":\"pong\"}", 1024);
        assertThat(sent).isEmpty();
    }

    @Test
    void heartbeatPingsWhenDueAndClosesAfterMissedBeats() throws Exception {
        long start = System.nanoTime();
        connection.heartbeat(start + 5_000_000_000L);
        assertThat(sent).isEmpty();
        connection.heartbeat(start + 10_500_000_000L);
        assertThat(json.readTree(sent.get(0)).path("type").asText()).isEqualTo("ping");
        connection.onWebSocketText("{\"type\":\"pong\"}");
        connection.heartbeat(System.nanoTime() + 29_000_000_000L);
        assertThat(closes).isEmpty();
        connection.heartbeat(System.nanoTime() + 31_000_000_000L);
        assertThat(closes).containsExactly(ConnectionPolicy.CLOSE_HEARTBEAT_TIMEOUT);
    }

    @Test
    void floodIsToldToSlowDownThenClosed() throws Exception {
        SignalingConnection strict = new SignalingConnection(router, () -> new ConnectionPolicy(1024, 10_000, 3, 1, 5));
        strict.onWebSocketOpen((Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Session.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "isOpen" -> true;
                    case "sendText" -> sent.add((String) args[0]);
                    case "close" -> closes.add((Integer) args[0]);
                    default -> null;
                }));
        sent.clear();
        for (int i = 0; i < 5; i++) {
            strict.onWebSocketText("{\"type\":\"greet\",\"name\":\"n\",\"times\":1}");
        }
        assertThat(handled).hasSize(5);
        strict.onWebSocketText("{\"type\":\"greet\",\"name\":\"n\",\"times\":1}");
        assertThat(json.readTree(sent.get(sent.size() - 1)).path("code").asText()).isEqualTo("rate-limited");
        assertThat(handled).hasSize(5);
        for (int i = 0; i < 10 && closes.isEmpty(); i++) {
            strict.onWebSocketText("{\"type\":\"greet\",\"name\":\"n\",\"times\":1}");
        }
        assertThat(closes).containsExactly(ConnectionPolicy.CLOSE_FLOOD);
    }

    @Test
    void typesPropertyAcceptsArraysAndIgnoresBlanks() {
        assertThat(SignalingRouter.typesOf(new String[] { "a", " ", "b" })).containsExactly("a", "b");
        assertThat(SignalingRouter.typesOf(List.of("c"))).containsExactly("c");
        assertThat(SignalingRouter.typesOf(null)).isEmpty();
    }
}
