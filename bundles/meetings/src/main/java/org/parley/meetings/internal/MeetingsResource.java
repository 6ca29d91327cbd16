package org.parley.meetings.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.parley.api.http.TextInput;
import org.parley.api.identity.BearerAuth;
import org.parley.api.identity.Session;
import org.parley.api.identity.SessionStore;
import org.parley.api.identity.User;
import org.parley.api.identity.UserDirectory;
import org.parley.api.meetings.JoinTicket;
import org.parley.api.meetings.Role;
import org.parley.api.state.AttemptLimiter;
import org.parley.api.state.StateStore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /api/meetings}: create (scheduled, recurring or instant), read, update and cancel a meeting (host;
 * co-hosts may read), and the join check {@code POST /api/meetings/{id}/join} that turns a meeting ID and
 * passcode into a join ticket for the room.
 */
@Component(service = RestResource.class, configurationPid = MeetingsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Path("meetings")
@Produces(MediaType.APPLICATION_JSON)
public final class MeetingsResource implements RestResource {
    @Reference
    private MeetingStore store;

    @Reference
    private SessionStore sessions;

    @Reference
    private UserDirectory users;

    @Reference
    private StateStore state;

    private AttemptLimiter perMeeting;
    private AttemptLimiter perAddress;
    private Duration ticketTtl;

    public record JoinRequest(String passcode, String displayName) {
    }

    public record JoinAnswer(String ticket, Instant expiresAt, String meetingId, String displayId, String title, Role role,
            String displayName, Long userId, String signalingUrl) {
    }

    @Activate
    void activate(MeetingsConfig config) {
        Duration window = Duration.ofSeconds(Math.max(1, config.join_window_seconds()));
        perMeeting = new AttemptLimiter(state, "attempts:join:meeting:", config.join_max_failures_per_meeting(), window);
        perAddress = new AttemptLimiter(state, "attempts:join:address:", config.join_max_failures_per_address(), window);
        ticketTtl = Duration.ofSeconds(Math.max(10, config.ticket_ttl_seconds()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam("Authorization") String authorization, MeetingRequest body, @Context UriInfo uri) {
        Session session = BearerAuth.require(sessions, authorization);
        requireBody(body);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<FieldError> errors = new ArrayList<>();
        MeetingRequest.Draft draft = body.validate(now, errors);
        Set<Long> coHosts = coHostIds(draft.coHostEmails(), session.userId(), errors);
        TextInput.throwIfAny(errors);
        MeetingEntity meeting = store.create(m -> {
            m.hostUserId = session.userId();
            m.createdAt = now;
            apply(m, draft, coHosts, now);
        });
        MeetingView view = MeetingView.of(meeting, users, base(uri), now);
        return Response.created(URI.create("/api/meetings/" + view.id())).entity(view).build();
    }

    @GET
    @Path("{id}")
    public MeetingView read(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            @Context UriInfo uri) {
        Session session = BearerAuth.require(sessions, authorization);
        MeetingEntity meeting = existing(id);
        if (role(meeting, session.userId()) == Role.PARTICIPANT) {
            throw notFound(); // other people's meetings are not shown, nor confirmed to exist
        }
        return MeetingView.of(meeting, users, base(uri), Instant.now());
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MeetingView update(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            MeetingRequest body, @Context UriInfo uri) {
        Session session = BearerAuth.require(sessions, authorization);
        requireBody(body);
        MeetingEntity current = hostOnly(existing(id), session.userId());
        if (MeetingStore.CANCELLED.equals(current.status)) {
            throw cancelled();
        }
        if (body.type() != null && !body.type().strip().equalsIgnoreCase(current.type)) {
            throw ProblemException.validation(List.of(new FieldError("type", "cannot be changed")));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<FieldError> errors = new ArrayList<>();
        MeetingRequest.Draft draft = body.validate(now, errors, current);
        Set<Long> coHosts = draft.coHostEmails() == null ? current.coHostUserIds
                : coHostIds(draft.coHostEmails(), session.userId(), errors);
        TextInput.throwIfAny(errors);
        MeetingEntity updated = store.update(current.id, m -> apply(m, draft, coHosts, now)).orElseThrow(MeetingsResource::notFound);
        return MeetingView.of(updated, users, base(uri), now);
    }

    @DELETE
    @Path("{id}")
    public Response cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        Session session = BearerAuth.require(sessions, authorization);
        MeetingEntity meeting = hostOnly(existing(id), session.userId());
        store.update(meeting.id, m -> m.status = MeetingStore.CANCELLED);
        return Response.noContent().build();
    }

    /**
     * The join check. A host or co-host signed in to their account needs no passcode; everyone else needs the
     * meeting's passcode. Wrong passcodes and unknown meetings count against the client address, wrong
     * passcodes also against the meeting; past either limit the answer is 429.
     */
    @POST
    @Path("{id}/join")
    @Consumes(MediaType.APPLICATION_JSON)
    public JoinAnswer join(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            JoinRequest body, @Context HttpServletRequest request, @Context UriInfo uri) {
        JoinRequest join = body == null ? new JoinRequest(null, null) : body;
        long meetingId = MeetingIds.parse(id).orElseThrow(() -> ProblemException.validation(
                List.of(new FieldError("id", "must be an 11-digit meeting ID such as 123-4567-8901"))));
        String address = request.getRemoteAddr();
        String meetingKey = MeetingIds.digits(meetingId);
        perAddress.check(address);
        perMeeting.check(meetingKey);
        Optional<Session> session = BearerAuth.optional(sessions, authorization);
        List<FieldError> errors = new ArrayList<>();
        String displayName = TextInput.optional("displayName", join.displayName(), 100, errors);
        if (join.passcode() != null && join.passcode().length() > 64) {
            errors.add(new FieldError("passcode", "is too long"));
        }
        TextInput.throwIfAny(errors);

        MeetingEntity meeting = store.find(meetingId).orElse(null);
        if (meeting == null) {
            perAddress.recordFailure(address);
            throw notFound();
        }
        if (MeetingStore.CANCELLED.equals(meeting.status)) {
            throw cancelled();
        }
        Long userId = session.map(Session::userId).orElse(null);
        Role role = userId == null ? Role.PARTICIPANT : role(meeting, userId);
        if (role == Role.PARTICIPANT) {
            if (join.passcode() == null || join.passcode().isEmpty()) {
                throw new ProblemException(401, "passcode-required", "Passcode required",
                        "This meeting needs its passcode");
            }
            if (!Passcodes.matches(meeting.passcode, join.passcode())) {
                perMeeting.recordFailure(meetingKey);
                perAddress.recordFailure(address);
                throw new ProblemException(403, "wrong-passcode", "Wrong passcode", "The passcode is not right for this meeting");
            }
        }
        if (displayName == null) {
            Optional<User> account = userId == null ? Optional.empty() : users.find(userId);
            displayName = account.map(User::displayName).orElse(null);
            if (displayName == null) {
                throw ProblemException.validation(List.of(new FieldError("displayName", "is required to join as a guest")));
            }
        }
        Instant expires = Instant.now().plus(ticketTtl).truncatedTo(ChronoUnit.SECONDS);
        JoinTicket ticket = new JoinTicket(UUID.randomUUID().toString(), meetingKey, userId, displayName, role, expires);
        String signaling = base(uri).resolve("ws").toString().replaceFirst("^http", "ws");
        return new JoinAnswer(store.sign(ticket), expires, meetingKey, MeetingIds.format(meetingId), meeting.title, role,
                displayName, userId, signaling);
    }

    private void apply(MeetingEntity m, MeetingRequest.Draft draft, Set<Long> coHosts, Instant now) {
        m.title = draft.title();
        m.type = draft.instant() ? "instant" : "scheduled";
        m.status = MeetingStore.SCHEDULED;
        m.scheduledStart = draft.start();
        m.durationMinutes = draft.durationMinutes();
        m.timeZone = draft.zone().getId();
        m.passcode = draft.passcode() != null ? draft.passcode() : m.passcode != null ? m.passcode : store.newPasscode();
        m.recurring = draft.recurrence() != null;
        m.recurrence = MeetingJson.recurrence(draft.recurrence());
        m.settings = MeetingJson.settings(draft.settings());
        m.coHostUserIds = new HashSet<>(coHosts);
        m.updatedAt = now;
    }

    private Set<Long> coHostIds(List<String> emails, long hostId, List<FieldError> errors) {
        Set<Long> ids = new HashSet<>();
        if (emails == null) {
            return ids;
        }
        for (int i = 0; i < emails.size(); i++) {
            Optional<User> user = users.findByEmail(emails.get(i));
            if (user.isEmpty()) {
                errors.add(new FieldError("coHosts[" + i + "]", "no account has this email"));
            } else if (user.get().id() != hostId) {
                ids.add(user.get().id());
            }
        }
        return ids;
    }

    private MeetingEntity existing(String id) {
        long meetingId = MeetingIds.parse(id).orElseThrow(MeetingsResource::notFound);
        return store.find(meetingId).orElseThrow(MeetingsResource::notFound);
    }

    private static MeetingEntity hostOnly(MeetingEntity meeting, long userId) {
        Role role = role(meeting, userId);
        if (role == Role.PARTICIPANT) {
            throw notFound();
        }
        if (role != Role.HOST) {
            throw new ProblemException(403, "not-host", "Host only", "Only the meeting's host may change or cancel it");
        }
        return meeting;
    }

    static Role role(MeetingEntity meeting, long userId) {
        if (meeting.hostUserId == userId) {
            return Role.HOST;
        }
        return meeting.coHostUserIds.contains(userId) ? Role.CO_HOST : Role.PARTICIPANT;
    }

    private URI base(UriInfo uri) {
        return store.siteBase(uri);
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw ProblemException.validation(List.of(new FieldError("body", "a JSON object is required")));
        }
    }

    static ProblemException notFound() {
        return ProblemException.notFound("meeting-not-found", "There is no meeting with this ID");
    }

    private static ProblemException cancelled() {
        return new ProblemException(410, "meeting-cancelled", "Meeting cancelled", "The host cancelled this meeting");
    }

}
