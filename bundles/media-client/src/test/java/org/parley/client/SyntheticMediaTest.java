package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

class SyntheticMediaTest {

    @Test
    void audioPacketsStep960WithAudioLevelAndAStampedPayload() throws Exception {
        SyntheticAudioSource source = new SyntheticAudioSource(0x1234, 111, 2, 1);
        byte[] first = new byte[256];
        byte[] second = new byte[256];
        int firstLength = source.next(first, 1_000_000_000L);
        int secondLength = source.next(second, 1_020_000_000L);
        RtpPacket.validate(first, 0, firstLength);
        assertThat(RtpPacket.ssrc(first, 0)).isEqualTo(0x1234);
        assertThat(RtpPacket.payloadType(first, 0)).isEqualTo(111);
        assertThat(RtpPacket.sequenceNumber(second, 0)).isEqualTo((RtpPacket.sequenceNumber(first, 0) + 1) & 0xffff);
        assertThat((RtpPacket.timestamp(second, 0) - RtpPacket.timestamp(first, 0)) & 0xffffffffL).isEqualTo(960);
        assertThat(HeaderExtensions.audioLevel(first, 0, firstLength, 1)).isEqualTo(0x80 | 30);
        assertThat(HeaderExtensions.absSendTime(first, 0, firstLength, 2)).isEqualTo(1 << 18);
        assertThat(SyntheticPayload.read(first, firstLength)).contains(new SyntheticPayload(0, 1_000_000_000L));
        assertThat(SyntheticPayload.read(second, secondLength)).contains(new SyntheticPayload(1, 1_020_000_000L));
    }

    @Test
    void aSilentSourceWithDtxSendsOneFrameInTwentyWithoutSequenceGaps() {
        boolean[] speaking = { false };
        SyntheticAudioSource source = new SyntheticAudioSource(0x1234, 111, 2, 1).talking(now -> speaking[0], true);
        byte[] buf = new byte[256];
        int sent = 0;
        int lastSequence = -1;
        long lastTimestamp = -1;
        for (int frame = 0; frame < 60; frame++) {
            int len = source.next(buf, frame * 20_000_000L);
            if (len > 0) {
                sent++;
                assertThat(HeaderExtensions.audioLevel(buf, 0, len, 1)).isEqualTo(SyntheticAudioSource.SILENT_LEVEL);
                if (lastSequence >= 0) {
                    assertThat(RtpPacket.sequenceNumber(buf, 0)).isEqualTo((lastSequence + 1) & 0xffff);
                    assertThat((RtpPacket.timestamp(buf, 0) - lastTimestamp) & 0xffffffffL).isEqualTo(20 * 960);
                }
                lastSequence = RtpPacket.sequenceNumber(buf, 0);
                lastTimestamp = RtpPacket.timestamp(buf, 0);
            }
        }
        assertThat(sent).isEqualTo(3); // frames 0, 20 and 40
        speaking[0] = true;
        int len = source.next(buf, 60 * 20_000_000L);
        assertThat(len).isPositive();
        assertThat(HeaderExtensions.audioLevel(buf, 0, len, 1)).isEqualTo(0x80 | 30);
        assertThat(source.next(buf, 61 * 20_000_000L)).isPositive();
        assertThat(source.packets()).isEqualTo(5);
        assertThat(SyntheticPayload.sendNanos(buf, len)).isEqualTo(61 * 20_000_000L);
        assertThat(SyntheticPayload.sendNanos(new byte[12], 12)).isEqualTo(SyntheticPayload.NO_STAMP);
    }

