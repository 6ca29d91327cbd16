package org.parley.meetings.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON text of the {@code settings} and {@code recurrence} columns. */
final class MeetingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MeetingJson() {
    }

    static String settings(MeetingSettings s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("waitingRoom", s.waitingRoom());
        node.put("muteOnEntry", s.muteOnEntry());
        node.put("allowRecording", s.allowRecording());
        node.put("e2ee", s.e2ee());
        return node.toString();
    }

    static MeetingSettings settings(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            MeetingSettings d = MeetingSettings.DEFAULTS;
            return new MeetingSettings(node.path("waitingRoom").asBoolean(d.waitingRoom()),
                    node.path("muteOnEntry").asBoolean(d.muteOnEntry()),
                    node.path("allowRecording").asBoolean(d.allowRecording()), node.path("e2ee").asBoolean(d.e2ee()));
        } catch (Exception e) {
            return MeetingSettings.DEFAULTS;
        }
    }

    static String recurrence(Recurrence r) {
        if (r == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("frequency", r.frequency().name().toLowerCase(java.util.Locale.ROOT));
        node.put("interval", r.interval());
        ArrayNode days = node.putArray("daysOfWeek");
        r.daysOfWeek().stream().sorted().forEach(d -> days.add(d.name()));
        if (r.count() != null) {
            node.put("count", r.count());
        }
        if (r.until() != null) {
            node.put("until", r.until().toString());
        }
        return node.toString();
    }

    static Recurrence recurrence(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            node.path("daysOfWeek").forEach(d -> days.add(DayOfWeek.valueOf(d.asText())));
            return new Recurrence(Recurrence.Frequency.valueOf(node.path("frequency").asText().toUpperCase(java.util.Locale.ROOT)),
                    node.path("interval").asInt(1), days, node.hasNonNull("count") ? node.get("count").asInt() : null,
                    node.hasNonNull("until") ? LocalDate.parse(node.get("until").asText()) : null);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable recurrence " + text, e);
        }
    }
}
