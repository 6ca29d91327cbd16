package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * Two VP8 layers with unrelated numbering go in; one subscriber's stream comes out. Across switches and
 * pauses that stream must look like one clean stream: consecutive sequence numbers, timestamps that only
 * move forward by about a frame, picture IDs and TL0PICIDX that go up by one per picture.
 */
class SimulcastRewriterTest {
    private static final long OUT_SSRC = 0x0badcafeL;
    private static final long FRAME_NANOS = 33_333_333L;
    private static final int PACKETS_PER_FRAME = 3;

    /** One layer as a publisher sends it: its own SSRC, sequence, timestamp, picture ID and TL0PICIDX. */
    private static final class Layer {
        final int index;
        final long ssrc;
        int sequence;
        long timestamp;
        int pictureId;
        int tl0;

        Layer(int index, long ssrc, int sequence, long timestamp, int pictureId, int tl0) {
            this.index = index;
            this.ssrc = ssrc;
            this.sequence = sequence;
            this.timestamp = timestamp;
            this.pictureId = pictureId;
            this.tl0 = tl0;
        }

        /** The packets of its next frame, then it moves on a frame (30 fps). */
        List<byte[]> frame(boolean keyframe) {
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < PACKETS_PER_FRAME; i++) {
                packets.add(Vp8Packets.packet(ssrc, sequence, timestamp, pictureId, tl0, i == 0, keyframe, 320, 180));
                sequence = (sequence + 1) & 0xffff;
            }
            timestamp = (timestamp + 3000) & 0xffffffffL;
            pictureId = (pictureId + 1) & 0x7fff;
            tl0 = (tl0 + 1) & 0xff;
            return packets;
        }
    }

    private Layer low;
    private Layer high;
    private TrackLayer[] caches;
    private SimulcastRewriter rewriter;
    private final List<byte[]> sent = new ArrayList<>();
    private final List<Integer> sentLayers = new ArrayList<>();
    private long now = 1_000_000_000L;

    @BeforeEach
    void setUp() {
        // Numbering close to wrapping on the high layer, so the rewrite must work modulo each field's size.
        low = new Layer(0, 1111, 1000, 5000, 100, 10);
        high = new Layer(1, 2222, 65530, 4294960000L, 32760, 250);
        caches = new TrackLayer[] { new TrackLayer(null, 0, "q", true), new TrackLayer(null, 1, "h", true) };
        rewriter = new SimulcastRewriter(OUT_SSRC, 90000, true, true, 0);
    }

    /** Both layers send a frame; each packet goes through the rewriter as PublishedTrack.forward does. */
    private void frame(boolean lowKeyframe, boolean highKeyframe) {
        List<byte[]> lowPackets = low.frame(lowKeyframe);
        List<byte[]> highPackets = high.frame(highKeyframe);
        for (int i = 0; i < PACKETS_PER_FRAME; i++) {
            offer(low.index, lowPackets.get(i));
            offer(high.index, highPackets.get(i));
        }
        now += FRAME_NANOS;
    }

    private void offer(int layer, byte[] packet) {
        caches[layer].cache.put(RtpPacket.sequenceNumber(packet, 0), packet, 0, packet.length);
        byte[] out = new byte[packet.length];
        int len = rewriter.rewrite(layer, packet, packet.length, Vp8Payload.parse(packet, packet.length), out, now);
        if (len >= 0) {
            sent.add(Arrays.copyOf(out, len));
            sentLayers.add(layer);
        }
    }

    /** The subscriber's view: one SSRC, no sequence gap, no timestamp jump, pictures numbered one by one. */
    private void assertOneCleanStream() {
        assertThat(sent).isNotEmpty();
        for (int i = 1; i < sent.size(); i++) {
            byte[] before = sent.get(i - 1);
            byte[] p = sent.get(i);
            assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(OUT_SSRC);
            assertThat(RtpPacket.sequenceNumber(p, 0)).as("sequence after packet %d", i - 1)
                    .isEqualTo((RtpPacket.sequenceNumber(before, 0) + 1) & 0xffff);
            long step = (RtpPacket.timestamp(p, 0) - RtpPacket.timestamp(before, 0)) & 0xffffffffL;
            long vp8Before = Vp8Payload.parse(before, before.length);
            long vp8 = Vp8Payload.parse(p, p.length);
            int pictureStep = (Vp8Payload.pictureId(p, vp8) - Vp8Payload.pictureId(before, vp8Before)) & 0x7fff;
            int tl0Step = (Vp8Payload.tl0PicIdx(p, vp8) - Vp8Payload.tl0PicIdx(before, vp8Before)) & 0xff;
            if (step == 0) {
                assertThat(pictureStep).as("picture ID within a frame, packet %d", i).isZero();
                assertThat(tl0Step).isZero();
            } else {
                // Forward by about a frame: never backwards (that would be a step near 2^32), never seconds.
                assertThat(step).as("timestamp step at packet %d", i).isBetween(1L, 9000L);
                assertThat(pictureStep).as("picture ID step at packet %d", i).isEqualTo(1);
                assertThat(tl0Step).as("TL0PICIDX step at packet %d", i).isEqualTo(1);
            }
        }
    }

    @Test
    void switchingUpAndDownAtKeyframesGivesOneCleanStream() {
        frame(true, true);
        for (int i = 0; i < 4; i++) {
            frame(false, false);
        }
        assertThat(sentLayers).containsOnly(0);

        rewriter.setTarget(1);
        assertThat(rewriter.awaitedLayer()).isEqualTo(1);
        frame(false, false); // no keyframe of the high layer yet: the low one keeps flowing
        frame(false, false);
        assertThat(sentLayers).containsOnly(0).hasSize(7 * PACKETS_PER_FRAME);
        frame(false, true);
        assertThat(rewriter.current()).isEqualTo(1);
        assertThat(rewriter.awaitedLayer()).isEqualTo(SimulcastRewriter.NONE);
        for (int i = 0; i < 4; i++) {
            frame(false, false);
        }

        rewriter.setTarget(0);
        frame(false, false);
        frame(true, false);
        for (int i = 0; i < 3; i++) {
            frame(false, false);
        }
        assertThat(rewriter.current()).isEqualTo(0);
        // Low, then high from its keyframe on, then low again from its keyframe on: never both mixed.
        List<Integer> runs = new ArrayList<>();
        for (int layer : sentLayers) {
            if (runs.isEmpty() || runs.get(runs.size() - 1) != layer) {
                runs.add(layer);
            }
        }
        assertThat(runs).containsExactly(0, 1, 0);
        assertOneCleanStream();
    }

    @Test
    void aNackedSequenceNumberIsAnsweredWithThatPacketFromItsLayer() {
        frame(true, true);
        frame(false, false);
        rewriter.setTarget(1);
        frame(false, true);
        frame(false, false);
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
    void aPauseStopsForwardingAndTheResumeContinuesTheNumbering() {
        frame(true, true);
        frame(false, false);
        rewriter.setTarget(SimulcastRewriter.NONE);
        int before = sent.size();
        for (int i = 0; i < 30; i++) {
            frame(false, false);
        }
        assertThat(sent).hasSize(before);
        assertThat(rewriter.current()).isEqualTo(SimulcastRewriter.NONE);

        rewriter.setTarget(0);
        frame(false, false); // waits for a keyframe
        assertThat(sent).hasSize(before);
        byte[] last = sent.get(before - 1);
        frame(true, false);
        byte[] resumed = sent.get(before);
        assertThat(RtpPacket.sequenceNumber(resumed, 0)).isEqualTo((RtpPacket.sequenceNumber(last, 0) + 1) & 0xffff);
        long step = (RtpPacket.timestamp(resumed, 0) - RtpPacket.timestamp(last, 0)) & 0xffffffffL;
        // About the 32 frames of wall-clock time the pause lasted, at 90 kHz.
        assertThat(step).isBetween(31 * 3000L, 33 * 3000L);
        long vp8 = Vp8Payload.parse(resumed, resumed.length);
        long vp8Last = Vp8Payload.parse(last, last.length);
        assertThat(Vp8Payload.pictureId(resumed, vp8)).isEqualTo((Vp8Payload.pictureId(last, vp8Last) + 1) & 0x7fff);
    }

    @Test
    void aReorderedPacketFromBeforeTheSwitchIsDropped() {
        frame(true, true);
        rewriter.setTarget(1);
        List<byte[]> late = high.frame(false); // held back by the network...
        frame(false, true);
        int before = sent.size();
        for (byte[] packet : late) {
            offer(1, packet); // ...arrives after the keyframe the subscriber switched on
        }
        assertThat(sent).hasSize(before);
        frame(false, false);
        assertOneCleanStream();
    }

    @Test
    void aSingleStreamGoesOutWithItsOwnNumberingFromAnyPacket() {
        rewriter = new SimulcastRewriter(OUT_SSRC, 90000, true, false, 0);
        List<byte[]> packets = low.frame(false);
        for (byte[] packet : packets) {
            offer(0, packet);
        }
        assertThat(sent).hasSize(PACKETS_PER_FRAME);
        for (int i = 0; i < packets.size(); i++) {
            byte[] in = packets.get(i);
            byte[] out = sent.get(i);
            assertThat(RtpPacket.sequenceNumber(out, 0)).isEqualTo(RtpPacket.sequenceNumber(in, 0));
            assertThat(RtpPacket.timestamp(out, 0)).isEqualTo(RtpPacket.timestamp(in, 0));
            assertThat(Arrays.copyOfRange(out, 12, out.length)).isEqualTo(Arrays.copyOfRange(in, 12, in.length));
        }
    }

    @Test
    void aSenderReportIsMappedOnlyForTheLayerBeingSent() {
        frame(true, true);
        rewriter.setTarget(1);
        frame(false, true);
        long last = RtpPacket.timestamp(sent.get(sent.size() - 1), 0);
        long highTimestamp = (high.timestamp - 3000) & 0xffffffffL; // the high layer's last frame
        assertThat(rewriter.senderReportTimestamp(1, highTimestamp)).isEqualTo(last);
        assertThat(rewriter.senderReportTimestamp(0, 12345)).isEqualTo(-1);
    }
}
