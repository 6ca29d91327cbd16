package org.parley.client.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.PeerOptions;
import org.parley.client.SyntheticPublisher;
import org.parley.client.load.TargetParticipant;
import org.parley.client.load.TrackInfo;
import org.parley.webrtc.dtls.DtlsRole;

/**
 * Media through a real Janus videoroom, driven by {@link JanusTarget} and the client peers the load generator
 * uses: one synthetic publisher, two receivers. Skipped where Janus cannot be run in a namespace of its own
 * (no root, no janus package).
 */
class JanusTargetEndToEndTest {
    private JanusInNamespace janus;
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startJanus() throws Exception {
        assumeTrue(JanusInNamespace.available(), "needs root, iproute2 and the janus package");
        janus = JanusInNamespace.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (janus != null) {
            janus.close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    /** A receiving participant: a peer connection per subscription Janus offers, each with a receiver. */
    private record Receiver(TargetParticipant participant, Map<String, MediaReceiver> receivers,
            Map<String, List<TrackInfo>> tracks) {
    }

    private Receiver receiver(JanusTarget target, String room, String name, PeerOptions options) throws Exception {
        TargetParticipant participant = closing(target.join(room, name));
        Map<String, MediaReceiver> receivers = new ConcurrentHashMap<>();
        Map<String, List<TrackInfo>> tracks = new ConcurrentHashMap<>();
        Map<String, MediaClientPeer> peers = new ConcurrentHashMap<>();
        participant.subscribe((subscriptionId, offerSdp, offered) -> {
            MediaClientPeer peer = peers.get(subscriptionId);
            if (peer == null) {
                peer = closing(MediaClientPeer.open(options));
                peers.put(subscriptionId, peer);
            }
            String answer = peer.answer(offerSdp);
            tracks.put(subscriptionId, offered);
            if (!receivers.containsKey(subscriptionId)) {
                receivers.put(subscriptionId, closing(MediaReceiver.attach(peer)));
                peer.connect();
            }
            return answer;
        });
        return new Receiver(participant, receivers, tracks);
    }

    @Test
    void mediaOfOnePublisherReachesTwoReceiversThroughTheVideoroom() throws Exception {
        PeerOptions options = new PeerOptions(JanusInNamespace.hostAddress(), PeerOptions.defaults().srtpProfiles(),
                PeerOptions.defaults().consentInterval(), PeerOptions.defaults().connectTimeout());
        JanusTarget target = closing(JanusTarget.connect(janus.options()));
        String room = target.createRoom("e2e");

        TargetParticipant publisher = closing(target.join(room, "publisher"));
        MediaClientPeer publishPeer = closing(MediaClientPeer.open(options));
        String answer = publisher.publish(publishPeer.publishOffer(),
                Map.of(MediaClientPeer.AUDIO_MID, "microphone", MediaClientPeer.VIDEO_MID, "camera"));
        publishPeer.acceptAnswer(answer);
        // Janus answers a=setup:active: it opens DTLS and the client is the server.
        assertThat(publishPeer.dtlsRole()).isEqualTo(DtlsRole.SERVER);
        connect(publishPeer);
        SyntheticPublisher media = closing(SyntheticPublisher.start(publishPeer, 30));

        // One receiver joins after the feed is published, one learns of it... also after: both see it at join.
        Receiver first = receiver(target, room, "first", options);
        Receiver second = receiver(target, room, "second", options);

        for (Receiver receiver : List.of(first, second)) {
            awaitPackets(receiver, 100);
            assertThat(receiver.tracks()).hasSize(1);
            List<TrackInfo> tracks = receiver.tracks().values().iterator().next();
            assertThat(tracks).extracting(TrackInfo::participantId).containsOnly(publisher.participantId());
            assertThat(tracks).extracting(TrackInfo::kind).containsExactlyInAnyOrder("audio", "video");
            assertThat(tracks).extracting(TrackInfo::source).containsExactlyInAnyOrder("microphone", "camera");
            MediaReceiver streams = receiver.receivers().values().iterator().next();
            assertThat(streams.allStats()).hasSize(2).allSatisfy(s -> assertThat(s.meanDelayMillis()).isPositive());
        }
        assertThat(media.audioPackets()).isPositive();
        assertThat(target.serverCpuSeconds()).isPresent();
        // Two subscriptions of two streams each, so at least what the receivers counted.
        assertThat(target.serverForwardedPackets().orElseThrow()).isGreaterThanOrEqualTo(4 * 100);
        assertThat(target.serverResidentBytes().orElseThrow()).isPositive();
    }

    @Test
    void aFeedPublishedAfterAReceiverJoinedIsSubscribedWhenAnnounced() throws Exception {
        PeerOptions options = new PeerOptions(JanusInNamespace.hostAddress(), PeerOptions.defaults().srtpProfiles(),
                PeerOptions.defaults().consentInterval(), PeerOptions.defaults().connectTimeout());
        JanusTarget target = closing(JanusTarget.connect(janus.options()));
        String room = target.createRoom("late");
        Receiver early = receiver(target, room, "early", options);

        TargetParticipant publisher = closing(target.join(room, "publisher"));
        MediaClientPeer publishPeer = closing(MediaClientPeer.open(options));
        publishPeer.acceptAnswer(publisher.publish(publishPeer.publishOffer(), Map.of()));
        connect(publishPeer);
        closing(SyntheticPublisher.start(publishPeer, 30));

        awaitPackets(early, 100);
        assertThat(early.tracks().values().iterator().next()).extracting(TrackInfo::source)
                .containsExactlyInAnyOrder("microphone", "camera");
    }

    private void connect(MediaClientPeer peer) throws Exception {
        try {
            peer.connect().get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("publish peer not connected " + peer.counters() + "\n" + janus.log(), e);
        }
    }

    /** Until every stream the receiver has was received {@code packets} times (the media is paced in real time). */
    private void awaitPackets(Receiver receiver, long packets) throws Exception {
        // A generous bound, only so that a broken path fails the test instead of hanging it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean enough = !receiver.receivers().isEmpty() && receiver.receivers().values().stream()
                    .allMatch(r -> r.allStats().size() == 2 && r.allStats().stream().allMatch(s -> s.packets() >= packets));
            if (enough) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not enough media through Janus: " + receiver.receivers().values().stream()
                .map(MediaReceiver::allStats).toList() + "\n" + janus.log());
    }
}
