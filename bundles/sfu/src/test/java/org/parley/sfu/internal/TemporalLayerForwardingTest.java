package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.room.Participant;
import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.RemoteTrack;
import org.parley.client.SyntheticPublisher;
import org.parley.client.SyntheticVideoSource;
import org.parley.webrtc.rtcp.RtcpWriter;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;

/**
 * Temporal layers end to end: a Java publisher sends VP8 with three temporal layers (30 fps, 600 kbit/s) through
 * the real SFU over UDP to a Java subscriber whose REMB says it has room for about half of that. The SFU must
 * step the subscriber down to 15 fps (TL0 and TL1) rather than pause it, with a stream the subscriber sees as
 * clean (no sequence gap it would NACK, continuous picture IDs and TL0PICIDX), answer NACKs with the right packet,
 * and step back up without asking the publisher for a keyframe once the REMB allows.
 */
class TemporalLayerForwardingTest {
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ScheduledExecutorService remb = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void close() throws Exception {
        remb.shutdownNow();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    /** The subscriber's video packets, in arrival order. */
    private static final class Capture implements MediaClientPeer.Listener {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();
        volatile long ssrc = -1;

        @Override
        public void onRtp(byte[] packet, int length) {
            packets.add(Arrays.copyOf(packet, length));
        }

        List<byte[]> video() {
            return packets.stream().filter(p -> RtpPacket.ssrc(p, 0) == ssrc).toList();
        }

        /** The video packets from the {@code from}-th on (none yet: empty). */
        List<byte[]> since(int from) {
            List<byte[]> video = video();
            return video.subList(Math.min(from, video.size()), video.size());
        }

        long frames(int fromPacket) {
            return frameLayers(since(fromPacket)).size();
        }
    }

    @Test
    void aConstrainedReceiverGetsFewerFramesOfAContinuousStreamAndStepsBackUpWithoutAKeyframe() throws Exception {
        SfuRig rig = closing(new SfuRig(Map.of()));
        Participant alice = SfuRig.participant("temporal", "alice");
        Participant bob = SfuRig.participant("temporal", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice));
        SyntheticPublisher media = closing(SyntheticPublisher.start(publisher,
                SyntheticVideoSource.forPublisher(publisher, 30, 600_000).withTemporalLayers(3)));
        MediaClientPeer subscriber = closing(rig.subscribe(bob));
        Capture capture = new Capture();
        subscriber.addListener(capture);
        MediaReceiver receiver = closing(MediaReceiver.attach(subscriber));
        RemoteTrack video = subscriber.remoteTrack("1").orElseThrow();
        capture.ssrc = video.ssrc();

        long started = System.nanoTime();
        SfuRig.await("the SFU measures three temporal layers", Duration.ofSeconds(10),
                () -> intValue(bobsVideo(rig), "temporalLayers") == 3);
        assertThat(bobsVideo(rig).get("temporalLayer")).as("all of them before any estimate").isEqualTo(2);

        // 450k: after audio (at least 40k) there is room for TL0+TL1 (about 310k) but not all three (620k)
        AtomicLong rembBits = new AtomicLong(450_000);
        remb.scheduleAtFixedRate(() -> sendRemb(subscriber, video.ssrc(), rembBits.get()), 0, 200,
                TimeUnit.MILLISECONDS);
        SfuRig.await("bob steps down to 15 fps", Duration.ofSeconds(10),
                () -> Integer.valueOf(1).equals(bobsVideo(rig).get("temporalLayer")));
        assertThat(bobsVideo(rig).get("pausedForBandwidth")).isEqualTo(false);
        // from the next frame start on, frames of TL2 are gone
        int switched = capture.video().size() + 3 * 3;
        long keyframeRequests = media.keyframeRequests();
        SfuRig.await("30 more frames", Duration.ofSeconds(10), () -> capture.frames(switched) >= 30);
        List<byte[]> constrained = capture.since(switched);
        assertThat(frameLayers(constrained)).as("15 fps: TL0 and TL1 only").contains(0, 1).doesNotContain(2);

        // NACK a packet that came after drops: the RTX must carry exactly that packet
        byte[] nacked = constrained.get(constrained.size() - 2);
        // (padding-only packets on the RTX stream, the P bit set, are bandwidth probes: not an answer)
        java.util.function.Predicate<byte[]> answer = p -> RtpPacket.ssrc(p, 0) == video.rtxSsrc() && (p[0] & 0x20) == 0;
        assertThat(receiver.sendNack("1", RtpPacket.sequenceNumber(nacked, 0))).isTrue();
        SfuRig.await("an RTX packet", Duration.ofSeconds(5), () -> capture.packets.stream().anyMatch(answer));
        byte[] rtx = capture.packets.stream().filter(answer).findFirst().orElseThrow();
        byte[] unwrapped = Arrays.copyOf(rtx, rtx.length);
        int length = Rtx.unwrap(unwrapped, 0, unwrapped.length, video.payloadType(), video.ssrc());
        assertThat(RtpPacket.sequenceNumber(unwrapped, 0)).as("OSN").isEqualTo(RtpPacket.sequenceNumber(nacked, 0));
        assertThat(RtpPacket.timestamp(unwrapped, 0)).isEqualTo(RtpPacket.timestamp(nacked, 0));
        // the header extensions differ (a new transport-wide sequence number); the payload, rewritten, must not
        assertThat(payload(Arrays.copyOf(unwrapped, length))).isEqualTo(payload(nacked));

        // plenty again: back to 30 fps after the allocator's hold, at a sync frame, with no keyframe asked for
        rembBits.set(5_000_000);
        int beforeUp = capture.video().size();
        SfuRig.await("TL2 frames again", Duration.ofSeconds(15), () -> frameLayers(capture.since(beforeUp)).contains(2));
        List<byte[]> after = capture.since(beforeUp);
        byte[] firstTl2 = after.stream().filter(p -> {
            long info = Vp8Payload.parse(p, p.length);
            return Vp8Payload.frameStart(info) && Vp8Payload.temporalLayer(info) == 2;
        }).findFirst().orElseThrow();
        assertThat(Vp8Payload.layerSync(Vp8Payload.parse(firstTl2, firstTl2.length))).as("up at a sync frame").isTrue();
        assertThat(media.keyframeRequests()).as("temporal steps ask for no keyframe").isEqualTo(keyframeRequests);

        System.out.printf("temporal steps: %d frames at 15 fps, then up; %.1f s in all; debug view now %s%n",
                frameLayers(constrained).size(), (System.nanoTime() - started) / 1e9, bobsVideo(rig));
        assertCleanStream(capture.video());
        assertThat(receiver.stats("1").orElseThrow().lost()).as("no gap the receiver counts as loss").isZero();
    }

