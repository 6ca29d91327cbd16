package org.parley.client.janus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.parley.client.internal.ClientThreads;
import org.parley.client.load.ConferenceTarget;
import org.parley.client.load.TargetParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Janus's videoroom plugin as a load target, over Janus's plain HTTP API. A room per meeting; a Janus session
 * per participant (as a browser client has), joined as a publisher whether or not it publishes, so that it hears
 * of every feed; one subscriber handle (one peer connection) per feed it receives.
 *
 * <p>Janus must run ICE lite (janus.jcfg {@code nat.ice_lite = true}) so that the client peers, which are always
 * the controlling agent, work against it as against Parley; see scripts/janus/.
 */
public final class JanusTarget implements ConferenceTarget {
    private static final Logger LOG = LoggerFactory.getLogger(JanusTarget.class);

    /**
     * @param api the Janus HTTP API, e.g. {@code http://10.203.0.2:8088/janus}
     * @param serverPid the Janus process, for CPU and memory figures (empty: the target cannot tell them)
     * @param publishersPerRoom the room's limit of concurrent publishers
     * @param bitrate the REMB cap every publisher of a room gets, bits/s (Parley caps video at 1.5 Mbps)
     * @param requestTimeout how long a request or its asynchronous reply may take
     * @param adminApi Janus's admin API (e.g. {@code http://10.203.0.2:7088/admin}), where forwarded packets are
     *        counted; null when it is not enabled
     * @param adminSecret the admin_secret of janus.jcfg, with {@code adminApi}
     */
    public record Options(URI api, OptionalLong serverPid, int publishersPerRoom, long bitrate,
            Duration requestTimeout, URI adminApi, String adminSecret) {

        public Options {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(serverPid, "serverPid");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (publishersPerRoom < 1 || bitrate < 1) {
                throw new IllegalArgumentException("publishersPerRoom and bitrate must be positive");
            }
        }

        /** Rooms for up to 250 publishers (a subscriber joins as one), 1.5 Mbps, 30 s per request. */
        public static Options of(URI api, OptionalLong serverPid) {
            return new Options(stripTrailingSlash(api), serverPid, 250, 1_500_000, Duration.ofSeconds(30), null, null);
        }

        /** With Janus's admin API, for {@link JanusTarget#serverForwardedPackets}. */
        public Options withAdmin(URI admin, String secret) {
            return new Options(api, serverPid, publishersPerRoom, bitrate, requestTimeout, stripTrailingSlash(admin),
                    Objects.requireNonNull(secret, "secret"));
        }

        private static URI stripTrailingSlash(URI uri) {
            String s = uri.toString();
            return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
        }
    }

    private final Options options;
    private final HttpClient http;
    private final ScheduledExecutorService timers = ClientThreads.TIMERS;
    /** Where subscriptions are negotiated: off the long-poll threads, which deliver the replies they wait for. */
    private final ExecutorService negotiations = Executors.newCachedThreadPool(ClientThreads.daemon("janus-negotiation"));
    private final JanusAdmin admin;
    private final Set<Long> rooms = ConcurrentHashMap.newKeySet();
    private final List<JanusParticipant> participants = new CopyOnWriteArrayList<>();
    private JanusSession adminSession;
    private long adminHandle;

    private JanusTarget(Options options) {
        this.options = options;
        // HTTP/1.1: Janus's libmicrohttpd speaks nothing else, and an h2c upgrade attempt would only cost time.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.requestTimeout()).build();
        this.admin = options.adminApi() == null ? null
                : new JanusAdmin(http, options.adminApi(), options.adminSecret(), options.requestTimeout());
    }

    public static JanusTarget connect(Options options) {
        return new JanusTarget(options);
    }

    /** A target on the Janus at {@code api}; {@code serverPid} 0 or less when its process is not known. */
    public static JanusTarget connect(URI api, long serverPid) {
        return connect(Options.of(api, serverPid > 0 ? OptionalLong.of(serverPid) : OptionalLong.empty()));
    }

    @Override
    public String name() {
        return "janus";
    }

    Options options() {
        return options;
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ExecutorService negotiations() {
        return negotiations;
    }

    /** Creates a videoroom room (Janus picks its numeric id) with the options' limits. */
    @Override
    public String createRoom(String title) throws Exception {
        long room;
        synchronized (this) {
            if (adminSession == null) {
                adminSession = JanusSession.create(http, options.api(), options.requestTimeout(), timers);
                adminHandle = adminSession.attach(message -> { });
            }
            JanusMessages.Message reply = adminSession.request(adminHandle,
                    JanusMessages.createRoom(title, options.publishersPerRoom(), options.bitrate()), null);
            room = JanusSession.data(reply).path("room").asLong(0);
        }
        if (room == 0) {
            throw new IOException("Janus created no room for " + title);
        }
        rooms.add(room);
        return Long.toString(room);
    }

    @Override
    public TargetParticipant join(String roomId, String displayName) throws Exception {
        JanusParticipant participant = JanusParticipant.join(this, Long.parseLong(roomId), displayName);
        participants.add(participant);
        return participant;
    }

    void forget(JanusParticipant participant) {
        participants.remove(participant);
    }

    @Override
    public OptionalDouble serverCpuSeconds() {
        return options.serverPid().stream().mapToObj(ProcessStats::read).flatMap(java.util.Optional::stream)
                .mapToDouble(ProcessStats::cpuSeconds).findFirst();
    }

    @Override
    public OptionalDouble serverResidentBytes() {
        return options.serverPid().stream().mapToObj(ProcessStats::read).flatMap(java.util.Optional::stream)
                .mapToDouble(ProcessStats::residentBytes).findFirst();
    }

    /** RTP packets Janus has sent to subscribers so far (from its admin API), when the options name it. */
    @Override
    public OptionalDouble serverForwardedPackets() {
        if (admin == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(admin.forwardedPackets());
        } catch (IOException e) {
            LOG.warn("Janus admin API: {}", e.toString());
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * No: the admin API answers a request per session and per handle (thousands in the larger shapes), work
     * Janus would do on the CPU being measured.
     */
    @Override
    public boolean serverForwardedPacketsCheap() {
        return false;
    }

    /** Ends every participant still there and destroys the rooms this target created. */
    @Override
    public void close() {
        for (JanusParticipant participant : participants) {
            participant.close();
        }
        synchronized (this) {
            if (adminSession != null) {
                for (long room : rooms) {
                    try {
                        adminSession.request(adminHandle, JanusMessages.destroyRoom(room), null);
                    } catch (IOException e) {
                        LOG.debug("Destroying room {} failed: {}", room, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                adminSession.close();
                adminSession = null;
            }
        }
        rooms.clear();
        negotiations.shutdownNow();
    }
}
