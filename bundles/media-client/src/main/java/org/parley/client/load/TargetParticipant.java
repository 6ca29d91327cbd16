package org.parley.client.load;

import java.util.List;
import java.util.Map;

/** One participant's signaling with a {@link ConferenceTarget}. */
public interface TargetParticipant extends AutoCloseable {

    /** The id the server gave this participant (as other participants' track lists name it). */
    String participantId();

    /**
     * Sends a publish offer (e.g. from {@code MediaClientPeer.publishOffer()}) and returns the server's answer.
     *
     * @param sources what each sent m-line carries, by mid ({@code microphone}, {@code camera}, {@code screen})
     */
    String publish(String offerSdp, Map<String, String> sources) throws Exception;

    /**
     * Starts receiving: from now on the target calls the handler for every offer the server makes to this
     * participant (renegotiations included), on a thread of its own, and sends the returned answer back.
     */
    void subscribe(SubscriptionHandler handler) throws Exception;

    /**
     * Tells the server which videos this participant shows and at what size (Parley: {@code receive-video}):
     * {@code shown} at {@code width} x {@code height} device pixels, {@code hidden} not at all, by
     * {@link TrackInfo#trackId}. Targets without such a message ignore it.
     */
    default void receiveVideo(List<String> shown, int width, int height, List<String> hidden)
            throws Exception {
    }

    @Override
    void close() throws Exception;
}
