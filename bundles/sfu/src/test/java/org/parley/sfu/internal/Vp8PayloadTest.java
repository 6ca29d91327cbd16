package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Vp8PayloadTest {
    @Test
    void findsPictureIdTl0PicIdxAndKeyframes() {
        byte[] key = Vp8Packets.packet(1, 10, 1000, 0x1234, 77, true, true, 1280, 720);
        long info = Vp8Payload.parse(key, key.length);
        assertThat(Vp8Payload.keyframe(info)).isTrue();
        assertThat(Vp8Payload.pictureId(key, info)).isEqualTo(0x1234);
        assertThat(Vp8Payload.longPictureId(info)).isTrue();
        assertThat(Vp8Payload.tl0PicIdx(key, info)).isEqualTo(77);
        assertThat(Vp8Payload.keyframeSize(key, key.length, info)).isEqualTo(1280 << 16 | 720);

        byte[] delta = Vp8Packets.delta(1, 11, 1000, 0x1235, 78, true);
        long deltaInfo = Vp8Payload.parse(delta, delta.length);
        assertThat(Vp8Payload.keyframe(deltaInfo)).isFalse();
        assertThat(Vp8Payload.keyframeSize(delta, delta.length, deltaInfo)).isEqualTo(-1);
        byte[] middle = Vp8Packets.delta(1, 12, 1000, 0x1235, 78, false);
        assertThat(Vp8Payload.keyframe(Vp8Payload.parse(middle, middle.length))).isFalse();
    }

    @Test
    void rewritesInPlaceKeepingTheForm() {
        byte[] p = Vp8Packets.delta(1, 10, 1000, 5, 1, true);
        long info = Vp8Payload.parse(p, p.length);
        Vp8Payload.setPictureId(p, info, 0x7fff);
        Vp8Payload.setTl0PicIdx(p, info, 255);
        assertThat(Vp8Payload.pictureId(p, info)).isEqualTo(0x7fff);
        assertThat(Vp8Payload.tl0PicIdx(p, info)).isEqualTo(255);
        assertThat(Vp8Payload.longPictureId(Vp8Payload.parse(p, p.length))).isTrue();
    }

    @Test
    void truncatedDescriptorsAreNotRead() {
        byte[] p = Vp8Packets.delta(1, 10, 1000, 5, 1, true);
        assertThat(Vp8Payload.parse(p, 14)).isEqualTo(Vp8Payload.INVALID);
        assertThat(Vp8Payload.parse(p, 12)).isEqualTo(Vp8Payload.INVALID);
        assertThat(Vp8Payload.keyframe(Vp8Payload.INVALID)).isFalse();
    }

    @Test
    void readsTheTemporalLayerAndLayerSync() {
        byte[] p = Vp8Packets.packet(1, 10, 1000, 0x1234, 9, 2, true, true, false, 0, 0);
        long info = Vp8Payload.parse(p, p.length);
        assertThat(Vp8Payload.temporal(info)).isTrue();
        assertThat(Vp8Payload.temporalLayer(info)).isEqualTo(2);
        assertThat(Vp8Payload.layerSync(info)).isTrue();
        assertThat(Vp8Payload.frameStart(info)).isTrue();
        assertThat(Vp8Payload.pictureId(p, info)).isEqualTo(0x1234);
        assertThat(Vp8Payload.tl0PicIdx(p, info)).isEqualTo(9);

        byte[] base = Vp8Packets.packet(1, 11, 1000, 0x1235, 10, 1, false, false, false, 0, 0);
        long baseInfo = Vp8Payload.parse(base, base.length);
        assertThat(Vp8Payload.temporalLayer(baseInfo)).isEqualTo(1);
        assertThat(Vp8Payload.layerSync(baseInfo)).isFalse();
        assertThat(Vp8Payload.frameStart(baseInfo)).isFalse();

        // Without the T bit there is no temporal layer to read: everything counts as layer 0.
        byte[] plain = Vp8Packets.delta(1, 12, 1000, 5, 1, true);
        long plainInfo = Vp8Payload.parse(plain, plain.length);
        assertThat(Vp8Payload.temporal(plainInfo)).isFalse();
        assertThat(Vp8Payload.temporalLayer(plainInfo)).isZero();
        assertThat(Vp8Payload.layerSync(plainInfo)).isFalse();
    }

    @Test
    void aKeyIdxWithoutTheTBitIsSkippedNotReadAsATemporalLayer() {
        byte[] p = Vp8Packets.packet(1, 10, 1000, 0x1234, 9, 3, true, true, false, 0, 0);
        p[13] = (byte) 0xd0; // I, L, K: the byte after TL0PICIDX is KEYIDX only
        long info = Vp8Payload.parse(p, p.length);
        assertThat(Vp8Payload.valid(info)).isTrue();
        assertThat(Vp8Payload.temporal(info)).isFalse();
        assertThat(Vp8Payload.temporalLayer(info)).isZero();
        assertThat(Vp8Payload.vp8HeaderOffset(info)).isEqualTo(12 + 6);
    }

    @Test
    void aDescriptorCutOffBeforeItsTidByteIsNotRead() {
        byte[] p = Vp8Packets.packet(1, 10, 1000, 0x1234, 9, 2, true, true, false, 0, 0);
        // header 12, X/I/L/T flags, picture ID (2), TL0PICIDX: the TID byte would be at 17
        assertThat(Vp8Payload.parse(p, 17)).isEqualTo(Vp8Payload.INVALID);
        // the TID byte but no VP8 payload after it
        assertThat(Vp8Payload.parse(p, 18)).isEqualTo(Vp8Payload.INVALID);
        for (int len = 0; len < p.length; len++) {
            long info = Vp8Payload.parse(p, len); // never throws, whatever the cut
            assertThat(Vp8Payload.temporalLayer(info)).isBetween(0, 3);
        }
    }
}
