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
}