    @Test
    void videoFramesMarkTheirLastPacketAndKeyframesSayItInTheVp8Header() throws Exception {
        SyntheticVideoSource source = new SyntheticVideoSource(0x5678, 96, 2, 30, 3, 1, 500);
        List<byte[]> keyframe = source.nextFrame(true, 5);
        List<byte[]> delta = source.nextFrame(false, 6);
        assertThat(keyframe).hasSize(3);
        assertThat(delta).hasSize(1);
        for (byte[] packet : keyframe) {
            RtpPacket.validate(packet, 0, packet.length);
        }
        assertThat(keyframe).extracting(p -> RtpPacket.marker(p, 0)).containsExactly(false, false, true);
        assertThat(keyframe).extracting(p -> SyntheticVideoSource.isKeyframeStart(p, p.length))
                .containsExactly(true, false, false);
        assertThat(SyntheticVideoSource.isKeyframeStart(delta.get(0), delta.get(0).length)).isFalse();
        assertThat(RtpPacket.marker(delta.get(0), 0)).isTrue();
        assertThat(keyframe).extracting(p -> RtpPacket.timestamp(p, 0)).containsOnly(RtpPacket.timestamp(keyframe.get(0), 0));
        assertThat((RtpPacket.timestamp(delta.get(0), 0) - RtpPacket.timestamp(keyframe.get(0), 0)) & 0xffffffffL)
                .isEqualTo(3000);
        assertThat(SyntheticPayload.read(delta.get(0), delta.get(0).length)).contains(new SyntheticPayload(3, 6));
        assertThat(source.keyframes()).isEqualTo(1);
    }

    @Test
    void temporalLayersFollowLibwebrtcsPatternWithSyncFramesAndTl0PicIdx() {
        SyntheticVideoSource source = new SyntheticVideoSource(1, 96, 0, 30, 2, 1, 100).withTemporalLayers(3);
        int[] tids = new int[10];
        boolean[] syncs = new boolean[10];
        int[] tl0s = new int[10];
        for (int i = 0; i < 10; i++) {
            byte[] p = source.nextFrame(i == 0, i).get(0);
            int at = RtpPacket.headerLength(p, 0, p.length);
            assertThat(p[at] & 0x90).as("X and S").isEqualTo(0x90);
            assertThat(p[at + 1] & 0xe0).as("I, L, T").isEqualTo(0xe0);
            tl0s[i] = p[at + 4] & 0xff;
            tids[i] = (p[at + 5] & 0xff) >>> 6;
            syncs[i] = (p[at + 5] & 0x20) != 0;
            assertThat(SyntheticVideoSource.isKeyframeStart(p, p.length)).isEqualTo(i == 0);
        }
        assertThat(tids).containsExactly(0, 2, 1, 2, 0, 2, 1, 2, 0, 2);
        assertThat(syncs).containsExactly(false, true, true, false, false, false, false, false, false, true);
        for (int i = 1; i < 10; i++) {
            assertThat((tl0s[i] - tl0s[i - 1]) & 0xff).as("TL0PICIDX at frame %d", i).isEqualTo(tids[i] == 0 ? 1 : 0);
        }
    }

    @Test
    void malformedPacketsReadAsNothing() {
        SyntheticVideoSource source = new SyntheticVideoSource(1, 96, 0, 30, 1, 1, 100);
        byte[] packet = source.nextFrame(true, 1).get(0);
        for (int length = 0; length < packet.length; length++) {
            byte[] cut = Arrays.copyOf(packet, length);
            SyntheticVideoSource.isKeyframeStart(cut, length);
            assertThat(SyntheticPayload.read(cut, length)).isEmpty();
        }
        byte[] noStamp = packet.clone();
        noStamp[noStamp.length - SyntheticPayload.LENGTH] ^= 1;
        assertThat(SyntheticPayload.read(noStamp, noStamp.length)).isEmpty();
    }

    @Test
    void videoBitrateSetsPacketsPerFrameAndTheirSize() {
        // 500 kb/s at 15 fps: 4166 bytes a frame, in 4 packets of 1041
        assertThat(SyntheticVideoSource.frameSplit(15, 500_000)).containsExactly(4, 1041);
        assertThat(SyntheticVideoSource.frameSplit(30, 100_000)).containsExactly(1, 416);
        assertThat(SyntheticVideoSource.frameSplit(30, 10_000)).containsExactly(1, 64);
        assertThat(SyntheticVideoSource.frameSplit(10, 2_000_000)).containsExactly(21, 1190);
    }

    @Test
    void aBitrateSourceSendsAboutThatMuchPayload() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            SyntheticVideoSource source = SyntheticVideoSource.forPublisher(peer, 15, 500_000);
            long payload = 0;
            for (int i = 0; i < 15; i++) {
                for (byte[] packet : source.nextFrame(false, System.nanoTime())) {
                    payload += org.parley.webrtc.rtp.RtpPacket.payloadLength(packet, 0, packet.length);
                }
            }
            assertThat(payload * 8).isBetween(480_000L, 500_000L);
            assertThat(source.nextFrame(true, System.nanoTime())).hasSize(12);
        }
    }
}
