package org.parley.waitingroom.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.parley.api.event.EventBus;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.MeetingInfo;
import org.parley.api.meetings.Role;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;
import org.parley.api.room.Lobby;
import org.parley.api.room.Participant;
import org.parley.api.room.ParticipantJoined;
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
 * The waiting room: joiners of a meeting with a waiting room (or a locked meeting) wait here until a host or
 * co-host admits or denies them. Who waits is kept in the {@link StateStore} under
 * {@code meeting:{id}:waiting}, so this bundle can be updated while people wait, and they still wait.
 */
@Component(service = { Lobby.class, SignalingHandler.class, MetricSource.class }, property = {
        SignalingHandler.TYPE + "=admit", SignalingHandler.TYPE + "=admit-all", SignalingHandler.TYPE + "=deny" })
public final class WaitingRoom implements Lobby, SignalingHandler<JsonNode>, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingRoom.class);
    private static final Duration TTL = Duration.ofHours(24);
    private static final String ACTIVE = "waiting:active";

    /** One waiting client, as stored. */
    record Entry(String entryId, String meetingId, String sessionId, String ticketId, Long userId, String name,
            Role role, long expiresAt, long since) {

        JoinTicket ticket() {
            return new JoinTicket(ticketId, meetingId, userId, name, role, Instant.ofEpochMilli(expiresAt));
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", entryId);
            view.put("name", name);
            view.put("guest", userId == null);
            view.put("since", since);
            return view;
        }
    }

    record Decision(String type, String id, String entryId) {
    }

    @Reference
    private StateStore state;

    @Reference
    private Rooms rooms;

    @Reference
    private SignalingSessions sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventBus events;

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private EventBus.Subscription joins;
    private ScheduledExecutorService sweeper;

    static WaitingRoom create(StateStore state, Rooms rooms, SignalingSessions sessions) {
        WaitingRoom room = new WaitingRoom();
        room.state = state;
        room.rooms = rooms;
        room.sessions = sessions;
        return room;
    }

    @Activate
    void activate() {
        EventBus bus = events;
        if (bus != null) {
            // A host or co-host who arrives sees who is already waiting.
            joins = bus.subscribe(ParticipantJoined.class, e -> {
                Participant p = e.participant();
                if (p.role().moderates() && !waiting(p.meetingId()).isEmpty()) {
                    rooms.send(p.meetingId(), p.id(), list(p.meetingId()));
                }
            });
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-waiting-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (joins != null) {
            joins.close();
        }
        sweeper.shutdownNow();
    }

    @Override
    public void enter(SignalingSession session, JoinTicket ticket, MeetingInfo meeting) {
        Entry entry = new Entry(UUID.randomUUID().toString(), meeting.meetingId(), session.id(), ticket.ticketId(),
                ticket.userId(), ticket.displayName(), ticket.role(), ticket.expiresAt().toEpochMilli(),
                System.currentTimeMillis());
        state.mapPut(key(meeting.meetingId()), entry.entryId(), write(entry), TTL);
        state.mapPut(ACTIVE, meeting.meetingId(), "1", TTL);
        Map<String, Object> waiting = new LinkedHashMap<>();
        waiting.put("type", "waiting");
        waiting.put("meetingId", meeting.meetingId());
        waiting.put("title", meeting.title());
        waiting.put("position", waiting(meeting.meetingId()).size());
        session.send(waiting);
        notifyModerators(meeting.meetingId());
        LOG.info("{} is waiting to join meeting {}", ticket.displayName(), meeting.meetingId());
    }

    @Override
    public Class<JsonNode> messageClass() {
        return JsonNode.class;
    }

    @Override
    public void onMessage(SignalingSession session, JsonNode message) throws SignalingException {
        Decision decision;
        try {
            decision = json.treeToValue(message, Decision.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SignalingException("invalid-message", "Malformed " + message.path("type").asText() + " message");
        }
        Participant moderator = rooms.participantOf(session)
                .orElseThrow(() -> new SignalingException("not-joined", "Join a meeting first"));
        if (!moderator.role().moderates()) {
            throw new SignalingException("forbidden", "Only hosts and co-hosts can admit or deny");
        }
        String meetingId = moderator.meetingId();
        int done;
        switch (decision.type()) {
            case "admit-all" -> {
                done = 0;
                for (Entry entry : waiting(meetingId)) {
                    done += admit(entry) ? 1 : 0;
                }
            }
            case "admit", "deny" -> {
                Entry entry = entry(meetingId, decision.entryId());
                if ("admit".equals(decision.type())) {
                    done = admit(entry) ? 1 : 0;
                } else {
                    state.mapRemove(key(meetingId), entry.entryId());
                    sessions.find(entry.sessionId()).ifPresent(s -> s.send(Map.of("type", "denied",
                            "message", "The host did not let you into this meeting")));
                    LOG.info("{} was denied entry to meeting {}", entry.name(), meetingId);
                    done = 1;
                }
            }
            default -> throw new SignalingException("unknown-type", "Unknown message type '" + decision.type() + "'");
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", decision.type() + "-done");
        if (decision.id() != null) {
            reply.put("id", decision.id());
        }
        reply.put("count", done);
        session.send(reply);
        notifyModerators(meetingId);
    }

    private Entry entry(String meetingId, String entryId) throws SignalingException {
        if (entryId == null || entryId.isBlank()) {
            throw new SignalingException("invalid-message", "Field 'entryId' is required");
        }
        return state.mapGet(key(meetingId), entryId).map(v -> read(v))
                .orElseThrow(() -> new SignalingException("not-waiting", "Nobody with that id is waiting"));
    }

    private boolean admit(Entry entry) {
        state.mapRemove(key(entry.meetingId()), entry.entryId());
        Optional<SignalingSession> session = sessions.find(entry.sessionId());
        if (session.isEmpty()) {
            return false;
        }
        session.get().send(Map.of("type", "admitted", "meetingId", entry.meetingId()));
        boolean seated = rooms.admit(session.get(), entry.ticket()).isPresent();
        LOG.info("{} was admitted to meeting {}", entry.name(), entry.meetingId());
        return seated;
    }

    List<Entry> waiting(String meetingId) {
        List<Entry> entries = new ArrayList<>();
        for (String value : state.mapEntries(key(meetingId)).values()) {
            entries.add(read(value));
        }
        entries.sort(Comparator.comparingLong(Entry::since));
        return entries;
    }

    private Map<String, Object> list(String meetingId) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("type", "waiting-room");
        list.put("waiting", waiting(meetingId).stream().map(Entry::view).toList());
        return list;
    }

    private void notifyModerators(String meetingId) {
        Map<String, Object> list = list(meetingId);
        for (Participant participant : rooms.roster(meetingId)) {
            if (participant.role().moderates()) {
                rooms.send(meetingId, participant.id(), list);
            }
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Waiting room sweep failed", e);
        }
    }

    /** Forgets joiners whose connection closed while they waited. */
    void sweep() {
        for (String meetingId : List.copyOf(state.mapEntries(ACTIVE).keySet())) {
            boolean changed = false;
            List<Entry> entries = waiting(meetingId);
            for (Entry entry : entries) {
                if (sessions.find(entry.sessionId()).isEmpty()) {
                    changed |= state.mapRemove(key(meetingId), entry.entryId());
                }
            }
            if (entries.isEmpty()) {
                state.mapRemove(ACTIVE, meetingId);
            }
            if (changed) {
                notifyModerators(meetingId);
            }
        }
    }

    private static String key(String meetingId) {
        return "meeting:" + meetingId + ":waiting";
    }

    private Entry read(String value) {
        try {
            return json.readValue(value, Entry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable waiting room state", e);
        }
    }

    private String write(Entry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void collect(MetricSink sink) {
        long waiting = 0;
        for (String meetingId : state.mapEntries(ACTIVE).keySet()) {
            waiting += state.mapEntries(key(meetingId)).size();
        }
        sink.gauge("parley_waiting_room_clients", "Clients waiting to be admitted", waiting);
    }
}
