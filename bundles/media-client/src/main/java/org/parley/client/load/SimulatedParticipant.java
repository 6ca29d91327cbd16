package org.parley.client.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.PeerOptions;
import org.parley.client.SyntheticAudioSource;
import org.parley.client.SyntheticPayload;
import org.parley.client.SyntheticPublisher;
import org.parley.client.SyntheticVideoSource;
import org.parley.client.internal.ClientThreads;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.SdpException;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.srtp.SrtpProfile;
import org.slf4j.LoggerFactory;

/**
 * One participant of the load: its signaling with the target, its publish peer and synthetic media (when it
 * publishes), and one receiving peer per subscription id the target's offers name, each with a
 * {@link MediaReceiver} and a listener that feeds the run's counters. A publisher speaks as the shape's
 * {@link SpeakingPattern} says; every receiving peer tallies what it heard of each microphone
 * ({@link HeardSpeech}) and, when the shape has a gallery page, tells the server what it shows.
 */
final class SimulatedParticipant implements SubscriptionHandler, AutoCloseable {
    private final String name;
    private final int meeting;
    private final boolean publisher;
    /** Among its meeting's publishers (0-based) when a publisher: its place in the speaking pattern. */
    private final int index;
    private final long startNanos;
    private final LoadShape shape;
    private final PeerOptions peerOptions;
    private final LoadCounters counters;
    private final Map<String, Receiving> receiving = new ConcurrentHashMap<>();
    private final AtomicLong firstMediaNanos = new AtomicLong();
    private final HeardSpeech heard;
    private final AtomicInteger resubscriptions = new AtomicInteger();
    private volatile long sendingSinceNanos;
    private volatile long joinStartNanos;
    private volatile TargetParticipant signaling;
    private volatile String participantId;
    private volatile MediaClientPeer publishPeer;
    private volatile SyntheticPublisher media;
    private volatile String failure;
    private volatile boolean closed;
    private volatile boolean sendingStopped;

    /** One receiving peer connection and what its latest offer said each m-line carries. */
    private static final class Receiving {
        final MediaClientPeer peer;
        final MediaReceiver receiver;
        volatile List<TrackInfo> tracks = List.of();
        /** The gallery page last told to the server, shown then hidden track ids. */
        volatile List<List<String>> shownPage = List.of();

        Receiving(MediaClientPeer peer) {
            this.peer = peer;
            this.receiver = MediaReceiver.attach(peer);
        }
    }

    /**
     * @param index its place among its meeting's publishers (0-based), when it publishes
     * @param startNanos when the run started: speaker turns count from it
     */
    SimulatedParticipant(String name, int meeting, boolean publisher, int index, long startNanos, LoadShape shape,
            PeerOptions peerOptions, LoadCounters counters) {
        this.name = name;
        this.meeting = meeting;
        this.publisher = publisher;
        this.index = index;
        this.startNanos = startNanos;
        this.heard = new HeardSpeech(shape.speaking(), startNanos, shape.duration());
        this.shape = shape;
        this.peerOptions = peerOptions;
        this.counters = counters;
    }

    /** Joins, subscribes and (as a publisher) publishes; a failure is kept for the report and thrown. */
    void start(ConferenceTarget target, String roomId) throws Exception {
        joinStartNanos = System.nanoTime();
        try {
            TargetParticipant joined = target.join(roomId, name);
            signaling = joined;
            participantId = joined.participantId();
            if (closed) {
                return;
            }
            joined.subscribe(this);
            if (publisher) {
                publish(joined);
            }
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw e;
        }
    }

