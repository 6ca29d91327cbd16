package org.parley.signaling.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.event.EventBus;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.JoinTickets;
import org.parley.api.meetings.MeetingDirectory;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.media.MediaSignaling;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;
import org.parley.api.room.Lobby;
import org.parley.api.room.MeetingEnded;
import org.parley.api.room.Participant;
import org.parley.api.room.ParticipantJoined;
import org.parley.api.room.ParticipantLeft;
import org.parley.api.room.Rooms;
import org.parley.api.signaling.SignalingException;
import org.parley.api.signaling.SignalingHandler;
import org.parley.api.signaling.SignalingSession;
import org.parley.api.signaling.SignalingSessions;
import org.parley.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The meeting room. Handles the room's signaling types (see docs/protocol.md) and offers {@link Rooms} to
 * the waiting room, chat and media bundles. One meeting's changes are serialized by a per-meeting lock;
 * the state itself lives in the {@link StateStore}, so updating this bundle keeps every room.
 */
@Component(service = { SignalingHandler.class, Rooms.class, MetricSource.class }, configurationPid = RoomConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                SignalingHandler.TYPE + "=join", SignalingHandler.TYPE + "=leave",
                SignalingHandler.TYPE + "=mute", SignalingHandler.TYPE + "=unmute",
                SignalingHandler.TYPE + "=raise-hand", SignalingHandler.TYPE + "=lower-hand",
                SignalingHandler.TYPE + "=reaction",
                SignalingHandler.TYPE + "=screen-share-start", SignalingHandler.TYPE + "=screen-share-stop",
                SignalingHandler.TYPE + "=host-action",
                SignalingHandler.TYPE + "=offer", SignalingHandler.TYPE + "=answer",
                SignalingHandler.TYPE + "=ice-candidate" })
