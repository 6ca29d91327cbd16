package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.api.room.Participant;
import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.PeerOptions;
import org.parley.client.RemoteTrack;
import org.parley.client.SyntheticAudioSource;
import org.parley.client.SyntheticPublisher;
import org.parley.client.SyntheticVideoSource;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.srtp.SrtpProfile;

/**
 * The SFU end to end over UDP with Java peers in place of browsers: what a subscriber receives of a publisher's
 * media, keyframe requests and retransmissions, and participants leaving. One server; a meeting per test.
 */
class MediaForwardingTest {
    private static SfuRig rig;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        rig = new SfuRig(Map.of());
    }

    @AfterAll
    static void stopServer() {
        rig.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closePeers() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    /** Every RTP packet a peer received, copied. */
    private static final class Capture implements MediaClientPeer.Listener {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();

        @Override
        public void onRtp(byte[] packet, int length) {
            packets.add(Arrays.copyOf(packet, length));
        }

        List<byte[]> withSsrc(long ssrc) {
            return packets.stream().filter(p -> RtpPacket.ssrc(p, 0) == ssrc).toList();
        }

        /** The RTX packets that resend something, not the padding of bandwidth probes ({@link ProbingTest}). */
        List<byte[]> resent(long rtxSsrc) {
            return withSsrc(rtxSsrc).stream().filter(p -> RtpPacket.payloadLength(p, 0, p.length) > 0).toList();
        }
    }

    private static byte[] payload(byte[] packet) {
        int header = RtpPacket.headerLength(packet, 0, packet.length);
        return Arrays.copyOfRange(packet, header, header + RtpPacket.payloadLength(packet, 0, packet.length));
    }

    @Test
    void subscriberReceivesPublishersMediaUnderTheSfusNumberingWithPayloadsIntact() throws Exception {
        Participant alice = SfuRig.participant("forwarding", "alice");
        Participant bob = SfuRig.participant("forwarding", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice));
        MediaClientPeer subscriber = closing(rig.subscribe(bob));
        Capture capture = new Capture();
        subscriber.addListener(capture);

        assertThat(publisher.srtpProfile()).contains(SrtpProfile.AEAD_AES_256_GCM);
        assertThat(subscriber.srtpProfile()).contains(SrtpProfile.AEAD_AES_256_GCM);
        RemoteTrack audio = subscriber.remoteTracks().stream().filter(t -> t.kind().equals("audio")).findFirst()
                .orElseThrow();
        RemoteTrack video = subscriber.remoteTracks().stream().filter(RemoteTrack::isVideo).findFirst().orElseThrow();
        assertThat(audio.active()).isTrue();
        assertThat(audio.ssrc()).isNotIn(-1L, publisher.audioSsrc());
        assertThat(video.ssrc()).isNotIn(-1L, publisher.videoSsrc());
        assertThat(video.rtxSsrc()).isNotIn(-1L, publisher.videoRtxSsrc());

        SyntheticAudioSource audioSource = SyntheticAudioSource.forPublisher(publisher);
        SyntheticVideoSource videoSource = SyntheticVideoSource.forPublisher(publisher, 30);
        Map<Integer, byte[]> sentAudio = new ConcurrentHashMap<>();
        Map<Integer, byte[]> sentVideo = new ConcurrentHashMap<>();
        for (int i = 0; i < 60; i++) {
            byte[] buf = new byte[256];
            int len = audioSource.next(buf, System.nanoTime());
            sentAudio.put(RtpPacket.sequenceNumber(buf, 0), Arrays.copyOf(buf, len));
            assertThat(publisher.sendRtp(buf, 0, len)).isTrue();
            if (i % 2 == 0) {
                for (byte[] packet : videoSource.nextFrame(i == 0, System.nanoTime())) {
                    sentVideo.put(RtpPacket.sequenceNumber(packet, 0), packet);
                    assertThat(publisher.sendRtp(packet, 0, packet.length)).isTrue();
                }
            }
            Thread.sleep(2);
        }
        SfuRig.await("all packets forwarded", Duration.ofSeconds(5), () -> capture.withSsrc(audio.ssrc()).size()
                == sentAudio.size() && capture.withSsrc(video.ssrc()).size() == sentVideo.size());

        for (RemoteTrack track : List.of(audio, video)) {
            Map<Integer, byte[]> sent = track == audio ? sentAudio : sentVideo;
            List<byte[]> received = capture.withSsrc(track.ssrc());
            List<Integer> sequences = new ArrayList<>();
            for (byte[] packet : received) {
                int sequence = RtpPacket.sequenceNumber(packet, 0);
                sequences.add(sequence);
                assertThat(RtpPacket.payloadType(packet, 0)).isEqualTo(track.payloadType());
                byte[] original = sent.get(sequence);
                assertThat(original).as("packet %d was sent", sequence).isNotNull();
                assertThat(payload(packet)).isEqualTo(payload(original));
                assertThat(RtpPacket.timestamp(packet, 0)).isEqualTo(RtpPacket.timestamp(original, 0));
                assertThat(RtpPacket.marker(packet, 0)).isEqualTo(RtpPacket.marker(original, 0));
            }
            for (int i = 1; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("continuous sequence numbers").isEqualTo((sequences.get(i - 1) + 1) & 0xffff);
            }
        }
        assertThat(audio.payloadType()).isEqualTo(111);
        assertThat(video.payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType()).isEqualTo(97);
        byte[] firstVideo = capture.withSsrc(video.ssrc()).get(0);
        assertThat(SyntheticVideoSource.isKeyframeStart(firstVideo, firstVideo.length)).isTrue();
    }

    @Test
    void publisherOfferingOnlyAesCmStillConnectsAndReachesAGcmSubscriber() throws Exception {
        Participant alice = SfuRig.participant("aes-cm", "alice");
        Participant bob = SfuRig.participant("aes-cm", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice,
                PeerOptions.defaults().withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80))));
        closing(SyntheticPublisher.start(publisher, 30));
        MediaReceiver[] attached = new MediaReceiver[1];
        // attached before connecting: the keyframe asked for on connect can beat a receiver attached after
        MediaClientPeer subscriber = closing(rig.subscribe(bob, peer -> attached[0] = MediaReceiver.attach(peer)));
        MediaReceiver receiver = closing(attached[0]);

        assertThat(publisher.srtpProfile()).contains(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        assertThat(subscriber.srtpProfile()).contains(SrtpProfile.AEAD_AES_256_GCM);
        SfuRig.await("audio and video arrive", Duration.ofSeconds(5),
                () -> receiver.stats("0").map(s -> s.packets() > 10).orElse(false)
                        && receiver.stats("1").map(s -> s.packets() > 10).orElse(false));
        assertThat(receiver.stats("0").orElseThrow().lost()).isZero();
        assertThat(receiver.stats("1").orElseThrow().keyframes()).isPositive();
    }

    @Test
    void keyframeRequestsReachThePublisherRateLimitedAndNacksAreAnsweredFromTheCache() throws Exception {
        Participant alice = SfuRig.participant("feedback", "alice");
        Participant bob = SfuRig.participant("feedback", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice));
        SyntheticPublisher media = closing(SyntheticPublisher.start(publisher, 30));
        MediaClientPeer subscriber = closing(rig.subscribe(bob));
        Capture capture = new Capture();
        subscriber.addListener(capture);
        MediaReceiver receiver = closing(MediaReceiver.attach(subscriber));
        RemoteTrack video = subscriber.remoteTrack("1").orElseThrow();

        SfuRig.await("the new subscriber's PLI reaches the publisher", Duration.ofSeconds(5),
                () -> media.keyframeRequests() >= 1);
        SfuRig.await("video arrives", Duration.ofSeconds(5), () -> capture.withSsrc(video.ssrc()).size() > 5);

        Thread.sleep(400); // past the SFU's keyframe request interval (300 ms)
        long before = media.keyframeRequests();
        assertThat(receiver.sendPli("1")).isTrue();
        assertThat(receiver.sendPli("1")).isTrue();
        SfuRig.await("the PLI reaches the publisher", Duration.ofSeconds(2), () -> media.keyframeRequests() > before);
        Thread.sleep(150);
        assertThat(media.keyframeRequests()).as("two PLIs within 100 ms give one").isEqualTo(before + 1);
        Thread.sleep(300);
        assertThat(receiver.sendPli("1")).isTrue();
        SfuRig.await("a later PLI passes again", Duration.ofSeconds(2), () -> media.keyframeRequests() == before + 2);

        List<byte[]> received = capture.withSsrc(video.ssrc());
        byte[] original = received.get(received.size() - 2);
        int sequence = RtpPacket.sequenceNumber(original, 0);
        assertThat(receiver.sendNack("1", sequence)).isTrue();
        SfuRig.await("an RTX packet", Duration.ofSeconds(2), () -> !capture.resent(video.rtxSsrc()).isEmpty());
        byte[] rtx = capture.resent(video.rtxSsrc()).get(0);
        assertThat(RtpPacket.payloadType(rtx, 0)).isEqualTo(video.rtxPayloadType());
        byte[] unwrapped = Arrays.copyOf(rtx, rtx.length);
        int length = Rtx.unwrap(unwrapped, 0, unwrapped.length, video.payloadType(), video.ssrc());
        assertThat(length).isPositive();
        assertThat(RtpPacket.sequenceNumber(unwrapped, 0)).as("OSN").isEqualTo(sequence);
        assertThat(payload(Arrays.copyOf(unwrapped, length))).isEqualTo(payload(original));
        assertThat(media.nackedPackets()).as("the SFU answers from its cache, not the publisher").isZero();
        SfuRig.await("the receiver counts the retransmission", Duration.ofSeconds(1),
                () -> receiver.stats("1").orElseThrow().retransmissions() == 1);
    }

    @Test
    void leavingStopsOnlyTheLeaversMediaAndAnEndedTrackTurnsItsMlineInactive() throws Exception {
        Participant alice = SfuRig.participant("leaving", "alice");
        Participant bob = SfuRig.participant("leaving", "bob");
        Participant carol = SfuRig.participant("leaving", "carol");
        MediaClientPeer publisher = closing(rig.publish(alice));
        closing(SyntheticPublisher.start(publisher, 30));
        MediaClientPeer bobPeer = closing(rig.subscribe(bob));
        MediaClientPeer carolPeer = closing(rig.subscribe(carol));
        MediaReceiver bobReceives = closing(MediaReceiver.attach(bobPeer));
        MediaReceiver carolReceives = closing(MediaReceiver.attach(carolPeer));
        SfuRig.await("both receive", Duration.ofSeconds(5), () -> packets(bobReceives) > 20 && packets(carolReceives) > 20);

        rig.server.onLeave(bob);
        Thread.sleep(100);
        long bobHad = packets(bobReceives);
        long carolHad = packets(carolReceives);
        Thread.sleep(500);
        assertThat(packets(bobReceives)).as("the leaver gets nothing more").isEqualTo(bobHad);
        assertThat(packets(carolReceives)).as("the other keeps receiving").isGreaterThan(carolHad + 20);
        assertThat(carolReceives.stats("0").orElseThrow().lost()).isZero();

        rig.rooms.queue(carol.id()).clear();
        rig.server.onLeave(alice);
        Map<String, Object> offer = rig.answerNextOffer(carol, carolPeer);
        SessionDescription sdp = SessionDescription.parse((String) offer.get("sdp"));
        assertThat(sdp.media()).hasSize(2);
        assertThat(sdp.media()).extracting(MediaDescription::effectiveDirection).containsOnly(Direction.INACTIVE);
        assertThat((List<?>) offer.get("tracks")).isEmpty();
        assertThat(carolPeer.remoteTracks()).extracting(RemoteTrack::active).containsOnly(false);
        Thread.sleep(100);
        long carolAfter = packets(carolReceives);
        Thread.sleep(300);
        assertThat(packets(carolReceives)).isEqualTo(carolAfter);
    }

    private static long packets(MediaReceiver receiver) {
        return receiver.allStats().stream().mapToLong(MediaReceiver.StreamStats::packets).sum();
    }

    @Test
    void aGapInThePublishersVideoIsNackedUpstreamAtOnce() throws Exception {
        Participant alice = SfuRig.participant("upstream", "alice");
        MediaClientPeer publisher = closing(rig.publish(alice));
        List<Integer> nacked = new CopyOnWriteArrayList<>();
        publisher.addListener(new MediaClientPeer.Listener() {
            @Override
            public void onRtcp(byte[] packet, int length) {
                try {
                    org.parley.webrtc.rtcp.RtcpCompound.forEach(packet, 0, length, new org.parley.webrtc.rtcp.RtcpVisitor() {
                        @Override
                        public void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
                            if (mediaSsrc == publisher.videoSsrc()) {
                                org.parley.webrtc.rtcp.Nacks.forEachLost(pid, blp, nacked::add);
                            }
                        }
                    });
                } catch (org.parley.webrtc.rtcp.RtcpException e) {
                    throw new AssertionError(e);
                }
            }
        });
        byte[] packet = new byte[200];
        for (int sequence : new int[] { 1000, 1001, 1004, 1005, 1003 }) {
            int at = RtpPacket.writeHeader(packet, 0, MediaClientPeer.VP8_PAYLOAD_TYPE, sequence, sequence * 3000L,
                    publisher.videoSsrc(), false);
            packet[at] = 0x10; // VP8 payload descriptor: start of a partition
            assertThat(publisher.sendRtp(packet, 0, 200)).isTrue();
        }
        SfuRig.await("the SFU asks for the two missing packets", Duration.ofSeconds(5), () -> nacked.size() >= 2);
        Thread.sleep(200);
        assertThat(nacked).as("exactly the gap, once; the late 1003 asks for nothing more").containsExactly(1002, 1003);
        assertThat(rig.counter("parley_sfu_nacks_sent_total")).isGreaterThanOrEqualTo(2);
    }
}
