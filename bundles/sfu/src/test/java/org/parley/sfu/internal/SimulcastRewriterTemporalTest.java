package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * VP8 with three temporal layers as Chrome sends it (TID pattern 0, 2, 1, 2; layer-sync frames 1 and 2 of every
 * 8, as libwebrtc's encoder makes them) through the rewriter: frames above the target temporal layer are
 * dropped, and what comes out must still look like one clean stream to the receiver: no sequence gap (a gap is
 * loss it would NACK), timestamps that only move forward, picture IDs up by one per frame, TL0PICIDX up by one
 * per base-layer frame. Steps up wait for a sync frame of the next layer; NACKs map back to the right packet.
 */
class SimulcastRewriterTemporalTest {
    private static final long OUT_SSRC = 0x0badcafeL;
    private static final long FRAME_NANOS = 33_333_333L;
    private static final int PACKETS_PER_FRAME = 2;
    private static final int[] PATTERN = { 0, 2, 1, 2 };

    /** One simulcast layer with temporal layers, numbered as a publisher numbers it. */
    private static final class Source {
        final int index;
        final long ssrc;
        int sequence;
        long timestamp;
        int pictureId;
        int tl0;
        int sinceKeyframe;

        Source(int index, long ssrc, int sequence, long timestamp, int pictureId, int tl0) {
            this.index = index;
            this.ssrc = ssrc;
            this.sequence = sequence;
            this.timestamp = timestamp;
            this.pictureId = pictureId;
            this.tl0 = tl0;
        }

        List<byte[]> frame(boolean keyframe) {
            if (keyframe) {
                sinceKeyframe = 0;
            }
            int tid = PATTERN[sinceKeyframe % PATTERN.length];
            int cycle = sinceKeyframe % 8;
            boolean sync = tid > 0 && (cycle == 1 || cycle == 2);
            if (tid == 0) {
                tl0 = (tl0 + 1) & 0xff;
            }
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < PACKETS_PER_FRAME; i++) {
                byte[] packet = Vp8Packets.packet(ssrc, sequence, timestamp, pictureId, tl0, tid, sync, i == 0,
                        keyframe && i == 0, 640, 360);
                RtpPacket.setMarker(packet, 0, i == PACKETS_PER_FRAME - 1);
                packets.add(packet);
                sequence = (sequence + 1) & 0xffff;
            }
            timestamp = (timestamp + 3000) & 0xffffffffL;
            pictureId = (pictureId + 1) & 0x7fff;
            sinceKeyframe++;
            return packets;
        }
    }

    private Source low;
    private Source high;
    private TrackLayer[] caches;
    private SimulcastRewriter rewriter;
    private final List<byte[]> sent = new ArrayList<>();
    private long now = 1_000_000_000L;

    @BeforeEach
    void setUp() {
        // Numbering close to wrapping, so every offset must work modulo its field's size.
        low = new Source(0, 1111, 65500, 4294960000L, 32700, 250);
        high = new Source(1, 2222, 300, 77777, 5, 3);
        caches = new TrackLayer[] { new TrackLayer(null, 0, "q", true), new TrackLayer(null, 1, "h", true) };
        rewriter = new SimulcastRewriter(OUT_SSRC, 90000, true, true, 0);
    }

    private void frames(int count) {
        for (int i = 0; i < count; i++) {
            frame(false, false);
        }
    }

    /** Both layers send a frame, packets interleaved as they would arrive. */
    private void frame(boolean lowKeyframe, boolean highKeyframe) {
        List<byte[]> lowPackets = low.frame(lowKeyframe);
        List<byte[]> highPackets = high.frame(highKeyframe);
        for (int i = 0; i < PACKETS_PER_FRAME; i++) {
            offer(0, lowPackets.get(i));
            offer(1, highPackets.get(i));
        }
        now += FRAME_NANOS;
    }

    private void offer(int layer, byte[] packet) {
        caches[layer].cache.put(RtpPacket.sequenceNumber(packet, 0), packet, 0, packet.length);
        byte[] out = new byte[packet.length];
        int len = rewriter.rewrite(layer, packet, packet.length, Vp8Payload.parse(packet, packet.length), out, now);
        if (len >= 0) {
            sent.add(Arrays.copyOf(out, len));
        }
    }

    private static long info(byte[] p) {
        return Vp8Payload.parse(p, p.length);
    }

    private static int tid(byte[] p) {
        return Vp8Payload.temporalLayer(info(p));
    }

    /** The temporal layers of the frames sent from {@code from} on, one entry per frame. */
    private List<Integer> sentFrameLayers(int from) {
        List<Integer> layers = new ArrayList<>();
        for (byte[] p : sent.subList(from, sent.size())) {
            if (Vp8Payload.frameStart(info(p))) {
                layers.add(tid(p));
            }
        }
        return layers;
    }

    private void assertOneCleanStream() {
        assertThat(sent).isNotEmpty();
        for (int i = 1; i < sent.size(); i++) {
            byte[] before = sent.get(i - 1);
            byte[] p = sent.get(i);
            assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(OUT_SSRC);
            assertThat(RtpPacket.sequenceNumber(p, 0)).as("sequence after packet %d", i - 1)
                    .isEqualTo((RtpPacket.sequenceNumber(before, 0) + 1) & 0xffff);
            long step = (RtpPacket.timestamp(p, 0) - RtpPacket.timestamp(before, 0)) & 0xffffffffL;
            int pictureStep = (Vp8Payload.pictureId(p, info(p)) - Vp8Payload.pictureId(before, info(before))) & 0x7fff;
            int tl0Step = (Vp8Payload.tl0PicIdx(p, info(p)) - Vp8Payload.tl0PicIdx(before, info(before))) & 0xff;
            if (!Vp8Payload.frameStart(info(p))) {
                assertThat(step).as("timestamp within a frame, packet %d", i).isZero();
                assertThat(pictureStep).as("picture ID within a frame, packet %d", i).isZero();
                assertThat(tl0Step).isZero();
            } else {
                // Forward by the frames dropped at most (7.5 fps: 4 frames), never backwards (a step near 2^32).
                assertThat(step).as("timestamp step at packet %d", i).isBetween(1L, 4 * 3000L);
                assertThat(pictureStep).as("picture ID step at packet %d", i).isEqualTo(1);
                // TL0PICIDX counts base-layer frames: up by one at each, unchanged at the frames between.
                assertThat(tl0Step).as("TL0PICIDX step at packet %d (TID %d)", i, tid(p))
                        .isEqualTo(tid(p) == 0 ? 1 : 0);
            }
        }
    }

    @Test
    void steppingDownDropsTheHigherFramesAtOnceAndLeavesNoGap() {
        frame(true, true);
        frames(7);
        assertThat(sentFrameLayers(0)).containsExactly(0, 2, 1, 2, 0, 2, 1, 2);

        rewriter.setTarget(0, 1);
        int at = sent.size();
        frames(8);
        assertThat(sentFrameLayers(at)).as("15 fps: T0 and T1 only").containsExactly(0, 1, 0, 1);
        assertThat(rewriter.currentTemporal()).isEqualTo(1);

        rewriter.setTarget(0, 0);
        at = sent.size();
        frames(8);
        assertThat(sentFrameLayers(at)).as("7.5 fps: T0 only").containsExactly(0, 0);
        assertThat(rewriter.temporalDropped()).isEqualTo((4 + 6) * PACKETS_PER_FRAME);
        assertOneCleanStream();
    }

    @Test
    void steppingUpWaitsForASyncFrameOfEachNextLayerAndNeedsNoKeyframe() {
        frame(true, true);
        rewriter.setTarget(0, 0);
        frames(9); // to the end of the first 8-frame cycle, and the next T0
        int at = sent.size();
        rewriter.setTarget(0, SimulcastRewriter.ALL_TEMPORAL);
        assertThat(rewriter.awaitedLayer()).as("no keyframe is awaited").isEqualTo(SimulcastRewriter.NONE);
        frames(16);
        List<byte[]> frameStarts = sent.subList(at, sent.size()).stream()
                .filter(p -> Vp8Payload.frameStart(info(p))).toList();
        // Cycle frames 1 (T2, sync) and 2 (T1, sync): T2 cannot come first, since the next T1 frame without
        // sync would refer to a TL1 frame the receiver never got. T1 starts at its sync frame; T2 at the next
        // cycle's sync frame.
        List<Integer> layers = frameStarts.stream().map(SimulcastRewriterTemporalTest::tid).toList();
        assertThat(layers).containsExactly(1, 0, 1, 0, 2, 1, 2, 0, 2, 1, 2, 0, 2);
        byte[] firstT1 = frameStarts.get(0);
        assertThat(Vp8Payload.layerSync(info(firstT1))).isTrue();
        byte[] firstT2 = frameStarts.get(4);
        assertThat(Vp8Payload.layerSync(info(firstT2))).isTrue();
        assertThat(rewriter.currentTemporal()).isEqualTo(2);
        assertOneCleanStream();
    }

    @Test
    void aNackedSequenceNumberMapsBackToItsPacketAcrossDrops() {
        frame(true, true);
        rewriter.setTarget(0, 0);
        frames(6);
        rewriter.setTarget(0, 1);
        frames(6);
        for (int i = 0; i < sent.size(); i++) {
            byte[] original = sent.get(i);
            byte[] resent = new byte[original.length + 16];
            int len = rewriter.retransmission(RtpPacket.sequenceNumber(original, 0), caches, resent);
            assertThat(Arrays.copyOf(resent, len)).as("packet %d resent", i).isEqualTo(original);
        }
        int neverSent = (RtpPacket.sequenceNumber(sent.get(sent.size() - 1), 0) + 1) & 0xffff;
        assertThat(rewriter.retransmission(neverSent, caches, new byte[1600])).isEqualTo(-1);
    }

    @Test
    void aLatePacketIsNumberedAsItWouldHaveBeenInOrder() {
        frame(true, true);
        rewriter.setTarget(0, 1);
        frames(3); // T2 and T1 at cycle 1 and 2, then T2 (dropped)
        // T0 frame, first packet held back by the network; a T2 frame after it is dropped meanwhile
        List<byte[]> base = low.frame(false);
        List<byte[]> dropped = low.frame(false);
        List<byte[]> next = low.frame(false);
        offer(0, base.get(1));
        for (byte[] p : dropped) {
            offer(0, p);
        }
        offer(0, next.get(0));
        offer(0, base.get(0)); // late: numbered before base.get(1), not after the drop
        offer(0, next.get(1));
        List<Integer> sequences = sent.stream().map(p -> RtpPacket.sequenceNumber(p, 0)).toList();
        assertThat(sequences).doesNotHaveDuplicates();
        List<byte[]> ordered = new ArrayList<>(sent);
        int first = RtpPacket.sequenceNumber(sent.get(0), 0);
        ordered.sort((a, b) -> Integer.compare((RtpPacket.sequenceNumber(a, 0) - first) & 0xffff,
                (RtpPacket.sequenceNumber(b, 0) - first) & 0xffff));
        sent.clear();
        sent.addAll(ordered);
        assertOneCleanStream();
        assertThat(tid(ordered.get(ordered.size() - 2))).isEqualTo(1);
    }

    @Test
    void aReorderedPacketIsStillNumberedRightAfterMoreThanHalfTheSequenceSpaceWithoutADrop() {
        frame(true, true);
        frames(20_003); // 40 008 packets per layer since the last change of numbering: past 2^15
        List<byte[]> held = low.frame(false);
        List<byte[]> next = low.frame(false);
        offer(0, held.get(1));
        offer(0, next.get(0));
        offer(0, held.get(0)); // reordered: it must fill its own number, not be dropped or collide
        offer(0, next.get(1));
        List<byte[]> tail = new ArrayList<>(sent.subList(sent.size() - 20, sent.size()));
        int first = RtpPacket.sequenceNumber(tail.get(0), 0);
        tail.sort((x, y) -> Integer.compare((RtpPacket.sequenceNumber(x, 0) - first) & 0xffff,
                (RtpPacket.sequenceNumber(y, 0) - first) & 0xffff));
        sent.clear();
        sent.addAll(tail);
        assertOneCleanStream();
    }

    @Test
    void theLateFirstPacketOfADroppedFrameLeavesNoGap() {
        frame(true, true);
        rewriter.setTarget(0, 1);
        frames(4);
        assertThat(low.sinceKeyframe % 4).as("the next frame is TL2").isEqualTo(1);
        List<byte[]> dropped = low.frame(false);
        List<byte[]> next = low.frame(false);
        offer(0, dropped.get(1)); // its first packet is late: the rewriter knows the gap is its own frame
        offer(0, next.get(0));
        offer(0, dropped.get(0));
        offer(0, next.get(1));
        frames(2);
        assertOneCleanStream();
    }

    @Test
    void aSpatialSwitchAtAKeyframeKeepsTheTemporalTargetAndTheNumbering() {
        frame(true, true);
        rewriter.setTarget(0, 0);
        frames(5);
        rewriter.setTarget(1, 1);
        frames(3); // no keyframe of layer 1 yet: layer 0 goes on
        assertThat(rewriter.current()).isZero();
        frame(false, true);
        assertThat(rewriter.current()).isEqualTo(1);
        assertThat(rewriter.currentTemporal()).isEqualTo(1);
        int at = sent.size();
        frames(7);
        assertThat(sentFrameLayers(at)).containsExactly(1, 0, 1);
        rewriter.setTarget(0, 0);
        frames(3);
        frame(true, false);
        frames(4);
        assertThat(rewriter.current()).isZero();
        assertThat(rewriter.currentTemporal()).isZero();
        assertOneCleanStream();
    }

    @Test
    void aStreamWithoutTemporalLayersIsForwardedWhole() {
        rewriter = new SimulcastRewriter(OUT_SSRC, 90000, true, false, 0);
        rewriter.setTarget(0, 0);
        for (int i = 0; i < 6; i++) {
            byte[] p = Vp8Packets.packet(1111, 100 + i, 3000L * i, 7 + i, 1 + i, i == 0, i == 0, 640, 360);
            offer(0, p);
        }
        assertThat(sent).hasSize(6);
        assertThat(rewriter.temporalDropped()).isZero();
    }
}