    private void publish(TargetParticipant joined) throws Exception {
        MediaClientPeer peer = MediaClientPeer.open(peerOptions);
        publishPeer = peer;
        peer.addListener(new MediaClientPeer.Listener() {
            @Override
            public void onSent(byte[] datagram, int length) {
                if (!RtpPacket.isRtcp(datagram, 0, length)) {
                    counters.sent(length - peer.srtpProfile().map(SrtpProfile::authTagLength).orElse(0));
                }
            }
        });
        String offer = peer.publishOffer();
        Map<String, String> sources = Map.of(MediaClientPeer.AUDIO_MID, "microphone", MediaClientPeer.VIDEO_MID,
                "camera");
        if (!shape.video()) {
            offer = withoutVideo(offer);
            sources = Map.of(MediaClientPeer.AUDIO_MID, "microphone");
        }
        String answer = joined.publish(offer, sources);
        peer.acceptAnswer(answer);
        peer.connect().thenRun(() -> sendingSinceNanos = System.nanoTime());
        SyntheticAudioSource audio = SyntheticAudioSource.forPublisher(peer);
        SpeakingPattern speaking = shape.speaking();
        if (!speaking.everyone()) {
            int publishers = shape.publishersPerMeeting();
            audio.talking(now -> speaking.speaks(index, publishers, now - startNanos), true);
        }
        media = SyntheticPublisher.start(peer, audio, shape.video()
                ? SyntheticVideoSource.forPublisher(peer, shape.frameRate(), shape.videoBitrate())
                : null);
        if (sendingStopped) {
            media.close(); // a late join: the run stopped sending while this one negotiated
        }
    }

    /** The publish offer with its video m-line inactive: camera off from the start. */
    static String withoutVideo(String offer) throws SdpException {
        SessionDescription sdp = SessionDescription.parse(offer);
        for (MediaDescription m : sdp.media()) {
            if ("video".equals(m.kind())) {
                m.setDirection(Direction.INACTIVE);
            }
        }
        return sdp.write();
    }

    @Override
    public String onOffer(String subscriptionId, String offerSdp, List<TrackInfo> tracks) throws Exception {
        if (closed) {
            throw new java.util.concurrent.CancellationException("the run is over");
        }
        Receiving r = receiving.get(subscriptionId);
        if (r == null) {
            MediaClientPeer peer = MediaClientPeer.open(peerOptions);
            peer.addListener(new MediaClientPeer.Listener() {
                @Override
                public void onRtp(byte[] packet, int length) {
                    onMedia(packet, length);
                }

                @Override
                public void onRtpUndecrypted(byte[] packet, int length) {
                    onUndecryptedMedia(packet, length);
                }
            });
            if (!publisher && shape.decryptOneIn() > 1) {
                peer.decryptOneIn(shape.decryptOneIn());
            }
            r = new Receiving(peer);
            receiving.put(subscriptionId, r);
        }
        String answer = r.peer.answer(offerSdp);
        r.tracks = List.copyOf(tracks);
        heard.tracks(r.peer.remoteTracks(), r.tracks);
        // A target that never calls onAnswerSent still gets its peer connected, a little later.
        MediaClientPeer peer = r.peer;
        ClientThreads.TIMERS.schedule(() -> {
            if (!closed) {
                peer.connect();
            }
        }, 1, TimeUnit.SECONDS);
        return answer;
    }

    @Override
    public void onAnswerSent(String subscriptionId) {
        Receiving r = receiving.get(subscriptionId);
        if (r != null && !closed) {
            // Once per peer (connect() is idempotent): renegotiations reuse the connection.
            r.peer.connect();
            showPage(r);
        }
    }

    @Override
    public void onSubscriptionLost(String subscriptionId) {
        Receiving r = receiving.remove(subscriptionId);
        if (r != null) {
            resubscriptions.incrementAndGet();
            r.receiver.close();
            r.peer.close();
        }
    }

    /** Subscribe connections the server dropped and this participant made again. */
    int resubscriptions() {
        return resubscriptions.get();
    }

