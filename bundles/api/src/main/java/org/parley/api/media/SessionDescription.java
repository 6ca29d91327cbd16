package org.parley.api.media;

import java.util.Map;

/**
 * An SDP offer or answer from a participant.
 *
 * @param type {@code offer} or {@code answer}
 * @param connection which of the participant's peer connections it is for ({@code publish}: the client
 *        offers what it sends; {@code subscribe}: the server offers what the client receives); null = publish
 * @param id the client's message id, for the reply
 * @param sources what each sent m-line carries, by mid ({@code microphone}, {@code camera}, {@code screen});
 *        empty when the client does not say (audio is then the microphone and video the camera)
 */
public record SessionDescription(String type, String sdp, String connection, String id, Map<String, String> sources) {

    public SessionDescription {
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    public SessionDescription(String type, String sdp, String connection, String id) {
        this(type, sdp, connection, id, Map.of());
    }
}
