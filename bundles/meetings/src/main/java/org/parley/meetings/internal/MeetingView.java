package org.parley.meetings.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.parley.api.identity.User;
import org.parley.api.identity.UserDirectory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A meeting as its host and co-hosts see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeetingView(String id, String displayId, String title, String type, String status, Instant scheduledStart,
        int durationMinutes, String timeZone, String passcode, Map<String, Object> recurrence, Settings settings,
        List<Occurrence> occurrences, Occurrence nextOccurrence, Person host, List<Person> coHosts, String joinUrl,
        String joinUrlWithoutPasscode, Instant createdAt, Instant updatedAt) {

    static final int LISTED_OCCURRENCES = Recurrence.MAX_OCCURRENCES;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Settings(boolean waitingRoom, boolean muteOnEntry, boolean allowRecording, boolean e2ee) {
    }

    public record Occurrence(Instant start, Instant end) {
    }

    public record Person(long id, String email, String displayName) {
        static Person of(long id, UserDirectory users) {
            return users.find(id).map(Person::of).orElse(new Person(id, null, null));
        }

        static Person of(User user) {
            return new Person(user.id(), user.email(), user.displayName());
        }
    }

    static MeetingView of(MeetingEntity m, UserDirectory users, URI base, Instant now) {
        String id = MeetingIds.digits(m.id);
        MeetingSettings s = MeetingJson.settings(m.settings);
        List<Occurrence> occurrences = occurrences(m);
        Occurrence next = occurrences.stream().filter(o -> o.end().isAfter(now)).findFirst().orElse(null);
        Map<String, Object> recurrence = null;
        if (m.recurrence != null) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = JSON.readValue(m.recurrence, Map.class);
                recurrence = parsed;
            } catch (Exception e) {
                recurrence = null;
            }
        }
        String link = base.resolve("j/" + id).toString();
        return new MeetingView(id, MeetingIds.format(m.id), m.title, m.type, m.status, m.scheduledStart, m.durationMinutes,
                m.timeZone, m.passcode, recurrence, new Settings(s.waitingRoom(), s.muteOnEntry(), s.allowRecording(), s.e2ee()),
                occurrences, next, Person.of(m.hostUserId, users),
                m.coHostUserIds.stream().sorted().map(u -> Person.of(u, users)).toList(),
                link + "?pwd=" + m.passcode, link, m.createdAt, m.updatedAt);
    }

    static List<Occurrence> occurrences(MeetingEntity m) {
        Duration duration = Duration.ofMinutes(m.durationMinutes);
        Recurrence rule = MeetingJson.recurrence(m.recurrence);
        List<Instant> starts = rule == null ? List.of(m.scheduledStart)
                : rule.expand(m.scheduledStart, ZoneId.of(m.timeZone), LISTED_OCCURRENCES);
        return starts.stream().map(s -> new Occurrence(s, s.plus(duration))).toList();
    }
}