    /** The gallery page: the first videos of the offer shown, the others hidden; sent when it changed. */
    private void showPage(Receiving r) {
        ReceiveView view = shape.view();
        TargetParticipant s = signaling;
        if (view.all() || s == null) {
            return;
        }
        List<String> shown = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (TrackInfo track : r.tracks) {
            if ("video".equals(track.kind()) && !track.trackId().isEmpty()) {
                (shown.size() < view.pageSize() ? shown : hidden).add(track.trackId());
            }
        }
        List<List<String>> page = List.of(shown, hidden);
        if (page.equals(r.shownPage)) {
            return;
        }
        r.shownPage = page;
        try {
            s.receiveVideo(shown, view.width(), view.height(), hidden);
        } catch (Exception e) {
            LoggerFactory.getLogger(SimulatedParticipant.class).debug("receive-video of {} not sent: {}", name, e.toString());
        }
    }

    private void onMedia(byte[] packet, int length) {
        long now = System.nanoTime();
        if (firstMediaNanos.get() == 0) {
            firstMediaNanos.compareAndSet(0, now);
        }
        long sent = SyntheticPayload.sendNanos(packet, length);
        boolean stamped = sent != SyntheticPayload.NO_STAMP;
        counters.received(length, stamped ? now - sent : 0L, stamped);
        if (stamped) {
            heard.onPacket(packet, sent);
        }
    }

    /** Counted without a stamp: its arrival time stands for its send time (the delay is milliseconds). */
    private void onUndecryptedMedia(byte[] packet, int length) {
        long now = System.nanoTime();
        if (firstMediaNanos.get() == 0) {
            firstMediaNanos.compareAndSet(0, now);
        }
        counters.received(length, 0L, false);
        heard.onPacket(packet, now);
    }

    /** When the first media packet arrived, 0 before. */
    long firstMediaNanos() {
        return firstMediaNanos.get();
    }

    /** When its publish connection was up (its media started flowing), 0 before or when it does not publish. */
    long sendingSinceNanos() {
        return sendingSinceNanos;
    }

    int index() {
        return index;
    }

    String name() {
        return name;
    }

    long startNanos() {
        return startNanos;
    }

    HeardSpeech heard() {
        return heard;
    }

    boolean joined() {
        return participantId != null;
    }

    boolean receivingMedia() {
        return firstMediaNanos.get() != 0;
    }

    boolean failed() {
        return failure != null;
    }

    boolean publisher() {
        return publisher;
    }

    int meeting() {
        return meeting;
    }

    String participantId() {
        return participantId;
    }

    /** Every stream of every receiving peer, by the publisher and kind the offers named. */
    List<ReceivedStream> streams() {
        List<ReceivedStream> streams = new ArrayList<>();
        for (Receiving r : receiving.values()) {
            for (TrackInfo track : r.tracks) {
                r.receiver.stats(track.mid()).ifPresent(s -> streams.add(
                        new ReceivedStream(track.participantId(), track.kind(), s.packets(), s.lost())));
            }
        }
        return streams;
    }

    ParticipantResult result(List<String> expectedPublishers) {
        long first = firstMediaNanos.get();
        double joinMillis = first == 0 ? -1 : (first - joinStartNanos) / 1e6;
        return new ParticipantResult(name, meeting, publisher, participantId, joinMillis, expectedPublishers,
                streams(), failure);
    }

    /** Stops the synthetic media (the peers stay open): the run is over. */
    void stopSending() {
        sendingStopped = true;
        SyntheticPublisher m = media;
        if (m != null) {
            m.close();
        }
    }

    /** From now on offers are declined: the others are leaving too. */
    void stopping() {
        closed = true;
    }

    /** Stops sending, then closes the peers and leaves. */
    @Override
    public void close() {
        closed = true;
        SyntheticPublisher m = media;
        if (m != null) {
            m.close();
        }
        MediaClientPeer p = publishPeer;
        if (p != null) {
            p.close();
        }
        for (Receiving r : receiving.values()) {
            r.receiver.close();
            r.peer.close();
        }
        TargetParticipant s = signaling;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                // leaving is best effort: the server drops a silent participant anyway
            }
        }
    }
}
