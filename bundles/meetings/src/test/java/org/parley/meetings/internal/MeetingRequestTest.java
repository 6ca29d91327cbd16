package org.parley.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.api.http.FieldError;

class MeetingRequestTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void withoutAStartItIsAnInstantMeetingStartingNow() {
        List<FieldError> errors = new ArrayList<>();
        MeetingRequest.Draft draft = new MeetingRequest("Now", null, null, null, null, null, null, null, null).validate(NOW, errors);
        assertThat(errors).isEmpty();
        assertThat(draft.instant()).isTrue();
        assertThat(draft.start()).isEqualTo(NOW);
        assertThat(draft.durationMinutes()).isEqualTo(60);
        assertThat(draft.settings()).isEqualTo(MeetingSettings.DEFAULTS);
    }

    @Test
    void everyBadFieldIsNamed() {
        List<FieldError> errors = new ArrayList<>();
        new MeetingRequest(" ", "later", NOW.minusSeconds(3600), 0, "Nowhere/City", "x y",
                null, new MeetingRequest.SettingsRequest(null, null, true, true), List.of("a@b.c", "")).validate(NOW, errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("title", "type", "scheduledStart", "durationMinutes",
                "timeZone", "passcode", "settings.allowRecording", "coHosts[1]");
    }

    @Test
    void e2eeTurnsRecordingOffUnlessAskedFor() {
        List<FieldError> errors = new ArrayList<>();
        MeetingRequest.Draft draft = new MeetingRequest("Secret", null, NOW.plusSeconds(60), 30, "UTC", "abcd", null,
                new MeetingRequest.SettingsRequest(true, null, null, true), null).validate(NOW, errors);
        assertThat(errors).isEmpty();
        assertThat(draft.settings()).isEqualTo(new MeetingSettings(true, false, false, true));
    }

    @Test
    void instantMeetingsDoNotRepeat() {
        List<FieldError> errors = new ArrayList<>();
        new MeetingRequest("Now", "instant", null, null, null, null,
                new MeetingRequest.RecurrenceRequest("daily", 1, null, 3, null), null, null).validate(NOW, errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("recurrence");
    }
}
