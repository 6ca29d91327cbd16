package org.parley.client.janus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.parley.client.janus.JanusMessages.Jsep;
import org.parley.client.janus.JanusMessages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Janus session over the plain HTTP API: requests are POSTs, asynchronous plugin replies and spontaneous
 * events come from a long poll (GET on the session) that is always outstanding, and a keepalive goes out every
 * {@link #KEEPALIVE_INTERVAL} because Janus drops sessions it hears nothing from for 60 s.
 *
 * <p>A plugin request Janus acknowledges ("ack") completes when the event with its transaction arrives; events
 * without one go to the listener of the handle that sent them.
 */
final class JanusSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JanusSession.class);
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
    /** Janus holds a long poll for 30 s before it answers with a keepalive. */
    private static final Duration LONG_POLL_TIMEOUT = Duration.ofSeconds(45);
    private static final int EVENTS_PER_POLL = 16;
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    private final HttpClient http;
    private final URI base;
    private final Duration requestTimeout;
    private final long id;
    private final Map<String, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<Message>> handleListeners = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> keepalives;
    private volatile boolean closed;

    private JanusSession(HttpClient http, URI base, Duration requestTimeout, long id,
            ScheduledExecutorService timers) {
        this.http = http;
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.id = id;
        this.keepalives = timers.scheduleWithFixedDelay(this::sendKeepalive, KEEPALIVE_INTERVAL.toMillis(),
                KEEPALIVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        poll();
    }

    /** Creates a session on the Janus at {@code base} (e.g. {@code http://10.203.0.2:8088/janus}). */
    static JanusSession create(HttpClient http, URI base, Duration requestTimeout, ScheduledExecutorService timers)
            throws IOException, InterruptedException {
        Message response = post(http, base, JanusMessages.createSession(newTransaction()), requestTimeout);
        requireSuccess(response, "create session");
        return new JanusSession(http, base, requestTimeout, JanusMessages.createdId(response), timers);
    }

    long id() {
        return id;
    }

    /** Attaches a new videoroom handle; its spontaneous events go to {@code listener}. */
    long attach(Consumer<Message> listener) throws IOException, InterruptedException {
        Message response = post(http, sessionUri(), JanusMessages.attach(newTransaction()), requestTimeout);
        requireSuccess(response, "attach");
        long handle = JanusMessages.createdId(response);
        handleListeners.put(handle, listener);
        return handle;
    }

    void detach(long handle) throws IOException, InterruptedException {
        handleListeners.remove(handle);
        post(http, handleUri(handle), JanusMessages.detach(newTransaction()), requestTimeout);
    }

    /**
     * Sends a videoroom request (with a session description, or null) and returns the plugin's reply: the
     * synchronous one, or the event an "ack" announces. A Janus or plugin error is an IOException.
     */
    Message request(long handle, ObjectNode body, Jsep jsep) throws IOException, InterruptedException {
        String transaction = newTransaction();
        CompletableFuture<Message> event = new CompletableFuture<>();
        pending.put(transaction, event); // before the POST: the event may come back on the poll before the ack
        try {
            Message response = post(http, handleUri(handle), JanusMessages.message(transaction, body, jsep),
                    requestTimeout);
            Message reply = "ack".equals(response.janus()) ? await(event, body) : response;
            if (reply.error().isPresent()) {
                throw new IOException("Janus refused " + body.path("request").asText() + ": " + reply.error().get());
            }
            return reply;
        } finally {
            pending.remove(transaction);
        }
    }

    /** Tells Janus the handle's SDP carried all of the client's candidates. */
    void trickleCompleted(long handle) throws IOException, InterruptedException {
        post(http, handleUri(handle), JanusMessages.trickleCompleted(newTransaction()), requestTimeout);
    }

    private Message await(CompletableFuture<Message> event, ObjectNode body) throws IOException, InterruptedException {
        try {
            return event.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no reply from Janus to " + body.path("request").asText() + " within "
                    + requestTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("long poll failed before the reply to " + body.path("request").asText(),
                    e.getCause());
        }
    }

    // ---- the long poll ----

    private void poll() {
        if (closed) {
            return;
        }
        HttpRequest get = HttpRequest.newBuilder(URI.create(sessionUri() + "?maxev=" + EVENTS_PER_POLL))
                .timeout(LONG_POLL_TIMEOUT).GET().build();
        http.sendAsync(get, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            if (closed) {
                return;
            }
            if (failure != null || response.statusCode() != 200) {
                // The session is gone (or Janus is): nothing will answer what is pending.
                IOException cause = new IOException("long poll of session " + id + " failed: "
                        + (failure != null ? failure : "HTTP " + response.statusCode()));
                LOG.debug("{}", cause.getMessage());
                pending.values().forEach(f -> f.completeExceptionally(cause));
                return;
            }
            try {
                dispatch(JanusMessages.parseAll(JanusMessages.JSON.readTree(response.body())));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Janus event on session {} could not be handled", id, e);
            }
            poll();
        });
    }

    private void dispatch(List<Message> messages) {
        for (Message message : messages) {
            if ("keepalive".equals(message.janus())) {
                continue;
            }
            CompletableFuture<Message> waiting = message.transaction() == null ? null
                    : pending.get(message.transaction());
            if (waiting != null && ("event".equals(message.janus()) || "error".equals(message.janus()))) {
                waiting.complete(message);
                continue;
            }
            Consumer<Message> listener = handleListeners.get(message.sender());
            if (listener != null) {
                try {
                    listener.accept(message);
                } catch (RuntimeException e) {
                    LOG.warn("Listener of handle {} failed on {}", message.sender(), message.janus(), e);
                }
            }
        }
    }

    private void sendKeepalive() {
        try {
            post(http, sessionUri(), JanusMessages.keepalive(newTransaction()), requestTimeout);
        } catch (IOException e) {
            LOG.debug("Keepalive of session {} failed: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- HTTP ----

    private URI sessionUri() {
        return URI.create(base + "/" + id);
    }

    private URI handleUri(long handle) {
        return URI.create(base + "/" + id + "/" + handle);
    }

    private static Message post(HttpClient http, URI uri, ObjectNode body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JanusMessages.JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("Janus answered " + body.path("janus").asText() + " with HTTP "
                    + response.statusCode());
        }
        Message message = JanusMessages.parse(JanusMessages.JSON.readTree(response.body()));
        if ("error".equals(message.janus())) {
            throw new IOException("Janus refused " + body.path("janus").asText() + ": " + message.error().orElse("?"));
        }
        return message;
    }

    private static void requireSuccess(Message response, String what) throws IOException {
        if (!"success".equals(response.janus()) || JanusMessages.createdId(response) == 0) {
            throw new IOException(what + ": Janus answered " + response.raw());
        }
    }

    private static String newTransaction() {
        return "parley-" + TRANSACTIONS.incrementAndGet();
    }

    /** Destroys the session on Janus: it detaches every handle, so the participant leaves its room. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        keepalives.cancel(false);
        try {
            post(http, sessionUri(), JanusMessages.destroySession(newTransaction()), requestTimeout);
        } catch (IOException e) {
            LOG.debug("Destroying session {} failed: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("session closed")));
    }

    /** The plugin data of a reply, for callers that read fields of it. */
    static JsonNode data(Message message) {
        return message.data() == null ? JanusMessages.JSON.createObjectNode() : message.data();
    }
}
