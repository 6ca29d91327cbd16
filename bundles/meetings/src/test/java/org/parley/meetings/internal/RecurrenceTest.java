package org.parley.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.parley.api.http.FieldError;

class RecurrenceTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void dailyEveryOtherDayWithCount() {
        Recurrence rule = new Recurrence(Recurrence.Frequency.DAILY, 2, Set.of(), 3, null);
        assertThat(rule.expand(Instant.parse("2026-12-01T09:00:00Z"), ZoneId.of("UTC"), 100)).containsExactly(
                Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-03T09:00:00Z"), Instant.parse("2026-12-05T09:00:00Z"));
    }

    @Test
    void weeklyOnSeveralDaysStartsOnOrAfterTheStartAndHonoursUntil() {
        // 2026-12-01 is a Tuesday
        Recurrence rule = new Recurrence(Recurrence.Frequency.WEEKLY, 1, Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), null,
                LocalDate.parse("2026-12-14"));
        assertThat(rule.expand(Instant.parse("2026-12-01T09:00:00Z"), BERLIN, 100)).containsExactly(
                Instant.parse("2026-12-02T09:00:00Z"), Instant.parse("2026-12-07T09:00:00Z"),
                Instant.parse("2026-12-09T09:00:00Z"), Instant.parse("2026-12-14T09:00:00Z"));
    }

    @Test
    void weeklyWithoutDaysUsesTheStartDayAndInterval() {
        Recurrence rule = new Recurrence(Recurrence.Frequency.WEEKLY, 2, Set.of(), 3, null);
        assertThat(rule.expand(Instant.parse("2026-12-01T09:00:00Z"), ZoneId.of("UTC"), 100)).containsExactly(
                Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-15T09:00:00Z"), Instant.parse("2026-12-29T09:00:00Z"));
    }

    @Test
    void keepsTheWallClockTimeAcrossDaylightSaving() {
        // 10:00 in Berlin: 09:00Z in winter, 08:00Z after the switch on 2027-03-28
        Recurrence rule = new Recurrence(Recurrence.Frequency.WEEKLY, 1, Set.of(), 3, null);
        assertThat(rule.expand(Instant.parse("2027-03-22T09:00:00Z"), BERLIN, 100)).containsExactly(
                Instant.parse("2027-03-22T09:00:00Z"), Instant.parse("2027-03-29T08:00:00Z"), Instant.parse("2027-04-05T08:00:00Z"));
    }

    @Test
    void expansionIsBounded() {
        Recurrence forever = new Recurrence(Recurrence.Frequency.DAILY, 1, Set.of(), null, LocalDate.parse("2999-01-01"));
        assertThat(forever.size(Instant.parse("2026-12-01T09:00:00Z"), BERLIN)).isEqualTo(Recurrence.MAX_OCCURRENCES + 1);
        Recurrence none = new Recurrence(Recurrence.Frequency.WEEKLY, 1, Set.of(DayOfWeek.MONDAY), null, LocalDate.parse("2026-12-02"));
        assertThat(none.expand(Instant.parse("2026-12-01T09:00:00Z"), BERLIN, 100)).isEmpty();
    }

    @Test
    void requestValidationNamesTheFields() {
        List<FieldError> errors = new ArrayList<>();
        MeetingRequest.recurrence(new MeetingRequest.RecurrenceRequest("weekly", 99, List.of("FUNDAY"), 0, null), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("recurrence.interval", "recurrence.daysOfWeek[0]",
                "recurrence.count");
        errors.clear();
        MeetingRequest.recurrence(new MeetingRequest.RecurrenceRequest("daily", null, List.of("MON"), 2, LocalDate.now()), errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("recurrence.daysOfWeek", "recurrence");
        errors.clear();
        assertThat(MeetingRequest.recurrence(new MeetingRequest.RecurrenceRequest("none", null, null, null, null), errors)).isNull();
        assertThat(MeetingRequest.recurrence(new MeetingRequest.RecurrenceRequest(null, null, null, 1, null), errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("recurrence.frequency");
    }

    @Test
    void storedAsJsonAndBack() {
        Recurrence rule = new Recurrence(Recurrence.Frequency.WEEKLY, 2, Set.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY), null,
                LocalDate.parse("2027-01-31"));
        assertThat(MeetingJson.recurrence(MeetingJson.recurrence(rule))).isEqualTo(rule);
        assertThat(MeetingJson.recurrence((String) null)).isNull();
    }
}
