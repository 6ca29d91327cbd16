package org.parley.it.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.parley.it.MeetingsApi;
import org.parley.it.ParleyServer;


/**
 * Load on the signaling room of one node: starts a fresh node, opens N WebSocket participants into one
 * meeting (tickets fetched first, so the figures are about the room), keeps them connected, and prints:
 * join latency (WebSocket open to "joined") p50/p99, joins per second, the node's memory per held
 * participant (RSS and heap deltas from /metrics against the node before any connection: the baseline of
 * the same run), and one chat message's fan-out time to all N. Bounded and loopback only.
 *
 * <p>Run: {@code scripts/bench-room.sh [participants]}.
 */
public final class RoomLoad {
    public static void main(String[] args) throws Exception {
        int participants = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int batch = 50;
        try (ParleyServer server = ParleyServer.start("bench-room", Map.of("PARLEY_JAVA_OPTS", "-Xms256m -Xmx1g"))) {
            MeetingsApi api = new MeetingsApi(server);
            MeetingsApi.Account host = api.account("bench-host");
            MeetingsApi.Meeting meeting = api.createMeeting(host, "Load", false);
            List<String> tickets = new ArrayList<>();
            tickets.add(api.ticket(meeting, host, null));
            for (int i = 1; i < participants; i++) {
                tickets.add(api.ticket(meeting, null, "Guest " + i));
            }
            Thread.sleep(2000);
            Map<String, Double> before = metrics(server);

            WebSocketClient client = new WebSocketClient();
            client.setIdleTimeout(Duration.ofMinutes(5));
            // "joined" carries the whole roster: hundreds of participants exceed the 64 KiB default
            client.setMaxTextMessageSize(8 << 20);
            client.start();
            long[] joinNanos = new long[participants];
            List<Session> sessions = new ArrayList<>();
            CountDownLatch[] chat = { new CountDownLatch(participants) };
            AtomicLong chatSentAt = new AtomicLong();
            long[] chatArrival = new long[participants];
            long started = System.nanoTime();
            for (int from = 0; from < participants; from += batch) {
                int to = Math.min(participants, from + batch);
                CountDownLatch joined = new CountDownLatch(to - from);
                for (int i = from; i < to; i++) {
                    int index = i;
                    Participant listener = new Participant(tickets.get(index), () -> {
                        joined.countDown();
                    }, nanos -> joinNanos[index] = nanos, () -> {
                        chatArrival[index] = System.nanoTime() - chatSentAt.get();
                        chat[0].countDown();
                    });
                    sessions.add(client.connect(listener, server.webSocketUri()).get(30, TimeUnit.SECONDS));
                }
                if (!joined.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Joins did not complete in batch starting at " + from);
                }
            }
            double joinSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(3000);
            Map<String, Double> after = metrics(server);

            chatSentAt.set(System.nanoTime());
            sessions.get(0).sendText("{\"type\":\"chat\",\"text\":\"fan-out probe\"}", Callback.NOOP);
            boolean allGot = chat[0].await(30, TimeUnit.SECONDS);

            long[] sortedJoins = Arrays.stream(joinNanos).sorted().toArray();
            long[] sortedChat = Arrays.stream(chatArrival).sorted().toArray();
            double rssPer = (after.get("process_resident_memory_bytes") - before.get("process_resident_memory_bytes")) / participants;
            double heapPer = (after.get("jvm_memory_used_bytes{area=\"heap\"}") - before.get("jvm_memory_used_bytes{area=\"heap\"}")) / participants;
            System.out.printf("participants held in one meeting: %d (connected: %s)%n", participants,
                    after.getOrDefault("parley_ws_connections", -1.0).intValue());
            System.out.printf("join latency (WebSocket open -> joined): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    ms(sortedJoins, 50), ms(sortedJoins, 99), ms(sortedJoins, 100));
            System.out.printf("join rate: %.0f joins/s (batches of %d)%n", participants / joinSeconds, batch);
            System.out.printf("memory per participant: RSS %.1f KiB, heap %.1f KiB (baseline: the node before any connection)%n",
                    rssPer / 1024, heapPer / 1024);
            System.out.printf("chat fan-out to %d: %s, p50 %.1f ms, p99 %.1f ms, last %.1f ms%n", participants,
                    allGot ? "all received" : "INCOMPLETE", ms(sortedChat, 50), ms(sortedChat, 99), ms(sortedChat, 100));
            for (Session session : sessions) {
                session.close(1000, "done", Callback.NOOP);
            }
            client.stop();
        }
    }

    /** One participant's socket: joins on open, answers pings, reports its join and the chat probe. */
    public static final class Participant implements Session.Listener.AutoDemanding {
        private final String ticket;
        private final Runnable onJoined;
        private final java.util.function.LongConsumer joinNanos;
        private final Runnable onChat;
        private Session session;
        private long openedAt;

        Participant(String ticket, Runnable onJoined, java.util.function.LongConsumer joinNanos, Runnable onChat) {
            this.ticket = ticket;
            this.onJoined = onJoined;
            this.joinNanos = joinNanos;
            this.onChat = onChat;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
            openedAt = System.nanoTime();
            s.sendText("{\"type\":\"join\",\"ticket\":\"" + ticket + "\"}", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            if (text.startsWith("{\"type\":\"ping\"")) {
                session.sendText("{\"type\":\"pong\"}", Callback.NOOP);
            } else if (text.startsWith("{\"type\":\"joined\"")) {
                joinNanos.accept(System.nanoTime() - openedAt);
                onJoined.run();
            } else if (text.startsWith("{\"type\":\"chat\"")) {
                onChat.run();
            } else if (text.startsWith("{\"type\":\"error\"")) {
                System.err.println("server error: " + text);
            }
        }
    }

    private static double ms(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(sorted.length * percentile / 100.0) - 1));
        return sorted[index] / 1e6;
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*(?:\\{[^}]*})?) ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private static Map<String, Double> metrics(ParleyServer server) throws Exception {
        Map<String, Double> values = new java.util.HashMap<>();
        Matcher matcher = SAMPLE.matcher(server.get("/metrics").body());
        while (matcher.find()) {
            values.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return values;
    }

}