    private static byte[] payload(byte[] packet) {
        int header = RtpPacket.headerLength(packet, 0, packet.length);
        return Arrays.copyOfRange(packet, header, header + RtpPacket.payloadLength(packet, 0, packet.length));
    }

    private static void sendRemb(MediaClientPeer peer, long ssrc, long bits) {
        byte[] buf = new byte[64];
        int len = RtcpWriter.remb(buf, 0, peer.receiverSsrc(), bits, new long[] { ssrc });
        peer.sendRtcp(buf, 0, len);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bobsVideo(SfuRig rig) {
        Map<String, Object> meetings = (Map<String, Object>) rig.server.snapshot().get("meetings");
        Map<String, Object> meeting = (Map<String, Object>) meetings.get("temporal");
        if (meeting == null) {
            return Map.of();
        }
        for (Map<String, Object> receiver : (List<Map<String, Object>>) meeting.get("receivers")) {
            if ("bob".equals(receiver.get("participantId"))) {
                for (Map<String, Object> track : (List<Map<String, Object>>) receiver.get("tracks")) {
                    if ("video".equals(track.get("kind"))) {
                        return track;
                    }
                }
            }
        }
        return Map.of();
    }

    private static int intValue(Map<String, Object> map, String key) {
        return map.get(key) instanceof Integer i ? i : -1;
    }

    private static List<Integer> frameLayers(List<byte[]> packets) {
        List<Integer> layers = new ArrayList<>();
        for (byte[] p : packets) {
            long info = Vp8Payload.parse(p, p.length);
            if (Vp8Payload.frameStart(info)) {
                layers.add(Vp8Payload.temporalLayer(info));
            }
        }
        return layers;
    }

    /**
     * What the subscriber received, sorted by sequence number: no gap, timestamps never backwards, picture IDs
     * up by one per frame, TL0PICIDX up by one per base-layer frame.
     */
    private static void assertCleanStream(List<byte[]> received) {
        List<byte[]> sorted = new ArrayList<>(received);
        int first = RtpPacket.sequenceNumber(sorted.get(0), 0);
        sorted.sort((a, b) -> Integer.compare((RtpPacket.sequenceNumber(a, 0) - first) & 0xffff,
                (RtpPacket.sequenceNumber(b, 0) - first) & 0xffff));
        for (int i = 1; i < sorted.size(); i++) {
            byte[] before = sorted.get(i - 1);
            byte[] p = sorted.get(i);
            long info = Vp8Payload.parse(p, p.length);
            long infoBefore = Vp8Payload.parse(before, before.length);
            assertThat(RtpPacket.sequenceNumber(p, 0)).as("sequence after packet %d", i - 1)
                    .isEqualTo((RtpPacket.sequenceNumber(before, 0) + 1) & 0xffff);
            long step = (RtpPacket.timestamp(p, 0) - RtpPacket.timestamp(before, 0)) & 0xffffffffL;
            assertThat(step).as("timestamp step at packet %d", i).isLessThan(90_000L);
            int pictureStep = (Vp8Payload.pictureId(p, info) - Vp8Payload.pictureId(before, infoBefore)) & 0x7fff;
            int tl0Step = (Vp8Payload.tl0PicIdx(p, info) - Vp8Payload.tl0PicIdx(before, infoBefore)) & 0xff;
            if (Vp8Payload.frameStart(info)) {
                assertThat(pictureStep).as("picture ID step at packet %d", i).isEqualTo(1);
                assertThat(tl0Step).as("TL0PICIDX step at packet %d", i)
                        .isEqualTo(Vp8Payload.temporalLayer(info) == 0 ? 1 : 0);
            } else {
                assertThat(pictureStep).isZero();
                assertThat(tl0Step).isZero();
            }
        }
    }
}