@Designate(ocd = RoomConfig.class)
public final class RoomHandler implements SignalingHandler<JsonNode>, Rooms, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(RoomHandler.class);
    static final int PROTOCOL = 1;
    /** Session attribute holding "meetingId/participantId" (a String, so it survives an update of this bundle). */
    public static final String SEAT_ATTRIBUTE = "parley.room.seat";
    private static final int MAX_TICKET = 4096;
    private static final int MAX_EMOJI = 16;

    @Reference
    private StateStore state;

    @Reference
    private SignalingSessions sessions;

    @Reference
    private JoinTickets tickets;

    @Reference
    private MeetingDirectory meetings;

    /*
     * The lobby is looked up when a joiner must wait, not injected: the waiting room itself needs Rooms,
     * so getting it while this component activates would be circular.
     */
    @Reference(service = Lobby.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.osgi.framework.ServiceReference<Lobby> lobbyReference;

    private volatile Lobby testLobby;
    private org.osgi.framework.BundleContext bundleContext;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventBus events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MediaSignaling media;

    private final ObjectMapper json = strictMapper();

    /** Unknown fields are ignored, but a number or boolean where text belongs is a malformed message. */
    static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
                        com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        return mapper;
    }
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile RoomStore store;
    private volatile RoomConfig config;
    private ScheduledExecutorService sweeper;

    /** For tests (also of the bundles around the room): wires the collaborators without OSGi. */
    public static RoomHandler create(StateStore state, SignalingSessions sessions, JoinTickets tickets,
            MeetingDirectory meetings, Lobby lobby, EventBus events, RoomConfig config) {
        RoomHandler handler = new RoomHandler();
        handler.state = state;
        handler.sessions = sessions;
        handler.tickets = tickets;
        handler.meetings = meetings;
        handler.testLobby = lobby;
        handler.events = events;
        handler.configure(config);
        return handler;
    }

    /** For tests: the media server the room relays to. */
    void setMedia(MediaSignaling media) {
        this.media = media;
    }

    @Activate
    void activate(org.osgi.framework.BundleContext context, RoomConfig config) {
        this.bundleContext = context;
        configure(config);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-room-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
    }

    @Modified
    void configure(RoomConfig config) {
        this.config = config;
        this.store = new RoomStore(state, Duration.ofHours(Math.max(1, config.state_ttl_hours())));
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    @Override
    public Class<JsonNode> messageClass() {
        return JsonNode.class;
    }

    @Override
    public void onMessage(SignalingSession session, JsonNode message) throws SignalingException {
        String type = message.path("type").asText();
        switch (type) {
            case "join" -> join(session, read(message, Messages.Join.class));
            case "leave" -> leave(session, read(message, Messages.Plain.class));
            case "mute", "unmute" -> mute(session, read(message, Messages.Media.class), "mute".equals(type));
            case "raise-hand", "lower-hand" -> hand(session, "raise-hand".equals(type));
            case "reaction" -> reaction(session, read(message, Messages.Reaction.class));
            case "screen-share-start", "screen-share-stop" -> screenShare(session, "screen-share-start".equals(type));
            case "host-action" -> hostAction(session, read(message, Messages.HostAction.class));
            case "offer", "answer" -> media().onDescription(requireSeat(session).participant(),
                    read(message, Messages.Description.class).toApi());
            case "ice-candidate" -> media().onCandidate(requireSeat(session).participant(),
                    read(message, Messages.Candidate.class).toApi());
            default -> throw new SignalingException("unknown-type", "Unknown message type '" + type + "'");
        }
    }

    private void enterLobby(SignalingSession session, JoinTicket ticket, MeetingInfo meeting) throws SignalingException {
        if (testLobby != null) {
            testLobby.enter(session, ticket, meeting);
            return;
        }
        org.osgi.framework.ServiceReference<Lobby> reference = lobbyReference;
        Lobby lobby = reference == null || bundleContext == null ? null : bundleContext.getService(reference);
        if (lobby == null) {
            throw new SignalingException("waiting-room-unavailable",
                    "This meeting has a waiting room, which is not running; try again shortly");
        }
        try {
            lobby.enter(session, ticket, meeting);
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    private MediaSignaling media() throws SignalingException {
        MediaSignaling current = media;
        if (current == null) {
            throw new SignalingException("media-unavailable", "No media server is running on this node");
        }
        return current;
    }

    private <T> T read(JsonNode message, Class<T> type) throws SignalingException {
        try {
            return json.treeToValue(message, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SignalingException("invalid-message", "Malformed " + message.path("type").asText() + " message");
        }
    }

    // ---- join, leave, reconnect ------------------------------------------------------------------------

    private void join(SignalingSession session, Messages.Join join) throws SignalingException {
        if (join.protocol() != null && join.protocol() != PROTOCOL) {
            throw new SignalingException("unsupported-protocol", "This server speaks protocol " + PROTOCOL);
        }
        if (session.attribute(SEAT_ATTRIBUTE, String.class).isPresent()) {
            throw new SignalingException("already-joined", "This connection is already in a meeting; leave first");
        }
        if (join.ticket() == null || join.ticket().isBlank() || join.ticket().length() > MAX_TICKET) {
            throw new SignalingException("invalid-message", "Field 'ticket' is required");
        }
        JoinTicket ticket = tickets.verify(join.ticket())
                .orElseThrow(() -> new SignalingException("invalid-ticket",
                        "The join ticket is not valid or has expired; ask for a new one with the meeting passcode"));
        MeetingInfo meeting = meetings.find(ticket.meetingId())
                .orElseThrow(() -> new SignalingException("meeting-not-found", "The meeting no longer exists"));
        String meetingId = meeting.meetingId();
        synchronized (lock(meetingId)) {
            MeetingFlags flags = store.flags(meetingId);
            if (MeetingFlags.ENDED.equals(flags.status())) {
                throw new SignalingException("meeting-ended", "The host has ended this meeting");
            }
            if (store.barred(meetingId, barKey(ticket))) {
                throw new SignalingException("removed", "A host removed you from this meeting");
            }
            Optional<Seat> resumable = resumable(meetingId, ticket, join.resume());
            if (resumable.isPresent()) {
                reattach(session, resumable.get(), join.id());
                return;
            }
            boolean mustWait = !ticket.role().moderates() && (meeting.waitingRoom() || flags.locked());
            if (mustWait) {
                enterLobby(session, ticket, meeting);
                return;
            }
            seat(session, ticket, meeting, flags, join.id());
        }
    }

    @Override
    public Optional<Participant> admit(SignalingSession session, JoinTicket ticket) {
        Optional<MeetingInfo> meeting = meetings.find(ticket.meetingId());
        if (meeting.isEmpty() || !session.isOpen() || session.attribute(SEAT_ATTRIBUTE, String.class).isPresent()) {
            return Optional.empty();
        }
        synchronized (lock(ticket.meetingId())) {
            MeetingFlags flags = store.flags(ticket.meetingId());
            if (MeetingFlags.ENDED.equals(flags.status())) {
                return Optional.empty();
            }
            try {
                return Optional.of(seat(session, ticket, meeting.get(), flags, null));
            } catch (SignalingException e) {
                session.sendError(e.code(), e.getMessage(), null);
                return Optional.empty();
            }
        }
    }

    private Participant seat(SignalingSession session, JoinTicket ticket, MeetingInfo meeting, MeetingFlags flags,
            String replyTo) throws SignalingException {
        String meetingId = meeting.meetingId();
        if (store.count(meetingId) >= config.max_participants()) {
            throw new SignalingException("meeting-full", "This meeting has reached " + config.max_participants()
                    + " participants");
        }
        String resumeToken = token();
        boolean muted = meeting.muteOnEntry() || (flags.muteAll() && !ticket.role().moderates());
        Seat seat = new Seat(UUID.randomUUID().toString(), meetingId, ticket.userId(), ticket.displayName(),
                ticket.role(), muted, false, false, false, session.id(), sha256(resumeToken),
                System.currentTimeMillis(), 0);
        store.save(seat);
        store.countJoin(meetingId);
        if (ticket.role() == Role.HOST && MeetingFlags.WAITING_FOR_HOST.equals(flags.status())) {
            flags = flags.withStatus(MeetingFlags.IN_PROGRESS);
            broadcastExcept(meetingId, seat.id(), meetingUpdate(flags));
        }
        store.saveFlags(meetingId, flags);
        session.setAttribute(SEAT_ATTRIBUTE, meetingId + "/" + seat.id());
        Participant participant = seat.participant();
        session.send(joined(meeting, flags, seat, resumeToken, replyTo));
        broadcastExcept(meetingId, seat.id(), event("participant-joined", "participant", participant));
        publish(new ParticipantJoined(participant, System.currentTimeMillis()));
        LOG.info("{} joined meeting {} as {} ({})", ticket.displayName(), meetingId, ticket.role(), seat.id());
        return participant;
    }

    private Optional<Seat> resumable(String meetingId, JoinTicket ticket, Messages.Resume resume) {
        for (Seat seat : store.seats(meetingId)) {
            boolean byToken = resume != null && seat.id().equals(resume.participantId()) && resume.token() != null
                    && MessageDigest.isEqual(sha256(resume.token()).getBytes(StandardCharsets.UTF_8),
                            seat.resumeHash().getBytes(StandardCharsets.UTF_8));
            boolean byAccount = ticket.userId() != null && ticket.userId().equals(seat.userId()) && seat.sessionId() == null;
            if (byToken || byAccount) {
                return Optional.of(seat);
            }
        }
        return Optional.empty();
    }

    private void reattach(SignalingSession session, Seat seat, String replyTo) {
        Optional<SignalingSession> previous = sessions.find(seat.sessionId());
        previous.filter(p -> !p.id().equals(session.id())).ifPresent(p -> {
            p.removeAttribute(SEAT_ATTRIBUTE);
            p.sendError("replaced", "This seat was taken over by a newer connection", null);
        });
        String resumeToken = token();
        Seat connected = new Seat(seat.id(), seat.meetingId(), seat.userId(), seat.name(), seat.role(), seat.audioMuted(),
                seat.videoMuted(), seat.handRaised(), seat.sharingScreen(), session.id(), sha256(resumeToken),
                seat.joinedAt(), 0);
        store.save(connected);
        session.setAttribute(SEAT_ATTRIBUTE, seat.meetingId() + "/" + seat.id());
        MeetingInfo meeting = meetings.find(seat.meetingId()).orElse(null);
        MeetingFlags flags = store.flags(seat.meetingId());
        Map<String, Object> joined = joined(meeting, flags, connected, resumeToken, replyTo);
        joined.put("resumed", true);
        session.send(joined);
        broadcastExcept(seat.meetingId(), seat.id(), event("participant-updated", "participant", connected.participant()));
        LOG.info("{} reconnected to meeting {} ({})", seat.name(), seat.meetingId(), seat.id());
    }

    private void leave(SignalingSession session, Messages.Plain message) throws SignalingException {
        Seat seat = requireSeat(session);
        synchronized (lock(seat.meetingId())) {
            depart(seat, "left");
        }
        session.removeAttribute(SEAT_ATTRIBUTE);
        session.send(reply("left", message.id()));
    }

    /** A closed connection keeps its seat for the grace period, shown as reconnecting. */
    @Override
    public void onClose(SignalingSession session) {
        Optional<String[]> ref = seatRef(session);
        if (ref.isEmpty()) {
            return;
        }
        String meetingId = ref.get()[0];
        synchronized (lock(meetingId)) {
            Optional<Seat> seat = store.seat(meetingId, ref.get()[1]);
            if (seat.isEmpty() || !session.id().equals(seat.get().sessionId())) {
                return;
            }
            Seat waiting = seat.get().disconnected(System.currentTimeMillis());
            store.save(waiting);
            broadcastExcept(meetingId, waiting.id(), event("participant-updated", "participant", waiting.participant()));
            LOG.info("{} lost connection to meeting {}; seat kept {} s", waiting.name(), meetingId,
                    config.reconnect_grace_seconds());
        }
    }

    private void sweepSafely() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Room sweep failed", e);
        }
    }

    /** Frees seats whose grace period is over. */
    void sweep(long now) {
        long grace = config.reconnect_grace_seconds() * 1000L;
        for (String meetingId : store.activeMeetings()) {
            synchronized (lock(meetingId)) {
                for (Seat seat : store.seats(meetingId)) {
                    if (seat.sessionId() == null && seat.disconnectedAt() > 0 && now - seat.disconnectedAt() >= grace) {
                        depart(seat, "disconnected");
                    } else if (seat.sessionId() != null && sessions.find(seat.sessionId()).isEmpty()) {
                        // The connection vanished without a close callback (e.g. this bundle was updated meanwhile).
                        Seat waiting = seat.disconnected(now);
                        store.save(waiting);
                        broadcastExcept(meetingId, seat.id(), event("participant-updated", "participant", waiting.participant()));
                    }
                }
            }
        }
    }

    private void depart(Seat seat, String reason) {
        store.remove(seat);
        releaseMedia(seat);
        Map<String, Object> left = event("participant-left", "participantId", seat.id());
        left.put("reason", reason);
        broadcastExcept(seat.meetingId(), seat.id(), left);
        publish(new ParticipantLeft(seat.participant(), reason, System.currentTimeMillis()));
        LOG.info("{} left meeting {} ({})", seat.name(), seat.meetingId(), reason);
    }

    // ---- self controls ----------------------------------------------------------------------------------

    private void mute(SignalingSession session, Messages.Media message, boolean mute) throws SignalingException {
        String kind = message.kind() == null ? "audio" : message.kind();
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw new SignalingException("invalid-message", "Field 'kind' must be 'audio' or 'video'");
        }
        Seat seat = requireSeat(session);
        synchronized (lock(seat.meetingId())) {
            seat = reload(seat);
            MeetingFlags flags = store.flags(seat.meetingId());
            if (!mute && kind.equals("audio") && flags.muteAll() && !flags.allowUnmute() && !seat.role().moderates()) {
                throw new SignalingException("unmute-not-allowed", "The host has muted everyone and does not allow unmuting");
            }
            update(kind.equals("audio") ? seat.withAudioMuted(mute) : seat.withVideoMuted(mute));
        }
    }

    private void hand(SignalingSession session, boolean raised) throws SignalingException {
        Seat seat = requireSeat(session);
        synchronized (lock(seat.meetingId())) {
            update(reload(seat).withHand(raised));
        }
    }

    private void reaction(SignalingSession session, Messages.Reaction message) throws SignalingException {
        if (message.emoji() == null || message.emoji().isBlank()
                || message.emoji().codePointCount(0, message.emoji().length()) > MAX_EMOJI) {
            throw new SignalingException("invalid-message", "Field 'emoji' must be a short emoji");
        }
        Seat seat = requireSeat(session);
        Map<String, Object> reaction = event("reaction", "participantId", seat.id());
        reaction.put("emoji", message.emoji());
        broadcast(seat.meetingId(), reaction);
    }

    private void screenShare(SignalingSession session, boolean start) throws SignalingException {
        Seat seat = requireSeat(session);
        synchronized (lock(seat.meetingId())) {
            if (start) {
                for (Seat other : store.seats(seat.meetingId())) {
                    if (other.sharingScreen() && !other.id().equals(seat.id())) {
                        throw new SignalingException("screen-share-busy", other.name() + " is already sharing");
                    }
                }
            }
            update(reload(seat).withSharing(start));
        }
    }

    // ---- host controls ----------------------------------------------------------------------------------

    private void hostAction(SignalingSession session, Messages.HostAction action) throws SignalingException {
        Seat actor = requireSeat(session);
        String meetingId = actor.meetingId();
        if (action.action() == null) {
            throw new SignalingException("invalid-message", "Field 'action' is required");
        }
        synchronized (lock(meetingId)) {
            actor = reload(actor);
            if (!actor.role().moderates()) {
                throw new SignalingException("forbidden", "Only hosts and co-hosts can do this");
            }
            MeetingFlags flags = store.flags(meetingId);
            switch (action.action()) {
                case "mute" -> {
                    Seat target = target(actor, action, false);
                    update(target.withAudioMuted(true));
                    send(target, event("muted-by-host", "kind", "audio"));
                }
                case "stop-video" -> {
                    Seat target = target(actor, action, false);
                    update(target.withVideoMuted(true));
                    send(target, event("video-stopped-by-host", "by", actor.id()));
                }
                case "ask-unmute" -> send(target(actor, action, true), event("unmute-requested", "by", actor.id()));
                case "mute-all" -> {
                    boolean allow = action.allowUnmute() == null || action.allowUnmute();
                    store.saveFlags(meetingId, flags = flags.withMuteAll(true, allow));
                    for (Seat seat : store.seats(meetingId)) {
                        if (!seat.role().moderates() && !seat.audioMuted()) {
                            update(seat.withAudioMuted(true));
                            send(seat, event("muted-by-host", "kind", "audio"));
                        }
                    }
                    broadcast(meetingId, meetingUpdate(flags));
                }
                case "unmute-all-allowed" -> {
                    store.saveFlags(meetingId, flags = flags.withMuteAll(false, true));
                    broadcast(meetingId, meetingUpdate(flags));
                }
                case "remove" -> {
                    Seat target = target(actor, action, false);
                    boolean bar = Boolean.TRUE.equals(action.bar());
                    if (bar) {
                        store.bar(meetingId, barKey(target.userId(), target.name()));
                    }
                    Map<String, Object> removed = event("removed", "barred", bar);
                    send(target, removed);
                    sessions.find(target.sessionId()).ifPresent(s -> s.removeAttribute(SEAT_ATTRIBUTE));
                    depart(target, "removed");
                }
                case "lock", "unlock" -> {
                    store.saveFlags(meetingId, flags = flags.withLocked(action.action().equals("lock")));
                    broadcast(meetingId, meetingUpdate(flags));
                }
                case "make-co-host", "revoke-co-host" -> {
                    requireHost(actor);
                    Seat target = target(actor, action, true);
                    if (target.role() == Role.HOST) {
                        throw new SignalingException("invalid-target", "The host's role is changed by transfer-host");
                    }
                    Seat changed = target.withRole(action.action().equals("make-co-host") ? Role.CO_HOST : Role.PARTICIPANT);
                    update(changed);
                    send(changed, event("role-changed", "role", changed.role().name().toLowerCase(Locale.ROOT)));
                }
                case "transfer-host" -> {
                    requireHost(actor);
                    Seat target = target(actor, action, true);
                    if (target.id().equals(actor.id())) {
                        throw new SignalingException("invalid-target", "You are already the host");
                    }
                    update(actor.withRole(Role.CO_HOST));
                    send(actor, event("role-changed", "role", "co_host"));
                    Seat host = target.withRole(Role.HOST);
                    update(host);
                    send(host, event("role-changed", "role", "host"));
                }
                case "end-meeting" -> {
                    requireHost(actor);
                    endMeeting(meetingId, actor);
                }
                default -> throw new SignalingException("invalid-message", "Unknown host action '" + action.action() + "'");
            }
        }
        session.send(reply("host-action-done", action.id()));
    }

    private void endMeeting(String meetingId, Seat actor) {
        store.saveFlags(meetingId, store.flags(meetingId).withStatus(MeetingFlags.ENDED));
        Map<String, Object> ended = event("meeting-ended", "by", actor.name());
        for (Seat seat : store.seats(meetingId)) {
            sessions.find(seat.sessionId()).ifPresent(s -> {
                s.send(ended);
                s.removeAttribute(SEAT_ATTRIBUTE);
            });
            publish(new ParticipantLeft(seat.participant(), "meeting-ended", System.currentTimeMillis()));
            releaseMedia(seat);
        }
        store.clear(meetingId);
        publish(new MeetingEnded(meetingId, actor.id(), System.currentTimeMillis()));
        LOG.info("Meeting {} ended by {}", meetingId, actor.name());
    }

    private Seat target(Seat actor, Messages.HostAction action, boolean mayBeModerator) throws SignalingException {
        if (action.target() == null || action.target().isBlank()) {
            throw new SignalingException("invalid-message", "Field 'target' is required for " + action.action());
        }
        Seat target = store.seat(actor.meetingId(), action.target())
                .orElseThrow(() -> new SignalingException("participant-not-found", "No participant " + action.target()));
        if (!mayBeModerator && target.role() == Role.HOST && actor.role() != Role.HOST) {
            throw new SignalingException("forbidden", "Co-hosts cannot do this to the host");
        }
        return target;
    }

    private static void requireHost(Seat actor) throws SignalingException {
        if (actor.role() != Role.HOST) {
            throw new SignalingException("forbidden", "Only the host can do this");
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    private Seat requireSeat(SignalingSession session) throws SignalingException {
        String[] ref = seatRef(session)
                .orElseThrow(() -> new SignalingException("not-joined", "Join a meeting first"));
        return store.seat(ref[0], ref[1]).filter(s -> session.id().equals(s.sessionId()))
                .orElseThrow(() -> {
                    session.removeAttribute(SEAT_ATTRIBUTE);
                    return new SignalingException("not-joined", "You are no longer in this meeting");
                });
    }

    private Seat reload(Seat seat) throws SignalingException {
        return store.seat(seat.meetingId(), seat.id())
                .orElseThrow(() -> new SignalingException("not-joined", "You are no longer in this meeting"));
    }

    private static Optional<String[]> seatRef(SignalingSession session) {
        return session.attribute(SEAT_ATTRIBUTE, String.class).map(v -> v.split("/", 2)).filter(a -> a.length == 2);
    }

    private void update(Seat seat) {
        store.save(seat);
        broadcast(seat.meetingId(), event("participant-updated", "participant", seat.participant()));
    }

    private void send(Seat seat, Object message) {
        sessions.find(seat.sessionId()).ifPresent(s -> s.send(message));
    }

    private void broadcastExcept(String meetingId, String participantId, Object message) {
        for (Seat seat : store.seats(meetingId)) {
            if (!seat.id().equals(participantId)) {
                send(seat, message);
            }
        }
    }

    private Map<String, Object> joined(MeetingInfo meeting, MeetingFlags flags, Seat seat, String resumeToken,
            String replyTo) {
        Map<String, Object> joined = reply("joined", replyTo);
        joined.put("protocol", PROTOCOL);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", seat.meetingId());
        if (meeting != null) {
            info.put("title", meeting.title());
            info.put("settings", Map.of("waitingRoom", meeting.waitingRoom(), "muteOnEntry", meeting.muteOnEntry(),
                    "allowRecording", meeting.allowRecording(), "e2ee", meeting.e2ee()));
        }
        info.putAll(meetingUpdate(flags));
        info.remove("type");
        joined.put("meeting", info);
        joined.put("you", seat.participant());
        joined.put("resumeToken", resumeToken);
        joined.put("roster", store.seats(seat.meetingId()).stream().map(Seat::participant).toList());
        return joined;
    }

    private static Map<String, Object> meetingUpdate(MeetingFlags flags) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("type", "meeting-updated");
        update.put("status", flags.status());
        update.put("locked", flags.locked());
        update.put("muteAll", flags.muteAll());
        update.put("allowUnmute", flags.allowUnmute());
        return update;
    }

    private static Map<String, Object> event(String type, String key, Object value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(key, value);
        return event;
    }

    private static Map<String, Object> reply(String type, String replyTo) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", type);
        if (replyTo != null) {
            reply.put("id", replyTo);
        }
        return reply;
    }

    private void publish(org.parley.api.event.Event event) {
        EventBus bus = events;
        if (bus != null) {
            bus.publish(event);
        }
    }

    private void releaseMedia(Seat seat) {
        MediaSignaling current = media;
        if (current != null) {
            try {
                current.onLeave(seat.participant());
            } catch (RuntimeException e) {
                LOG.warn("Media server failed to release {}", seat.id(), e);
            }
        }
    }

    private Object lock(String meetingId) {
        return locks.computeIfAbsent(meetingId, id -> new Object());
    }

    private static String barKey(JoinTicket ticket) {
        return barKey(ticket.userId(), ticket.displayName());
    }

    /** Signed-in users are barred by account; guests (no account) by display name. */
    private static String barKey(Long userId, String name) {
        return userId != null ? "user:" + userId : "guest:" + name.strip().toLowerCase(Locale.ROOT);
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Rooms -----------------------------------------------------------------------------------------

    @Override
    public Optional<Participant> participantOf(SignalingSession session) {
        return seatRef(session).flatMap(ref -> store.seat(ref[0], ref[1]))
                .filter(s -> session.id().equals(s.sessionId())).map(Seat::participant);
    }

    @Override
    public List<Participant> roster(String meetingId) {
        return store.seats(meetingId).stream().map(Seat::participant).toList();
    }

    @Override
    public boolean send(String meetingId, String participantId, Object message) {
        Optional<SignalingSession> session = store.seat(meetingId, participantId).map(Seat::sessionId)
                .flatMap(sessions::find);
        session.ifPresent(s -> s.send(message));
        return session.isPresent();
    }

    @Override
    public void broadcast(String meetingId, Object message) {
        for (Seat seat : store.seats(meetingId)) {
            send(seat, message);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        List<String> active = store.activeMeetings();
        sink.gauge("parley_meetings_active", "Meetings with at least one seat on this node", active.size());
        long participants = 0;
        for (String meetingId : active) {
            participants += store.count(meetingId);
        }
        sink.gauge("parley_participants", "Participants seated in meetings on this node", participants);
    }
}
