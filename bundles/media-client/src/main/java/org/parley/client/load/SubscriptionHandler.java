package org.parley.client.load;

import java.util.List;

/** Answers the offers a server makes to a subscribing participant. */
public interface SubscriptionHandler {

    /**
     * @param subscriptionId names one receiving peer connection: the same id again is a renegotiation of it
     *        (Parley has one per participant); a new id needs a new peer connection (Janus makes one per
     *        publisher it is subscribed to)
     * @param tracks what the offer's m-lines carry, by mid
     * @return the answer SDP
     * @throws java.util.concurrent.CancellationException when the participant is going away and wants no more
     *         offers (the target then leaves the offer unanswered quietly)
     */
    String onOffer(String subscriptionId, String offerSdp, List<TrackInfo> tracks) throws Exception;

    /**
     * The answer {@link #onOffer} returned for {@code subscriptionId} has been handed to the server's transport:
     * the time to start connectivity checks, so that the server knows this peer's ICE credentials and
     * fingerprint when they arrive. Targets that cannot tell call it right after {@code onOffer}.
     */
    default void onAnswerSent(String subscriptionId) {
    }

    /**
     * The server dropped the media connection of {@code subscriptionId} (Parley: {@code media-disconnected}, a
     * failed DTLS handshake or lost consent): its peer connection is dead, and the next offer for that id needs
     * a new one. The target subscribes again right after, as the web client does.
     */
    default void onSubscriptionLost(String subscriptionId) {
    }
}
