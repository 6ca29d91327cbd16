package org.parley.sfu.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.NodeProperties;
import org.parley.api.media.IceCandidate;
import org.parley.api.media.MediaDiagnostics;
import org.parley.api.media.MediaSignaling;
import org.parley.api.media.SessionDescription;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;
import org.parley.api.room.Participant;
import org.parley.api.room.Rooms;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.parley.api.signaling.SignalingSession;
import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.rtcp.RtcpWriter;
import org.parley.webrtc.srtp.SrtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The SFU as the rest of the node sees it: the room relays each participant's SDP to it
 * ({@link MediaSignaling}), a client asks to receive media with a {@code subscribe} message and says
 * which videos it shows at what size with {@code receive-video}, and it answers through {@link Rooms#send}. It owns the media port and every meeting's media state.
 */
@Component(service = { MediaSignaling.class, SignalingHandler.class, MetricSource.class, MediaDiagnostics.class },
        configurationPid = SfuConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { SignalingHandler.TYPE + "=subscribe", SignalingHandler.TYPE + "=receive-video" })
@Designate(ocd = SfuConfig.class)
public final class MediaServer implements MediaSignaling, SignalingHandler<JsonNode>, MetricSource,
        MediaDiagnostics, MediaTransport.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);

    /*
     * Optional and dynamic so that an update of the signaling bundle does not tear down every call: media
     * keeps flowing while the room comes back, and only new offers wait for it. Looked up when used, not
     * injected: the room itself tracks this component (MediaSignaling), so binding it here while either
     * activates would be circular.
     */
    @Reference(service = Rooms.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceReference<Rooms> roomsReference;
    private volatile BundleContext bundleContext;
    private volatile Rooms testRooms;

    private final Map<String, Conference> conferences = new ConcurrentHashMap<>();
    private final TransportRegistry registry = new TransportRegistry();
    private final MediaCounters counters = new MediaCounters();
    private final AtomicInteger transportIds = new AtomicInteger();
    private DtlsCertificate certificate;
    private MediaPort port;
    private ExecutorService handshakes;
    private ScheduledExecutorService timers;
    private PublishNegotiator publishNegotiator;
    private SubscribeNegotiator subscribeNegotiator;
    private List<Integer> srtpProfiles;
    private SfuConfig config;
    private LargeMeetings largeMeetings;

    /** For tests: a media server outside OSGi, talking to the given room. */
    static MediaServer start(SfuConfig config, Rooms rooms) throws Exception {
        MediaServer server = new MediaServer();
        server.testRooms = rooms;
        server.activate(null, config);
        return server;
    }

    @Activate
    void activate(BundleContext context, SfuConfig config) throws Exception {
        this.bundleContext = context;
        this.config = config;
        String bind = override(context, "media.address", config.bind_address());
        int portNumber = Integer.parseInt(override(context, "media.port", String.valueOf(config.port())));
        InetAddress bindAddress = InetAddress.getByName(bind);
        srtpProfiles = srtpProfiles(config.srtp_profiles().split(","));
        certificate = DtlsCertificate.generate();
        // A DTLS association holds its thread for its whole life (BouncyCastle's blocking API), hence a cached pool.
        handshakes = Executors.newCachedThreadPool(daemon("parley-dtls"));
        PacketRouter router = new PacketRouter(registry, counters, handshakes, config.dtls_timeout_seconds(),
                bindAddress.isLoopbackAddress());
        port = new MediaPort(bindAddress, portNumber, config.io_threads(), router, counters);
        InetSocketAddress local = port.localAddress();
        String announced = override(context, "media.announced.address", config.announced_address());
        InetSocketAddress candidate = new InetSocketAddress(
                announced == null || announced.isBlank() ? local.getAddress() : resolve(announced), local.getPort());
        publishNegotiator = new PublishNegotiator(certificate, candidate, List.of(config.video_codecs().split(",")));
        subscribeNegotiator = new SubscribeNegotiator(certificate, candidate);
        timers = Executors.newSingleThreadScheduledExecutor(daemon("parley-sfu-timer"));
        timers.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::allocateBandwidthSafely, 500, BANDWIDTH_ALLOCATION_MS, TimeUnit.MILLISECONDS);
        largeMeetings = new LargeMeetings(LargeMeetings.Settings.of(config), new LargeMeetings.Signals() {
            @Override
            public void broadcast(String meetingId, Map<String, Object> message) {
                withRooms(rooms -> {
                    rooms.broadcast(meetingId, message);
                    return null;
                });
            }

            @Override
            public void send(String meetingId, String participantId, Map<String, Object> message) {
                MediaServer.this.send(meetingId, participantId, message);
            }
        });
        timers.scheduleWithFixedDelay(this::evaluateSpeakersSafely, LargeMeetings.INTERVAL_MS,
                LargeMeetings.INTERVAL_MS, TimeUnit.MILLISECONDS);
        writeRunFile(context, "udp://" + candidate.getAddress().getHostAddress() + ":" + candidate.getPort());
        LOG.info("SFU ready: ICE candidate {}:{}, SRTP {}", candidate.getAddress().getHostAddress(), candidate.getPort(),
                config.srtp_profiles());
    }

    /** data/run/media.url: where the media port is, for {@code bin/parley status} (a port of 0 is chosen at start). */
    private static void writeRunFile(BundleContext context, String url) {
        String data = context == null ? null : context.getProperty(NodeProperties.DATA);
        if (data == null) {
            return;
        }
        try {
            java.nio.file.Path run = java.nio.file.Files.createDirectories(java.nio.file.Path.of(data, "run"));
            java.nio.file.Path temp = java.nio.file.Files.createTempFile(run, "media", ".tmp");
            java.nio.file.Files.writeString(temp, url + "\n");
            java.nio.file.Files.move(temp, run.resolve("media.url"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            LOG.warn("Cannot write {}/run/media.url: {}", data, e.toString());
        }
    }

    private void deleteRunFile() {
        String data = bundleContext == null ? null : bundleContext.getProperty(NodeProperties.DATA);
        if (data != null) {
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(data, "run", "media.url"));
            } catch (java.io.IOException e) {
                LOG.debug("Cannot delete {}/run/media.url: {}", data, e.toString());
            }
        }
    }

    private static InetAddress resolve(String host) throws UnknownHostException {
        return InetAddress.getByName(host);
    }

    /** PARLEY_MEDIA_PORT and friends (published by the kernel as parley.env.*) win over etc/. */
    private static String override(BundleContext context, String key, String configured) {
        String value = context == null ? null : context.getProperty(NodeProperties.ENV_PREFIX + key);
        return value == null || value.isBlank() ? configured : value.trim();
    }

    static List<Integer> srtpProfiles(String[] names) {
        List<Integer> ids = new ArrayList<>();
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                ids.add(SrtpProfile.valueOf(name.trim()).id());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown SRTP profile '" + name + "' in " + SfuConfig.PID
                        + " (known: AEAD_AES_256_GCM, AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80)");
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("srtp.profiles must name at least one SRTP profile");
        }
        return List.copyOf(ids);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void deactivate() {
        timers.shutdownNow();
        for (Conference conference : conferences.values()) {
            for (MediaParticipant participant : conference.participants()) {
                // The SFU is stopping (an update of this bundle, a configuration change, shutdown): clients
                // start their media again, which the next SFU instance takes as fresh connections.
                send(conference.meetingId, participant.id, Map.of("type", "media-disconnected", "connection", "all",
                        "reason", "media-restart"));
                release(conference, participant, "shutdown");
            }
        }
        conferences.clear();
        port.close();
        deleteRunFile();
        handshakes.shutdownNow();
    }

    // ---- the room's side: offers and answers ----

    @Override
    public void onDescription(Participant from, SessionDescription description) throws SignalingException {
        String connection = description.connection() == null ? "publish" : description.connection();
        Conference conference = conferences.computeIfAbsent(from.meetingId(), Conference::new);
        switch (connection + "/" + description.type()) {
            case "publish/offer" -> publish(conference, from, description);
            case "subscribe/answer" -> {
                MediaParticipant participant = conference.existing(from.id());
                Subscription subscription = participant == null ? null : participant.subscription();
                if (subscription == null) {
                    throw new SignalingException("unexpected-answer", "No subscribe offer was sent to you");
                }
                subscription.onAnswer(description.sdp());
            }
            default -> throw new SignalingException("invalid-message", "A '" + description.type()
                    + "' for connection '" + connection + "' is not taken: clients offer on 'publish' and answer on 'subscribe'");
        }
    }

    private void publish(Conference conference, Participant from, SessionDescription description)
            throws SignalingException {
        synchronized (conference) {
            MediaParticipant participant = conference.participant(from.id());
            Publication publication = participant.publication();
            boolean fresh = false;
            if (publication == null || publication.transport().state() == MediaTransport.State.CLOSED
                    || publication.transport().state() == MediaTransport.State.FAILED) {
                if (publication != null) {
                    unpublishAll(conference, participant, publication);
                }
                publication = new Publication(newTransport(MediaTransport.Direction.PUBLISH, participant));
                participant.setPublication(publication);
                fresh = true;
            }
            PublishNegotiator.Result result;
            try {
                result = publishNegotiator.answer(description.sdp(), description.sources(), publication, participant,
                        config.keyframe_request_interval_ms(), counters);
            } catch (SignalingException e) {
                if (fresh) {
                    // Nothing was agreed: forget the transport now rather than when its consent expires.
                    participant.setPublication(null);
                    publication.transport().close("rejected");
                }
                throw e;
            }
            for (PublishedTrack ended : result.removed()) {
                ended.end();
                publication.remove(ended);
                for (MediaParticipant other : conference.participants()) {
                    Subscription subscription = other.subscription();
                    if (subscription != null) {
                        subscription.remove(ended);
                    }
                }
            }
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("type", "answer");
            answer.put("connection", "publish");
            answer.put("sdp", result.sdp());
            if (description.id() != null) {
                answer.put("id", description.id());
            }
            send(from.meetingId(), from.id(), answer);
            for (PublishedTrack added : result.added()) {
                publication.add(added);
                for (MediaParticipant other : conference.participants()) {
                    Subscription subscription = other.subscription();
                    if (subscription != null && other != participant) {
                        subscription.add(added);
                    }
                }
            }
            flushAll(conference);
        }
    }

    /** One offer per subscriber for a batch of changes, rather than one per track. */
    private static void flushAll(Conference conference) {
        for (MediaParticipant other : conference.participants()) {
            Subscription subscription = other.subscription();
            if (subscription != null) {
                subscription.flush();
            }
        }
    }

    @Override
    public void onCandidate(Participant from, IceCandidate candidate) {
        // ICE-lite: the browser's candidates need no pairing here; its checks arrive on the media port and
        // the address of the first check that passes integrity is where media goes.
    }

    @Override
    public void onLeave(Participant participant) {
        Conference conference = conferences.get(participant.meetingId());
        if (conference == null) {
            return;
        }
        synchronized (conference) {
            MediaParticipant media = conference.remove(participant.id());
            if (media != null) {
                release(conference, media, "left");
                flushAll(conference);
            }
            if (conference.isEmpty()) {
                conferences.remove(participant.meetingId(), conference);
            }
        }
    }

    private void release(Conference conference, MediaParticipant participant, String reason) {
        Publication publication = participant.publication();
        if (publication != null) {
            unpublishAll(conference, participant, publication);
            publication.transport().close(reason);
        }
        Subscription subscription = participant.subscription();
        if (subscription != null) {
            subscription.close();
            subscription.transport.close(reason);
        }
    }

    private void unpublishAll(Conference conference, MediaParticipant participant, Publication publication) {
        for (PublishedTrack track : publication.tracks()) {
            track.end();
            publication.remove(track);
            for (MediaParticipant other : conference.participants()) {
                Subscription subscription = other.subscription();
                if (subscription != null && other != participant) {
                    subscription.remove(track);
                }
            }
        }
    }

    // ---- subscribe: the client asks to receive ----

    @Override
    public Class<JsonNode> messageClass() {
        return JsonNode.class;
    }

    @Override
    public void onMessage(SignalingSession session, JsonNode message) throws SignalingException {
        Optional<Participant> seated = withRooms(rooms -> rooms.participantOf(session));
        if (seated == null) {
            throw new SignalingException("room-unavailable", "The meeting room is restarting; try again shortly");
        }
        Participant participant = seated
                .orElseThrow(() -> new SignalingException("not-joined", "Join a meeting first"));
        if ("receive-video".equals(message.path("type").asText())) {
            receiveVideo(participant, message);
            return;
        }
        Conference conference = conferences.computeIfAbsent(participant.meetingId(), Conference::new);
        synchronized (conference) {
            MediaParticipant media = conference.participant(participant.id());
            Subscription existing = media.subscription();
            if (existing != null) {
                existing.close();
                existing.transport.close("resubscribed");
            }
            MediaTransport transport = newTransport(MediaTransport.Direction.SUBSCRIBE, media);
            Subscription subscription = new Subscription(media, transport, subscribeNegotiator,
                    offer -> send(participant.meetingId(), participant.id(), offer));
            media.setSubscription(subscription);
            for (PublishedTrack track : conference.tracksExcept(participant.id())) {
                subscription.add(track);
            }
            subscription.flush();
        }
        String id = message.path("id").isTextual() ? message.path("id").asText() : null;
        Map<String, Object> reply = new java.util.LinkedHashMap<>();
        reply.put("type", "subscribed");
        if (id != null) {
            reply.put("id", id);
        }
        session.send(reply);
    }

    /** Most videos one receive-video message may name: far more than any page of tiles shows. */
    static final int MAX_RECEIVE_VIDEO_TRACKS = 500;

    /**
     * {@code {"type":"receive-video","tracks":{"<trackId>":{"width":w,"height":h},"<trackId>":{"visible":false}}}}:
     * which videos the client shows and at what size (device pixels). Before a subscription exists there is
     * nothing to constrain, and the client says it again once tiles show video.
     */
    private void receiveVideo(Participant participant, JsonNode message) throws SignalingException {
        Map<String, VideoConstraint> constraints = parseVideoConstraints(message);
        largeMeetings.pin(participant.meetingId(), participant.id(), parsePinned(message));
        Conference conference = conferences.get(participant.meetingId());
        MediaParticipant media = conference == null ? null : conference.existing(participant.id());
        Subscription subscription = media == null ? null : media.subscription();
        if (subscription != null) {
            subscription.setVideoConstraints(constraints);
        }
    }

    static Map<String, VideoConstraint> parseVideoConstraints(JsonNode message) throws SignalingException {
        JsonNode tracks = message.path("tracks");
        if (!tracks.isObject()) {
            throw new SignalingException("invalid-message", "receive-video needs a 'tracks' object: trackId → {width, height} or {visible: false}");
        }
        if (tracks.size() > MAX_RECEIVE_VIDEO_TRACKS) {
            throw new SignalingException("invalid-message", "receive-video names at most " + MAX_RECEIVE_VIDEO_TRACKS + " tracks");
        }
        Map<String, VideoConstraint> constraints = new java.util.HashMap<>();
        var fields = tracks.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            JsonNode value = entry.getValue();
            if (!value.isObject()) {
                throw new SignalingException("invalid-message", "receive-video: track " + entry.getKey() + " needs an object");
            }
            JsonNode visible = value.path("visible");
            if (!visible.isMissingNode() && !visible.isBoolean()) {
                throw new SignalingException("invalid-message", "receive-video: 'visible' is true or false");
            }
            int width = dimension(value, "width");
            int height = dimension(value, "height");
            constraints.put(entry.getKey(), visible.asBoolean(true) ? new VideoConstraint(true, width, height)
                    : VideoConstraint.HIDDEN);
        }
        return constraints;
    }

    /** receive-video's optional {@code "pinned":[trackId...]}: videos the receiver puts on stage (last-N). */
    static List<String> parsePinned(JsonNode message) throws SignalingException {
        JsonNode pinned = message.path("pinned");
        if (pinned.isMissingNode()) {
            return List.of();
        }
        if (!pinned.isArray() || pinned.size() > MAX_RECEIVE_VIDEO_TRACKS) {
            throw new SignalingException("invalid-message", "receive-video: 'pinned' is a list of at most "
                    + MAX_RECEIVE_VIDEO_TRACKS + " track ids");
        }
        List<String> trackIds = new ArrayList<>();
        for (JsonNode trackId : pinned) {
            if (!trackId.isTextual()) {
                throw new SignalingException("invalid-message", "receive-video: 'pinned' holds track ids (strings)");
            }
            trackIds.add(trackId.asText());
        }
        return trackIds;
    }

    private static int dimension(JsonNode value, String name) throws SignalingException {
        JsonNode node = value.path(name);
        if (node.isMissingNode()) {
            return 0;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > VideoConstraint.MAX_DIMENSION) {
            throw new SignalingException("invalid-message", "receive-video: '" + name + "' is a number of pixels, 0.."
                    + VideoConstraint.MAX_DIMENSION);
        }
        return (int) Math.round(node.asDouble());
    }

    private MediaTransport newTransport(MediaTransport.Direction direction, MediaParticipant owner) {
        MediaTransport transport = new MediaTransport(direction.name().toLowerCase() + "-"
                + transportIds.incrementAndGet(), direction, owner, registry, counters, certificate, srtpProfiles, this,
                ProbeController.Settings.of(config));
        String traces = config.bwe_trace_dir();
        if (direction == MediaTransport.Direction.SUBSCRIBE && traces != null && !traces.isBlank()) {
            transport.recordBandwidthTrace(BandwidthTraceRecorder.start(java.nio.file.Path.of(traces.trim()), transport,
                    config.bwe_trace_max_bytes()));
        }
        return transport;
    }

    private void send(String meetingId, String participantId, Object message) {
        withRooms(rooms -> rooms.send(meetingId, participantId, message));
    }

    /** Runs {@code call} with the room service; null when the room is not running. */
    private <T> T withRooms(java.util.function.Function<Rooms, T> call) {
        Rooms rooms = testRooms;
        if (rooms != null) {
            return call.apply(rooms);
        }
        ServiceReference<Rooms> reference = roomsReference;
        BundleContext context = bundleContext;
        if (reference == null || context == null) {
            return null;
        }
        rooms = context.getService(reference);
        if (rooms == null) {
            return null;
        }
        try {
            return call.apply(rooms);
        } finally {
            context.ungetService(reference);
        }
    }

    // ---- transport events ----

    @Override
    public void onConnected(MediaTransport transport) {
        if (transport.direction == MediaTransport.Direction.SUBSCRIBE) {
            Subscription subscription = transport.owner.subscription();
            if (subscription != null && subscription.transport == transport) {
                subscription.onConnected();
            }
        } else {
            sendBitrateHint(transport);
        }
    }

    @Override
    public void onClosed(MediaTransport transport, String reason) {
        BandwidthTraceRecorder trace = transport.bandwidthTrace();
        if (trace != null) {
            trace.close(reason);
        }
        if ("left".equals(reason) || "shutdown".equals(reason) || "resubscribed".equals(reason)
                || "rejected".equals(reason)) {
            return;
        }
        Conference conference = conferences.get(transport.owner.meetingId);
        if (conference == null) {
            return;
        }
        MediaParticipant participant = transport.owner;
        String connection = transport.direction == MediaTransport.Direction.PUBLISH ? "publish" : "subscribe";
        synchronized (conference) {
            if (transport.direction == MediaTransport.Direction.PUBLISH) {
                Publication publication = participant.publication();
                if (publication != null && publication.transport() == transport) {
                    unpublishAll(conference, participant, publication);
                    participant.setPublication(null);
                }
            } else {
                Subscription subscription = participant.subscription();
                if (subscription != null && subscription.transport == transport) {
                    subscription.close();
                    participant.setSubscription(null);
                }
            }
            flushAll(conference);
            registry.remove(transport);
        }
        // outside the meeting's lock: a slow WebSocket must not hold up the meeting's other signaling
        send(participant.meetingId, participant.id, Map.of("type", "media-disconnected", "connection", connection,
                "reason", reason));
    }

    // ---- timers: consent freshness and bitrate hints ----

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("SFU sweep failed", e);
        }
    }

    private void sweep() {
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Math.max(5, config.consent_timeout_seconds()));
        long now = System.nanoTime();
        for (MediaTransport transport : new java.util.HashSet<>(registry.transports())) {
            if (now - transport.lastConsentNanos() > timeoutNanos) {
                LOG.info("{} transport of {} lost consent (no STUN check for {} s)", transport.direction,
                        transport.owner.id, config.consent_timeout_seconds());
                transport.close("consent-expired");
            } else if (transport.direction == MediaTransport.Direction.PUBLISH && transport.isConnected()) {
                sendBitrateHint(transport);
            }
        }
        for (Conference conference : conferences.values()) {
            for (MediaParticipant participant : conference.participants()) {
                Publication publication = participant.publication();
                if (publication == null) {
                    continue;
                }
                for (PublishedTrack track : publication.tracks()) {
                    track.sampleLayers();
                    if (track.simulcast()) {
                        // Catches layers the publisher stopped sending: nothing arrives to notice it by.
                        track.refreshLayers(null);
                    }
                }
            }
        }
    }

    /** How often each receiver's bandwidth is shared out again: often enough to follow a falling estimate. */
    private static final long BANDWIDTH_ALLOCATION_MS = 500;

    /**
     * The order in which this receiver's cameras keep their bandwidth: last-N's priority list (pinned,
     * screens, then cameras by how recently their owner spoke).
     */
    private BandwidthAllocator.SpeakerOrder speakerOrder(String meetingId, String receiverId) {
        List<String> order = largeMeetings.videosFor(meetingId, receiverId);
        if (order.isEmpty()) {
            return BandwidthAllocator.SpeakerOrder.NONE;
        }
        return trackId -> {
            int rank = order.indexOf(trackId);
            return rank < 0 ? Integer.MAX_VALUE : rank;
        };
    }

    private void allocateBandwidthSafely() {
        try {
            long now = System.nanoTime();
            for (Conference conference : conferences.values()) {
                for (MediaParticipant participant : conference.participants()) {
                    Subscription subscription = participant.subscription();
                    if (subscription != null && subscription.transport.isConnected()) {
                        subscription.allocateBandwidth(now, speakerOrder(conference.meetingId, participant.id));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("SFU bandwidth allocation failed", e);
        }
    }

    @Override
    public Map<String, Object> snapshot() {
        return BandwidthReport.snapshot(conferences.values(), System.nanoTime());
    }

    private void evaluateSpeakersSafely() {
        try {
            largeMeetings.evaluate(conferences.values(), counters.rtpForwarded.sum());
        } catch (RuntimeException e) {
            LOG.warn("SFU speaker evaluation failed", e);
        }
    }

    /**
     * The videos this receiver may get, highest priority first (last-N: pinned, screens, recent speakers);
     * what bandwidth allocation should cut from the end of.
     */
    List<String> videosFor(String meetingId, String receiverId) {
        return largeMeetings.videosFor(meetingId, receiverId);
    }

    /** REMB to a publisher: until bandwidth estimation lands, it tells the browser the configured ceiling. */
    private void sendBitrateHint(MediaTransport transport) {
        Publication publication = transport.owner.publication();
        if (publication == null || publication.transport() != transport) {
            return;
        }
        List<Long> ssrcs = new ArrayList<>();
        boolean simulcast = false;
        for (PublishedTrack track : publication.tracks()) {
            if (!track.isVideo()) {
                continue;
            }
            simulcast |= track.simulcast();
            for (TrackLayer layer : track.layers) {
                if (layer.ssrc >= 0) {
                    ssrcs.add(layer.ssrc);
                }
            }
        }
        if (ssrcs.isEmpty()) {
            return;
        }
        // Simulcast needs room for all its layers at once, or the browser keeps the top one off.
        long bitrate = simulcast ? Math.max(config.max_video_bitrate(), config.max_simulcast_video_bitrate())
                : config.max_video_bitrate();
        byte[] buf = new byte[32 + 4 * ssrcs.size()];
        int len = RtcpWriter.remb(buf, 0, 1, bitrate, ssrcs.stream().mapToLong(Long::longValue).toArray());
        transport.sendRtcp(null, buf, 0, len);
    }

    // ---- metrics ----

    @Override
    public void collect(MetricSink sink) {
        counters.collect(sink);
        largeMeetings.collect(sink);
        int participants = 0;
        int tracks = 0;
        int forwards = 0;
        for (Conference conference : conferences.values()) {
            for (MediaParticipant participant : conference.participants()) {
                participants++;
                Publication publication = participant.publication();
                if (publication != null) {
                    for (PublishedTrack track : publication.tracks()) {
                        tracks++;
                        forwards += track.subscriberCount();
                    }
                }
            }
        }
        sink.gauge("parley_sfu_conferences", "Meetings with media on this node", conferences.size());
        sink.gauge("parley_sfu_participants", "Participants with media on this node", participants);
        sink.gauge("parley_sfu_tracks", "Published tracks", tracks);
        sink.gauge("parley_sfu_forwarded_streams", "Track-to-subscriber forwards", forwards);
        sink.gauge("parley_sfu_transports", "ICE/DTLS transports", new java.util.HashSet<>(registry.transports()).size());
        BandwidthReport.collect(conferences.values(), sink, System.nanoTime());
    }

    /** For tests: whether the SFU's side of a participant's publish or subscribe transport finished DTLS. */
    boolean isConnected(String meetingId, String participantId, MediaTransport.Direction direction) {
        Conference conference = conferences.get(meetingId);
        MediaParticipant participant = conference == null ? null : conference.existing(participantId);
        if (participant == null) {
            return false;
        }
        MediaTransport transport = direction == MediaTransport.Direction.PUBLISH
                ? (participant.publication() == null ? null : participant.publication().transport())
                : (participant.subscription() == null ? null : participant.subscription().transport);
        return transport != null && transport.isConnected();
    }

    /** For tests: where the media port listens. */
    InetSocketAddress mediaAddress() {
        return port.localAddress();
    }

    static String newTrackId() {
        return UUID.randomUUID().toString();
    }
}
