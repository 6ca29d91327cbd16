package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The media side of one meeting: its participants and, through them, every published track. */
final class Conference {
    final String meetingId;
    private final Map<String, MediaParticipant> participants = new ConcurrentHashMap<>();

    Conference(String meetingId) {
        this.meetingId = meetingId;
    }

    MediaParticipant participant(String participantId) {
        return participants.computeIfAbsent(participantId, id -> new MediaParticipant(id, meetingId));
    }

    MediaParticipant existing(String participantId) {
        return participants.get(participantId);
    }

    MediaParticipant remove(String participantId) {
        return participants.remove(participantId);
    }

    Collection<MediaParticipant> participants() {
        return participants.values();
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    /** Every live track published by someone other than {@code participantId}. */
    List<PublishedTrack> tracksExcept(String participantId) {
        List<PublishedTrack> tracks = new ArrayList<>();
        for (MediaParticipant participant : participants.values()) {
            Publication publication = participant.publication();
            if (publication != null && !participant.id.equals(participantId)) {
                tracks.addAll(publication.tracks());
            }
        }
        return tracks;
    }
}
