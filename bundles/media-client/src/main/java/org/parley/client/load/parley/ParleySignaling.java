package org.parley.client.load.parley;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.parley.client.load.SubscriptionHandler;
import org.parley.client.load.TargetParticipant;
import org.parley.client.load.TrackInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One participant's side of Parley's signaling protocol (docs/protocol.md), independent of the socket that
 * carries it: messages in through {@link #onMessage}, out through the sender given. Requests carry an {@code id}
 * and wait for the reply with that id (an {@code error} with it fails them); pings are answered; the SFU's
 * subscribe offers go to the handler one at a time, in order, and its answers go back.
 */
final class ParleySignaling implements TargetParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(ParleySignaling.class);
    static final String SUBSCRIPTION_ID = "subscribe";

    private final ObjectMapper json;
    private final Function<String, CompletableFuture<?>> sender;
    private final Executor offers;
    private final Duration replyTimeout;
    private final Runnable onClose;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong mediaDisconnects = new AtomicLong();
    /** Offers are handled in the order they came; the server sends the next only after the answer anyway. */
    private CompletableFuture<Void> offerChain = CompletableFuture.completedFuture(null);
    private volatile SubscriptionHandler handler;
    private volatile String participantId;
    private volatile boolean closed;

    /**
     * @param offers where the subscription handler runs (it may block: it builds a peer connection)
     * @param onClose closes the socket under this signaling
     */
    ParleySignaling(ObjectMapper json, Function<String, CompletableFuture<?>> sender, Executor offers, Duration replyTimeout,
            Runnable onClose) {
        this.json = json;
        this.sender = sender;
        this.offers = offers;
        this.replyTimeout = replyTimeout;
        this.onClose = onClose;
    }

    /** Sends {@code join} with the ticket and waits for {@code joined}; returns the participant id. */
    String join(String ticket) throws Exception {
        ObjectNode join = json.createObjectNode().put("type", "join").put("ticket", ticket).put("protocol", 1);
        JsonNode joined = request(join);
        if (!"joined".equals(joined.path("type").asText())) {
            throw new IllegalStateException("join answered " + joined);
        }
        participantId = joined.path("you").path("id").asText(null);
        if (participantId == null) {
            throw new IllegalStateException("joined without you.id: " + joined);
        }
        return participantId;
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public String publish(String offerSdp, Map<String, String> sources) throws Exception {
        ObjectNode offer = json.createObjectNode().put("type", "offer").put("connection", "publish")
                .put("sdp", offerSdp);
        ObjectNode sourceNode = offer.putObject("sources");
        sources.forEach(sourceNode::put);
        JsonNode answer = request(offer);
        String sdp = answer.path("sdp").asText(null);
        if (!"answer".equals(answer.path("type").asText()) || sdp == null) {
            throw new IllegalStateException("publish offer answered " + answer);
        }
        return sdp;
    }

    @Override
    public void subscribe(SubscriptionHandler subscriptionHandler) throws Exception {
        this.handler = subscriptionHandler;
        JsonNode reply = request(json.createObjectNode().put("type", "subscribe"));
        if (!"subscribed".equals(reply.path("type").asText())) {
            throw new IllegalStateException("subscribe answered " + reply);
        }
    }

    /** {@code receive-video}: the shown videos at one tile size, the hidden ones {@code visible:false}. */
    @Override
    public void receiveVideo(List<String> shown, int width, int height, List<String> hidden) {
        ObjectNode message = json.createObjectNode().put("type", "receive-video");
        ObjectNode tracks = message.putObject("tracks");
        for (String trackId : shown) {
            tracks.putObject(trackId).put("width", width).put("height", height);
        }
        for (String trackId : hidden) {
            tracks.putObject(trackId).put("visible", false);
        }
        sender.apply(message.toString());
    }

    /** Sends a message with a fresh id and waits for the reply carrying it. */
    private JsonNode request(ObjectNode message) throws Exception {
        String id = "r" + nextId.incrementAndGet();
        message.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            sender.apply(message.toString());
            return reply.get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("no reply to " + message.path("type").asText() + " within "
                    + replyTimeout.toMillis() + " ms");
        } finally {
            pending.remove(id);
        }
    }

    /** One text message from the server. */
    void onMessage(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            LOG.warn("Unreadable message from the server: {}", text);
            return;
        }
        String type = message.path("type").asText("");
        String id = message.hasNonNull("id") ? message.get("id").asText() : null;
        switch (type) {
            case "ping" -> sender.apply(id == null ? "{\"type\":\"pong\"}"
                    : json.createObjectNode().put("type", "pong").put("id", id).toString());
            case "error" -> {
                serverErrors.incrementAndGet();
                CompletableFuture<JsonNode> request = id == null ? null : pending.get(id);
                if (request != null) {
                    request.completeExceptionally(new IllegalStateException("server refused: "
                            + message.path("code").asText() + ": " + message.path("message").asText()));
                } else {
                    LOG.warn("Server error: {}", text);
                }
            }
            case "offer" -> {
                if ("subscribe".equals(message.path("connection").asText())) {
                    onSubscribeOffer(message);
                }
            }
            case "media-disconnected" -> {
                mediaDisconnects.incrementAndGet();
                LOG.warn("Media disconnected: {}", text);
                String connection = message.path("connection").asText("");
                if (connection.equals("subscribe") || connection.equals("all")) {
                    resubscribe();
                }
            }
            default -> {
                CompletableFuture<JsonNode> request = id == null ? null : pending.get(id);
                if (request != null) {
                    request.complete(message);
                }
            }
        }
    }

    private void onSubscribeOffer(JsonNode message) {
        String sdp = message.path("sdp").asText(null);
        List<TrackInfo> tracks = tracks(message.path("tracks"));
        SubscriptionHandler current = handler;
        if (sdp == null || current == null) {
            LOG.warn("Subscribe offer without sdp, or before subscribe: {}", message);
            return;
        }
        synchronized (this) {
            offerChain = offerChain.thenRunAsync(() -> {
                try {
                    String answer = current.onOffer(SUBSCRIPTION_ID, sdp, tracks);
                    sender.apply(json.createObjectNode().put("type", "answer").put("connection", "subscribe")
                            .put("sdp", answer).toString())
                            .get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    current.onAnswerSent(SUBSCRIPTION_ID);
                } catch (java.util.concurrent.CancellationException e) {
                    LOG.debug("Subscribe offer of {} declined: {}", participantId, e.getMessage());
                } catch (Exception e) {
                    if (!closed) {
                        LOG.warn("Subscribe offer of {} not answered", participantId, e);
                    }
                }
            }, offers);
        }
    }

    /**
     * Starts the subscribe connection again, as the web client does after {@code media-disconnected}: the
     * handler forgets the dead peer, then a fresh {@code subscribe} (in the offer order, so that an offer of
     * the old connection still being answered goes first).
     */
    private void resubscribe() {
        SubscriptionHandler current = handler;
        if (current == null || closed) {
            return;
        }
        synchronized (this) {
            offerChain = offerChain.thenRunAsync(() -> {
                if (closed) {
                    return;
                }
                current.onSubscriptionLost(SUBSCRIPTION_ID);
                try {
                    JsonNode reply = request(json.createObjectNode().put("type", "subscribe"));
                    if (!"subscribed".equals(reply.path("type").asText())) {
                        LOG.warn("Subscribing again answered {}", reply);
                    }
                } catch (Exception e) {
                    if (!closed) {
                        LOG.warn("Subscribing again failed: {}", e.toString());
                    }
                }
            }, offers);
        }
    }

    static List<TrackInfo> tracks(JsonNode tracks) {
        List<TrackInfo> list = new ArrayList<>();
        for (JsonNode track : tracks) {
            list.add(new TrackInfo(track.path("mid").asText(), track.path("participantId").asText(),
                    track.path("kind").asText(), track.path("source").asText(), track.path("trackId").asText("")));
        }
        return List.copyOf(list);
    }

    /** The socket closed: requests waiting for a reply fail at once. */
    void onClosed(String why) {
        for (CompletableFuture<JsonNode> request : pending.values()) {
            request.completeExceptionally(new IllegalStateException("signaling closed: " + why));
        }
    }

    /** {@code error} messages the server sent. */
    long serverErrors() {
        return serverErrors.get();
    }

    long mediaDisconnects() {
        return mediaDisconnects.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (participantId != null) {
                sender.apply("{\"type\":\"leave\"}");
            }
        } catch (RuntimeException e) {
            // already gone
        }
        onClose.run();
    }
}
