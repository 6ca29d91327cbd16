package org.parley.client.janus;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import org.parley.client.janus.JanusMessages.Feed;
import org.parley.client.janus.JanusMessages.Jsep;
import org.parley.client.janus.JanusMessages.Message;
import org.parley.client.load.SubscriptionHandler;
import org.parley.client.load.TargetParticipant;
import org.parley.client.load.TrackInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant in a Janus videoroom: a session with a publisher handle (joined whether or not it publishes:
 * the publisher handle is where Janus announces feeds) and, once subscribing, a subscriber handle per feed.
 */
final class JanusParticipant implements TargetParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(JanusParticipant.class);
    /** Marks a feed whose subscription is being set up, before its handle is known. */
    private static final long SUBSCRIBING = -1;

    private final JanusTarget target;
    private final JanusSession session;
    private final long room;
    private final long publisherHandle;
    private final long feedId;
    private final long privateId;
    /** Feeds of the room other than this one, by id: those at join and those announced since. */
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    /** Feed id to the subscriber handle that receives it. */
    private final Map<Long, Long> subscriptions = new ConcurrentHashMap<>();
    private volatile SubscriptionHandler handler;
    private volatile boolean closed;

    private JanusParticipant(JanusTarget target, JanusSession session, long room, String displayName)
            throws IOException, InterruptedException {
        this.target = target;
        this.session = session;
        this.room = room;
        this.publisherHandle = session.attach(this::onPublisherEvent);
        Message joined = session.request(publisherHandle, JanusMessages.joinAsPublisher(room, displayName), null);
        if (!"joined".equals(joined.videoroom())) {
            throw new IOException("Janus answered join with " + joined.raw());
        }
        this.feedId = JanusSession.data(joined).path("id").asLong();
        this.privateId = JanusSession.data(joined).path("private_id").asLong();
        addFeeds(JanusMessages.publishers(joined));
    }

    static JanusParticipant join(JanusTarget target, long room, String displayName)
            throws IOException, InterruptedException {
        JanusTarget.Options options = target.options();
        JanusSession session = JanusSession.create(target.http(), options.api(), options.requestTimeout(),
                target.timers());
        try {
            return new JanusParticipant(target, session, room, displayName);
        } catch (IOException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public String participantId() {
        return Long.toString(feedId);
    }

    @Override
    public String publish(String offerSdp, Map<String, String> sources) throws Exception {
        Message reply = session.request(publisherHandle, JanusMessages.publish(sources), new Jsep("offer", offerSdp));
        Jsep answer = reply.jsep().orElseThrow(() -> new IOException("Janus answered publish without SDP: "
                + reply.raw()));
        // The offer carried every candidate of the client; saying so spares Janus waiting for trickled ones.
        session.trickleCompleted(publisherHandle);
        return answer.sdp();
    }

    @Override
    public void subscribe(SubscriptionHandler subscriptionHandler) {
        this.handler = subscriptionHandler;
        for (Feed feed : feeds.values()) {
            subscribeLater(feed);
        }
    }

    // ---- events ----

    private void onPublisherEvent(Message message) {
        addFeeds(JanusMessages.publishers(message));
        JanusMessages.departedFeed(message).ifPresent(this::onFeedGone);
    }

    private void addFeeds(List<Feed> announced) {
        for (Feed feed : announced) {
            if (feed.id() == feedId || feed.streams().isEmpty()) {
                continue;
            }
            feeds.put(feed.id(), feed);
            if (handler != null) {
                subscribeLater(feed);
            }
        }
    }

    private void onFeedGone(long feed) {
        feeds.remove(feed);
        Long handle = subscriptions.remove(feed);
        if (handle != null && handle != SUBSCRIBING) {
            target.negotiations().execute(() -> {
                try {
                    session.detach(handle);
                } catch (IOException e) {
                    LOG.debug("Detaching the subscription to feed {} failed: {}", feed, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private void onSubscriberEvent(long handle, Message message) {
        // A renegotiation: Janus offers again on the same handle (e.g. "updated" when the feed's streams change).
        if (message.jsep().filter(j -> "offer".equals(j.type())).isPresent()) {
            target.negotiations().execute(() -> answerSafely(handle, message));
        }
    }

    // ---- subscriptions ----

    private void subscribeLater(Feed feed) {
        if (closed || subscriptions.putIfAbsent(feed.id(), SUBSCRIBING) != null) {
            return;
        }
        target.negotiations().execute(() -> {
            try {
                subscribeTo(feed);
            } catch (CancellationException e) {
                // the participant is leaving: the subscriber handle goes with its session
                LOG.debug("Subscription of {} to feed {} declined: {}", feedId, feed.id(), e.getMessage());
            } catch (Exception e) {
                subscriptions.remove(feed.id(), SUBSCRIBING);
                if (!closed) {
                    LOG.warn("Subscribing {} to feed {} failed: {}", feedId, feed.id(), e.toString());
                }
            }
        });
    }

    private void subscribeTo(Feed feed) throws Exception {
        long[] self = new long[1];
        long handle = session.attach(message -> onSubscriberEvent(self[0], message));
        self[0] = handle;
        if (!subscriptions.replace(feed.id(), SUBSCRIBING, handle)) {
            session.detach(handle); // the feed left while the handle was attached
            return;
        }
        Message attached = session.request(handle, JanusMessages.joinAsSubscriber(room, feed.id(), privateId), null);
        answer(handle, attached);
    }

    private void answerSafely(long handle, Message offer) {
        try {
            answer(handle, offer);
        } catch (CancellationException e) {
            LOG.debug("Renegotiation on handle {} declined: {}", handle, e.getMessage());
        } catch (Exception e) {
            if (!closed) {
                LOG.warn("Answering Janus's offer on handle {} failed: {}", handle, e.toString());
            }
        }
    }

    /**
     * Hands Janus's offer to the handler and starts (or resumes) the subscription with its answer. Janus's
     * "started" event means it has applied the answer, so it knows the peer's ICE credentials and fingerprint:
     * only then may the peer's connectivity checks go out.
     */
    private void answer(long handle, Message offer) throws Exception {
        Jsep jsep = offer.jsep().orElseThrow(() -> new IOException("Janus sent no offer: " + offer.raw()));
        List<TrackInfo> tracks = JanusMessages.subscriberTracks(offer);
        SubscriptionHandler current = handler;
        String subscriptionId = Long.toString(handle);
        String answer = current.onOffer(subscriptionId, jsep.sdp(), tracks);
        session.request(handle, JanusMessages.start(), new Jsep("answer", answer));
        current.onAnswerSent(subscriptionId);
    }

    /** Leaves the room: destroying the session detaches every handle of it. */
    @Override
    public void close() {
        closed = true;
        session.close();
        target.forget(this);
    }
}
