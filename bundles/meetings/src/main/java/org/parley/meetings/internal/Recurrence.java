package org.parley.meetings.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A repeat rule: every {@code interval} days, or every {@code interval} weeks on {@code daysOfWeek}, ending
 * after {@code count} occurrences or on {@code until} (inclusive, in the meeting's time zone). Occurrences
 * keep the first one's wall-clock time across daylight-saving changes.
 */
record Recurrence(Frequency frequency, int interval, Set<DayOfWeek> daysOfWeek, Integer count, LocalDate until) {
    static final int MAX_OCCURRENCES = 200;

    enum Frequency {
        DAILY, WEEKLY
    }

    Recurrence {
        daysOfWeek = daysOfWeek == null || daysOfWeek.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(daysOfWeek));
    }

    /**
     * The occurrences' start times, from {@code start} on, at most {@code limit} of them. For a weekly rule
     * without days, the day of {@code start}.
     */
    List<Instant> expand(Instant start, ZoneId zone, int limit) {
        ZonedDateTime first = start.atZone(zone);
        int max = Math.min(limit, count == null ? Integer.MAX_VALUE : count);
        List<Instant> out = new ArrayList<>();
        if (frequency == Frequency.DAILY) {
            for (int k = 0; out.size() < max; k++) {
                ZonedDateTime next = first.plusDays((long) k * interval);
                if (until != null && next.toLocalDate().isAfter(until)) {
                    break;
                }
                out.add(next.toInstant());
            }
            return out;
        }
        TreeSet<DayOfWeek> days = new TreeSet<>(daysOfWeek.isEmpty() ? Set.of(first.getDayOfWeek()) : daysOfWeek);
        LocalDate weekStart = first.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (int week = 0; out.size() < max; week += interval) {
            LocalDate monday = weekStart.plusWeeks(week);
            if (until != null && monday.isAfter(until)) {
                break;
            }
            for (DayOfWeek day : days) {
                LocalDate date = monday.plusDays(day.getValue() - 1L);
                if (date.isBefore(first.toLocalDate())) {
                    continue;
                }
                if ((until != null && date.isAfter(until)) || out.size() >= max) {
                    break;
                }
                out.add(ZonedDateTime.of(date, first.toLocalTime(), zone).toInstant());
            }
            if (week > 52 * 20) {
                break; // a rule that yields nothing for 20 years: stop rather than loop
            }
        }
        return out;
    }

    /** How many occurrences the rule yields, up to {@code MAX_OCCURRENCES + 1}. */
    int size(Instant start, ZoneId zone) {
        return expand(start, zone, MAX_OCCURRENCES + 1).size();
    }

    /** The end of the last occurrence. */
    Instant lastEnd(Instant start, ZoneId zone, Duration duration) {
        List<Instant> all = expand(start, zone, MAX_OCCURRENCES);
        return (all.isEmpty() ? start : all.get(all.size() - 1)).plus(duration);
    }
}
