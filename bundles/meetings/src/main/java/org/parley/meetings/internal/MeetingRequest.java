package org.parley.meetings.internal;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.parley.api.http.FieldError;
import org.parley.api.http.TextInput;

/**
 * The body of {@code POST /api/meetings} and {@code PATCH /api/meetings/{id}} (absent fields: defaults on
 * create, unchanged on update), and its validation into a {@link Draft}.
 */
public record MeetingRequest(String title, String type, Instant scheduledStart, Integer durationMinutes, String timeZone,
        String passcode, RecurrenceRequest recurrence, SettingsRequest settings, List<String> coHosts) {

    static final int MAX_DURATION = 24 * 60;
    static final int MAX_CO_HOSTS = 50;
    /** A start a little in the past is accepted (clocks differ, forms take time). */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(10);
    static final Duration FURTHEST_START = Duration.ofDays(5 * 366);

    public record RecurrenceRequest(String frequency, Integer interval, List<String> daysOfWeek, Integer count,
            LocalDate until) {
    }

    public record SettingsRequest(Boolean waitingRoom, Boolean muteOnEntry, Boolean allowRecording, Boolean e2ee) {
    }

    /** A checked meeting, ready to store. {@code passcode} null = generate one. */
    record Draft(String title, boolean instant, Instant start, int durationMinutes, ZoneId zone, String passcode,
            Recurrence recurrence, MeetingSettings settings, List<String> coHostEmails) {
    }

    /** Validates a new meeting. */
    Draft validate(Instant now, List<FieldError> errors) {
        return validate(now, errors, null);
    }

    /**
     * @param current the stored meeting for an update (its values fill absent fields), or null for a new one
     */
    Draft validate(Instant now, List<FieldError> errors, MeetingEntity current) {
        String titleValue = current == null ? TextInput.require("title", title, 200, errors)
                : title == null ? current.title : TextInput.require("title", title, 200, errors);

        boolean instant;
        String kind = type != null ? type.strip().toLowerCase(Locale.ROOT)
                : current != null ? current.type : scheduledStart == null ? "instant" : "scheduled";
        if (!kind.equals("instant") && !kind.equals("scheduled")) {
            errors.add(new FieldError("type", "must be 'instant' or 'scheduled'"));
            instant = false;
        } else {
            instant = kind.equals("instant");
        }

        Instant start;
        if (current != null && scheduledStart == null) {
            start = current.scheduledStart;
        } else if (instant && current == null) {
            if (scheduledStart != null) {
                errors.add(new FieldError("scheduledStart", "must be absent for an instant meeting"));
            }
            start = now;
        } else if (scheduledStart == null) {
            errors.add(new FieldError("scheduledStart", "is required for a scheduled meeting"));
            start = now;
        } else {
            start = scheduledStart.truncatedTo(ChronoUnit.SECONDS);
            if (start.isBefore(now.minus(PAST_TOLERANCE))) {
                errors.add(new FieldError("scheduledStart", "must not be in the past"));
            } else if (start.isAfter(now.plus(FURTHEST_START))) {
                errors.add(new FieldError("scheduledStart", "must be within 5 years"));
            }
        }

        int duration = durationMinutes != null ? durationMinutes : current != null ? current.durationMinutes : 60;
        if (duration < 1 || duration > MAX_DURATION) {
            errors.add(new FieldError("durationMinutes", "must be 1 to " + MAX_DURATION));
        }

        ZoneId zone = ZoneId.of("UTC");
        String zoneText = timeZone != null ? timeZone : current != null ? current.timeZone : "UTC";
        try {
            if (zoneText.length() > 64) {
                throw new DateTimeException("too long");
            }
            zone = ZoneId.of(zoneText.strip());
        } catch (DateTimeException e) {
            errors.add(new FieldError("timeZone", "must be an IANA time zone such as Europe/Berlin or UTC"));
        }

        String code = passcode != null ? passcode : current != null ? current.passcode : null;
        if (passcode != null) {
            Passcodes.problem(passcode).ifPresent(p -> errors.add(new FieldError("passcode", p)));
        }

        Recurrence rule = recurrence != null ? recurrence(recurrence, errors)
                : current != null ? MeetingJson.recurrence(current.recurrence) : null;
        if (rule != null && instant) {
            errors.add(new FieldError("recurrence", "an instant meeting cannot repeat"));
        } else if (rule != null && errors.isEmpty() && rule.size(start, zone) > Recurrence.MAX_OCCURRENCES) {
            errors.add(new FieldError("recurrence", "yields more than " + Recurrence.MAX_OCCURRENCES
                    + " occurrences; use a count or an earlier until"));
        } else if (rule != null && errors.isEmpty() && rule.size(start, zone) == 0) {
            errors.add(new FieldError("recurrence", "yields no occurrence"));
        }

        MeetingSettings base = current != null ? MeetingJson.settings(current.settings) : MeetingSettings.DEFAULTS;
        MeetingSettings chosen = base;
        if (settings != null) {
            boolean e2ee = settings.e2ee() != null ? settings.e2ee() : base.e2ee();
            boolean recording = settings.allowRecording() != null ? settings.allowRecording() : base.allowRecording() && !e2ee;
            if (e2ee && recording) {
                errors.add(new FieldError("settings.allowRecording", "must be false when e2ee is on (the server cannot record encrypted media)"));
            }
            chosen = new MeetingSettings(settings.waitingRoom() != null ? settings.waitingRoom() : base.waitingRoom(),
                    settings.muteOnEntry() != null ? settings.muteOnEntry() : base.muteOnEntry(), recording, e2ee);
        }

        List<String> emails = null;
        if (coHosts != null) {
            if (coHosts.size() > MAX_CO_HOSTS) {
                errors.add(new FieldError("coHosts", "at most " + MAX_CO_HOSTS + " co-hosts"));
            } else {
                emails = new ArrayList<>();
                for (int i = 0; i < coHosts.size(); i++) {
                    String email = TextInput.require("coHosts[" + i + "]", coHosts.get(i), 254, errors);
                    if (email != null) {
                        emails.add(email.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return new Draft(titleValue, instant, start, duration, zone, code, rule, chosen, emails);
    }

    /** A rule from the request, or null for {@code {"frequency":"none"}} (no repetition); errors added. */
    static Recurrence recurrence(RecurrenceRequest r, List<FieldError> errors) {
        String frequency = r.frequency() == null ? null : r.frequency().strip().toUpperCase(Locale.ROOT);
        if ("NONE".equals(frequency)) {
            return null;
        }
        Recurrence.Frequency f;
        try {
            f = Recurrence.Frequency.valueOf(frequency == null ? "" : frequency);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("recurrence.frequency", "must be 'daily', 'weekly' or 'none'"));
            return null;
        }
        int maxInterval = f == Recurrence.Frequency.DAILY ? 90 : 12;
        int interval = r.interval() == null ? 1 : r.interval();
        if (interval < 1 || interval > maxInterval) {
            errors.add(new FieldError("recurrence.interval", "must be 1 to " + maxInterval));
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (r.daysOfWeek() != null) {
            if (f == Recurrence.Frequency.DAILY) {
                errors.add(new FieldError("recurrence.daysOfWeek", "only for a weekly rule"));
            } else if (r.daysOfWeek().size() > 7) {
                errors.add(new FieldError("recurrence.daysOfWeek", "at most 7 days"));
            } else {
                for (int i = 0; i < r.daysOfWeek().size(); i++) {
                    DayOfWeek day = dayOfWeek(r.daysOfWeek().get(i));
                    if (day == null) {
                        errors.add(new FieldError("recurrence.daysOfWeek[" + i + "]", "must be a day such as MONDAY"));
                    } else {
                        days.add(day);
                    }
                }
            }
        }
        if ((r.count() == null) == (r.until() == null)) {
            errors.add(new FieldError("recurrence", "give exactly one of count and until"));
        } else if (r.count() != null && (r.count() < 1 || r.count() > Recurrence.MAX_OCCURRENCES)) {
            errors.add(new FieldError("recurrence.count", "must be 1 to " + Recurrence.MAX_OCCURRENCES));
        }
        return new Recurrence(f, interval, days, r.count(), r.until());
    }

    static DayOfWeek dayOfWeek(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(t) || (t.length() == 3 && day.name().startsWith(t))) {
                return day;
            }
        }
        return null;
    }
}
