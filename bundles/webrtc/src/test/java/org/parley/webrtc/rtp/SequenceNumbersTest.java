package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {
    @Test
    void comparesAcrossTheWrap() {
        assertThat(SequenceNumbers.isNewer(1, 0)).isTrue();
        assertThat(SequenceNumbers.isNewer(0, 1)).isFalse();
        assertThat(SequenceNumbers.isNewer(0, 65535)).isTrue();
        assertThat(SequenceNumbers.isNewer(65535, 0)).isFalse();
        assertThat(SequenceNumbers.isNewer(5, 5)).isFalse();
        assertThat(SequenceNumbers.isNewer(0x7fff, 0)).isTrue();
        assertThat(SequenceNumbers.isNewer(0x8000, 0)).isTrue();
        assertThat(SequenceNumbers.isNewer(0, 0x8000)).isFalse();
        assertThat(SequenceNumbers.isNewer(0x8001, 0)).isFalse();
        assertThat(SequenceNumbers.diff(0, 65535)).isEqualTo(1);
        assertThat(SequenceNumbers.diff(65535, 0)).isEqualTo(-1);
        assertThat(SequenceNumbers.diff(100, 90)).isEqualTo(10);
        assertThat(SequenceNumbers.diff(0x8000, 0)).isEqualTo(-32768);
        assertThat(SequenceNumbers.add(65530, 10)).isEqualTo(4);
        assertThat(SequenceNumbers.add(3, -5)).isEqualTo(65534);
    }

    @Test
    void extendsThroughWrapsAndReordering() {
        ExtendedSequence s = new ExtendedSequence();
        assertThat(s.highest()).isEqualTo(-1);
        assertThat(s.cycles()).isZero();
        assertThat(s.update(65534)).isEqualTo(65534);
        assertThat(s.update(65535)).isEqualTo(65535);
        assertThat(s.update(1)).isEqualTo(65537);
        assertThat(s.update(0)).isEqualTo(65536); // reordered, from after the wrap
        assertThat(s.update(65533)).isEqualTo(65533); // reordered, from before the wrap
        assertThat(s.highest()).isEqualTo(65537);
        assertThat(s.cycles()).isEqualTo(1);
        for (int i = 0; i < 3 * 65536; i += 1000) {
            s.update((1 + i) & 0xFFFF);
        }
        assertThat(s.cycles()).isEqualTo(3);
        assertThat(s.highestForReport()).isEqualTo(s.highest());
    }

    @Test
    void aReorderedPacketBeforeTheFirstStaysInTheFirstCycle() {
        ExtendedSequence s = new ExtendedSequence();
        s.update(2);
        assertThat(s.update(65535)).isEqualTo(65535);
        assertThat(s.highest()).isEqualTo(2);
    }
}
