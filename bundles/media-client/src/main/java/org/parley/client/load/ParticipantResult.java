package org.parley.client.load;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one participant of the load fared.
 *
 * @param participantId the server's id for it, null when it never joined
 * @param joinMillis from the join request to the first media packet it received; -1 when none arrived
 * @param expectedPublishers the ids of the other publishers of its meeting that joined
 * @param failure why it failed to join or negotiate, null when it did not
 */
public record ParticipantResult(String name, int meeting, boolean publisher, String participantId,
        double joinMillis, List<String> expectedPublishers, List<ReceivedStream> streams, String failure) {

    public ParticipantResult {
        expectedPublishers = List.copyOf(expectedPublishers);
        streams = List.copyOf(streams);
    }

    /** The publishers it received packets of this kind from. */
    public Set<String> receivedFrom(String kind) {
        return streams.stream().filter(s -> s.kind().equals(kind) && s.packets() > 0)
                .map(ReceivedStream::fromParticipant).collect(Collectors.toSet());
    }

    /** Whether it received audio (and video, when the load has video) from every other publisher of its meeting. */
    public boolean receivedFromAll(boolean video) {
        return receivedFrom("audio").containsAll(expectedPublishers)
                && (!video || receivedFrom("video").containsAll(expectedPublishers));
    }

    public long packets() {
        return streams.stream().mapToLong(ReceivedStream::packets).sum();
    }

    public long lost() {
        return streams.stream().mapToLong(ReceivedStream::lost).sum();
    }
}
