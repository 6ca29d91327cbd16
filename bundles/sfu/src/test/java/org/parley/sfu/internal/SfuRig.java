package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.parley.api.media.SessionDescription;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.Role;
import org.parley.api.metrics.MetricSink;
import org.parley.api.room.Participant;
import org.parley.api.room.Rooms;
import org.parley.api.signaling.SignalingSession;
import org.parley.client.MediaClientPeer;
import org.parley.client.PeerOptions;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real {@link MediaServer} on 127.0.0.1 with a room that records what the SFU sends to each participant, and
 * the steps a client takes to publish and subscribe with {@link MediaClientPeer}.
 */
final class SfuRig implements AutoCloseable {
    static final Duration CONNECT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    final RecordingRooms rooms = new RecordingRooms();
    /** The SFU's latest publish answer SDP to each participant. */
    final Map<String, String> publishAnswers = new ConcurrentHashMap<>();
    final MediaServer server;

    SfuRig(Map<String, Object> overrides) throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("bind_address", "127.0.0.1", "port", 0, "io_threads", 1));
        values.putAll(overrides);
        server = MediaServer.start(config(values), rooms);
    }

    /** An SfuConfig with each attribute's declared default except the given ones. */
    static SfuConfig config(Map<String, Object> overrides) {
        return (SfuConfig) Proxy.newProxyInstance(SfuConfig.class.getClassLoader(), new Class<?>[] { SfuConfig.class },
                (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> SfuConfig.class;
                        case "toString" -> "SfuConfig" + overrides;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> method.getDefaultValue();
                    };
                });
    }

    static Participant participant(String meetingId, String id) {
        return new Participant(id, meetingId, null, id, Role.PARTICIPANT, false, false, false, false, "connected");
    }

    InetSocketAddress mediaAddress() {
        return server.mediaAddress();
    }

    /** Publishes audio and video: offer, answer, ICE and DTLS; returns the connected peer. */
    MediaClientPeer publish(Participant who) throws Exception {
        return publish(who, PeerOptions.defaults());
    }

    MediaClientPeer publish(Participant who, PeerOptions options) throws Exception {
        MediaClientPeer peer = MediaClientPeer.open(options);
        server.onDescription(who, new SessionDescription("offer", peer.publishOffer(), "publish", "p1",
                Map.of("0", "microphone", "1", "camera")));
        Map<String, Object> answer = rooms.next(who.id(), "answer", "publish");
        publishAnswers.put(who.id(), (String) answer.get("sdp"));
        peer.acceptAnswer((String) answer.get("sdp"));
        peer.connect().get(CONNECT.toMillis(), TimeUnit.MILLISECONDS);
        awaitServerSide(who, MediaTransport.Direction.PUBLISH);
        return peer;
    }

    /** Asks to subscribe, answers the SFU's offer and connects; returns the connected peer. */
    MediaClientPeer subscribe(Participant who) throws Exception {
        return subscribe(who, peer -> {
        });
    }

    /**
     * Like {@link #subscribe(Participant)}, with {@code beforeConnect} run once the offer is answered and before the
     * transport connects: what it attaches sees the first packets (the keyframe the SFU asks for on connect).
     */
    MediaClientPeer subscribe(Participant who, java.util.function.Consumer<MediaClientPeer> beforeConnect)
            throws Exception {
        MediaClientPeer peer = MediaClientPeer.open();
        server.onMessage(rooms.session(who), JSON.readTree("{\"type\":\"subscribe\"}"));
        answerNextOffer(who, peer);
        beforeConnect.accept(peer);
        peer.connect().get(CONNECT.toMillis(), TimeUnit.MILLISECONDS);
        awaitServerSide(who, MediaTransport.Direction.SUBSCRIBE);
        return peer;
    }

    /**
     * The client's DTLS completes on the server's last flight, a moment before the server marks its side
     * connected; media sent in between is dropped as not-ready, which tests that count packets must not see.
     */
    private void awaitServerSide(Participant who, MediaTransport.Direction direction) throws InterruptedException {
        await("the SFU's side of " + who.id() + "'s " + direction + " transport", CONNECT,
                () -> server.isConnected(who.meetingId(), who.id(), direction));
    }

    /** Takes the SFU's next subscribe offer to {@code who}, answers it with {@code peer} and returns the offer. */
    Map<String, Object> answerNextOffer(Participant who, MediaClientPeer peer) throws Exception {
        Map<String, Object> offer = rooms.next(who.id(), "offer", "subscribe");
        String answer = peer.answer((String) offer.get("sdp"));
        server.onDescription(who, new SessionDescription("answer", answer, "subscribe", null));
        return offer;
    }

    /** The value of parley_sfu_dropped_packets_total for one reason. */
    long dropped(String reason) {
        double[] value = { -1 };
        server.collect(new MetricSink() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double v) {
                if (name.equals("parley_sfu_dropped_packets_total") && reason.equals(labels.get("reason"))) {
                    value[0] = v;
                }
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double v) {
            }
        });
        assertThat(value[0]).as("dropped counter for reason %s exists", reason).isGreaterThanOrEqualTo(0);
        return (long) value[0];
    }

    long counter(String metric) {
        double[] value = { -1 };
        server.collect(new MetricSink() {
            @Override
            public void counter(String name, String help, Map<String, String> labels, double v) {
                if (name.equals(metric) && labels.isEmpty()) {
                    value[0] = v;
                }
            }

            @Override
            public void gauge(String name, String help, Map<String, String> labels, double v) {
            }
        });
        return (long) value[0];
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        server.deactivate();
    }

    /** A room that seats sessions by hand and queues every message the SFU sends, per participant. */
    static final class RecordingRooms implements Rooms {
        private final Map<String, BlockingQueue<Map<String, Object>>> sent = new ConcurrentHashMap<>();
        private final Map<SignalingSession, Participant> seats = new ConcurrentHashMap<>();

        SignalingSession session(Participant participant) {
            RecordingSession session = new RecordingSession(participant.id());
            seats.put(session, participant);
            return session;
        }

        BlockingQueue<Map<String, Object>> queue(String participantId) {
            return sent.computeIfAbsent(participantId, id -> new LinkedBlockingQueue<>());
        }

        /** The next message of this type and connection sent to the participant; others before it are skipped. */
        Map<String, Object> next(String participantId, String type, String connection) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                Map<String, Object> message = queue(participantId).poll(
                        Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no " + type + "/" + connection + " sent to " + participantId);
                }
                if (type.equals(message.get("type")) && connection.equals(message.get("connection"))) {
                    return message;
                }
            }
        }

        /** Whether anything of this type was sent within the wait, without waiting for more. */
        Optional<Map<String, Object>> poll(String participantId, String type, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                Map<String, Object> message = queue(participantId).poll(
                        Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    return Optional.empty();
                }
                if (type.equals(message.get("type"))) {
                    return Optional.of(message);
                }
            }
        }

        @Override
        public Optional<Participant> participantOf(SignalingSession session) {
            return Optional.ofNullable(seats.get(session));
        }

        @Override
        public List<Participant> roster(String meetingId) {
            return seats.values().stream().filter(p -> p.meetingId().equals(meetingId)).distinct().toList();
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean send(String meetingId, String participantId, Object message) {
            queue(participantId).add((Map<String, Object>) message);
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void broadcast(String meetingId, Object message) {
            queue(broadcastQueue(meetingId)).add((Map<String, Object>) message);
        }

        /** The queue that records broadcasts to a meeting (read it with {@link #poll}). */
        static String broadcastQueue(String meetingId) {
            return "broadcast:" + meetingId;
        }

        @Override
        public Optional<Participant> admit(SignalingSession session, JoinTicket ticket) {
            return Optional.empty();
        }
    }

    /** A signaling connection that records what is sent on it directly (the SFU's "subscribed" reply). */
    static final class RecordingSession implements SignalingSession {
        final String id;
        final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();

        RecordingSession(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public void send(Object message) {
            sent.add(message);
        }

        @Override
        public void sendError(String code, String message, String replyTo) {
            sent.add(Map.of("type", "error", "code", code));
        }

        @Override
        public <V> Optional<V> attribute(String name, Class<V> type) {
            return Optional.empty();
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void removeAttribute(String name) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
