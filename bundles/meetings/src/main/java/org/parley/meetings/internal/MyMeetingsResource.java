package org.parley.meetings.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.http.FieldError;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.parley.api.identity.BearerAuth;
import org.parley.api.identity.Session;
import org.parley.api.identity.SessionStore;
import org.parley.api.identity.UserDirectory;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/me/meetings}: the meetings the signed-in user hosts or co-hosts, split into upcoming (an
 * occurrence has not ended yet; soonest first) and past (latest first). Cancelled meetings are left out.
 */
@Component(service = RestResource.class)
@Path("me/meetings")
@Produces(MediaType.APPLICATION_JSON)
public final class MyMeetingsResource implements RestResource {
    static final int MAX_LIMIT = 500;

    @Reference
    private MeetingStore store;

    @Reference
    private SessionStore sessions;

    @Reference
    private UserDirectory users;

    public record MyMeetings(List<MeetingView> upcoming, List<MeetingView> past) {
    }

    @GET
    public MyMeetings mine(@HeaderParam("Authorization") String authorization, @QueryParam("limit") Integer limit,
            @Context UriInfo uri) {
        Session session = BearerAuth.require(sessions, authorization);
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw ProblemException.validation(List.of(new FieldError("limit", "must be 1 to " + MAX_LIMIT)));
        }
        Instant now = Instant.now();
        List<MeetingView> upcoming = new ArrayList<>();
        List<MeetingView> past = new ArrayList<>();
        java.net.URI base = store.siteBase(uri);
        for (MeetingEntity meeting : store.ofUser(session.userId(), MAX_LIMIT)) {
            if (MeetingStore.CANCELLED.equals(meeting.status)) {
                continue;
            }
            MeetingView view = MeetingView.of(meeting, users, base, now);
            (view.nextOccurrence() != null ? upcoming : past).add(view);
        }
        upcoming.sort(Comparator.comparing(v -> v.nextOccurrence().start()));
        past.sort(Comparator.comparing(MeetingView::scheduledStart).reversed());
        return new MyMeetings(upcoming.subList(0, Math.min(max, upcoming.size())), past.subList(0, Math.min(max, past.size())));
    }
}
