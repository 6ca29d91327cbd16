package org.parley.client.load.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.client.load.SubscriptionHandler;
import org.parley.client.load.TrackInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The signaling against a scripted server: what goes out, and what comes back in reply. */
class ParleySignalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ParleySignaling signaling = new ParleySignaling(JSON, text -> {
        try {
            sent.add(JSON.readTree(text));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return CompletableFuture.completedFuture(null);
    }, pool, Duration.ofSeconds(5), () -> { });

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private JsonNode nextSent() throws InterruptedException {
        JsonNode message = sent.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message sent").isNotNull();
        return message;
    }

    /** Runs a request on another thread, as the server's reply comes on the socket's thread. */
    private <T> CompletableFuture<T> async(java.util.concurrent.Callable<T> request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return request.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
    }

    @Test
    void joinSendsTheTicketAndReadsTheParticipantId() throws Exception {
        CompletableFuture<String> joined = async(() -> signaling.join("TICKET"));
        JsonNode join = nextSent();
        assertThat(join.path("type").asText()).isEqualTo("join");
        assertThat(join.path("ticket").asText()).isEqualTo("TICKET");
        assertThat(join.path("protocol").asInt()).isEqualTo(1);
        signaling.onMessage("{\"type\":\"joined\",\"id\":\"" + join.path("id").asText()
                + "\",\"you\":{\"id\":\"P1\",\"name\":\"x\"},\"roster\":[]}");
        assertThat(joined.get(5, TimeUnit.SECONDS)).isEqualTo("P1");
        assertThat(signaling.participantId()).isEqualTo("P1");
    }

    @Test
    void aRefusedJoinFailsWithTheServersReason() throws Exception {
        CompletableFuture<String> joined = async(() -> signaling.join("OLD"));
        JsonNode join = nextSent();
        signaling.onMessage("{\"type\":\"error\",\"id\":\"" + join.path("id").asText()
                + "\",\"code\":\"invalid-ticket\",\"message\":\"expired\"}");
        assertThatThrownBy(() -> joined.get(5, TimeUnit.SECONDS)).hasMessageContaining("invalid-ticket");
        assertThat(signaling.serverErrors()).isEqualTo(1);
    }

    @Test
    void publishWaitsForTheAnswerWithItsId() throws Exception {
        CompletableFuture<String> answer = async(() -> signaling.publish("OFFER", Map.of("0", "microphone")));
        JsonNode offer = nextSent();
        assertThat(offer.path("type").asText()).isEqualTo("offer");
        assertThat(offer.path("connection").asText()).isEqualTo("publish");
        assertThat(offer.path("sdp").asText()).isEqualTo("OFFER");
        assertThat(offer.path("sources").path("0").asText()).isEqualTo("microphone");
        // An answer to some other request is not this one's.
        signaling.onMessage("{\"type\":\"answer\",\"connection\":\"publish\",\"id\":\"other\",\"sdp\":\"WRONG\"}");
        signaling.onMessage("{\"type\":\"answer\",\"connection\":\"publish\",\"id\":\"" + offer.path("id").asText()
                + "\",\"sdp\":\"ANSWER\"}");
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("ANSWER");
    }

    @Test
    void pingsAreAnswered() throws Exception {
        signaling.onMessage("{\"type\":\"ping\",\"ts\":1764000000000}");
        assertThat(nextSent().path("type").asText()).isEqualTo("pong");
        signaling.onMessage("{\"type\":\"ping\",\"id\":\"x\"}");
        JsonNode pong = nextSent();
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("id").asText()).isEqualTo("x");
    }

    @Test
    void subscribeOffersGoToTheHandlerAndItsAnswersBack() throws Exception {
        List<List<TrackInfo>> offered = new CopyOnWriteArrayList<>();
        CountDownLatch answerSent = new CountDownLatch(2);
        SubscriptionHandler handler = new SubscriptionHandler() {
            @Override
            public String onOffer(String subscriptionId, String offerSdp, List<TrackInfo> tracks) {
                assertThat(subscriptionId).isEqualTo("subscribe");
                offered.add(tracks);
                return "ANSWER-TO-" + offerSdp;
            }

            @Override
            public void onAnswerSent(String subscriptionId) {
                answerSent.countDown();
            }
        };
        CompletableFuture<Void> subscribed = CompletableFuture.runAsync(() -> {
            try {
                signaling.subscribe(handler);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
        JsonNode subscribe = nextSent();
        assertThat(subscribe.path("type").asText()).isEqualTo("subscribe");
        signaling.onMessage("{\"type\":\"subscribed\",\"id\":\"" + subscribe.path("id").asText() + "\"}");
        subscribed.get(5, TimeUnit.SECONDS);

        signaling.onMessage("{\"type\":\"offer\",\"connection\":\"subscribe\",\"revision\":1,\"sdp\":\"O1\","
                + "\"tracks\":[{\"mid\":\"0\",\"participantId\":\"A\",\"kind\":\"audio\",\"source\":\"microphone\","
                + "\"trackId\":\"t1\"}]}");
        signaling.onMessage("{\"type\":\"offer\",\"connection\":\"subscribe\",\"revision\":2,\"sdp\":\"O2\","
                + "\"tracks\":[{\"mid\":\"0\",\"participantId\":\"A\",\"kind\":\"audio\",\"source\":\"microphone\"},"
                + "{\"mid\":\"1\",\"participantId\":\"A\",\"kind\":\"video\",\"source\":\"camera\"}]}");
        JsonNode first = nextSent();
        JsonNode second = nextSent();
        assertThat(first.path("type").asText()).isEqualTo("answer");
        assertThat(first.path("connection").asText()).isEqualTo("subscribe");
        assertThat(first.path("sdp").asText()).isEqualTo("ANSWER-TO-O1");
        assertThat(second.path("sdp").asText()).isEqualTo("ANSWER-TO-O2");
        assertThat(answerSent.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(offered).containsExactly(List.of(new TrackInfo("0", "A", "audio", "microphone", "t1")),
                List.of(new TrackInfo("0", "A", "audio", "microphone"), new TrackInfo("1", "A", "video", "camera")));
    }

    @Test
    void aDroppedSubscribeConnectionIsForgottenAndSubscribedAgain() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        SubscriptionHandler handler = new SubscriptionHandler() {
            @Override
            public String onOffer(String subscriptionId, String offerSdp, List<TrackInfo> tracks) {
                return "ANSWER";
            }

            @Override
            public void onSubscriptionLost(String subscriptionId) {
                assertThat(subscriptionId).isEqualTo("subscribe");
                lost.countDown();
            }
        };
        CompletableFuture<Void> subscribed = CompletableFuture.runAsync(() -> {
            try {
                signaling.subscribe(handler);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, pool);
        JsonNode first = nextSent();
        signaling.onMessage("{\"type\":\"subscribed\",\"id\":\"" + first.path("id").asText() + "\"}");
        subscribed.get(5, TimeUnit.SECONDS);

        signaling.onMessage("{\"type\":\"media-disconnected\",\"connection\":\"publish\",\"reason\":\"x\"}");
        signaling.onMessage("{\"type\":\"media-disconnected\",\"connection\":\"subscribe\","
                + "\"reason\":\"dtls-failed\"}");
        assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
        JsonNode again = nextSent();
        assertThat(again.path("type").asText()).isEqualTo("subscribe");
        assertThat(again.path("id").asText()).isNotEqualTo(first.path("id").asText());
        signaling.onMessage("{\"type\":\"subscribed\",\"id\":\"" + again.path("id").asText() + "\"}");
        assertThat(signaling.mediaDisconnects()).isEqualTo(2);
    }

    @Test
    void receiveVideoNamesTheShownTracksWithTheirSizeAndHidesTheRest() throws Exception {
        signaling.receiveVideo(List.of("t1", "t2"), 320, 180, List.of("t3"));
        JsonNode message = nextSent();
        assertThat(message.path("type").asText()).isEqualTo("receive-video");
        assertThat(message.path("tracks").path("t1").path("width").asInt()).isEqualTo(320);
        assertThat(message.path("tracks").path("t2").path("height").asInt()).isEqualTo(180);
        assertThat(message.path("tracks").path("t3").path("visible").asBoolean(true)).isFalse();
        assertThat(message.path("tracks").size()).isEqualTo(3);
    }

    @Test
    void aClosedSocketFailsWaitingRequests() throws Exception {
        CompletableFuture<String> joined = async(() -> signaling.join("T"));
        nextSent();
        signaling.onClosed("1001 going away");
        assertThatThrownBy(() -> joined.get(5, TimeUnit.SECONDS)).hasMessageContaining("signaling closed");
    }
}
