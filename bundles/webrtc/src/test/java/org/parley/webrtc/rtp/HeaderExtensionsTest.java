package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.webrtc.rtp.RtpPacketTest.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {
    /**
     * One-byte form with one CSRC: audio level (id 1, 1 byte: voice + level 42), padding byte, abs-send-time (id 3,
     * 3 bytes), transport-cc (id 4, 2 bytes), mid (id 9, "a0"), then padding to the word.
     */
    static final byte[] ONE_BYTE = hex("""
            91 6f 00 01  00 00 00 00  00 00 00 0a
            00 00 00 07
            be de 00 04
            10 aa 00 32  12 34 56 41  ff fe 91 61  30 00 00 00
            de ad""");

    /** Two-byte form (app bits 0x5): id 1 empty, padding, id 20 with 3 bytes ("r1 " rid), id 5 with 2 bytes. */
    static final byte[] TWO_BYTE = hex("""
            90 6f 00 01  00 00 00 00  00 00 00 0b
            10 05 00 03
            01 00 00 14  03 72 31 7a  05 02 01 02
            de ad""");

    @Test
    void findsOneByteElements() {
        int len = ONE_BYTE.length;
        assertThat(HeaderExtensions.audioLevel(ONE_BYTE, 0, len, 1)).isEqualTo(0xaa);
        assertThat(HeaderExtensions.audioLevel(ONE_BYTE, 0, len, 1) & 0x7F).isEqualTo(42);
        assertThat(HeaderExtensions.absSendTime(ONE_BYTE, 0, len, 3)).isEqualTo(0x123456);
        assertThat(HeaderExtensions.transportSequenceNumber(ONE_BYTE, 0, len, 4)).isEqualTo(0xfffe);
        assertThat(HeaderExtensions.mid(ONE_BYTE, 0, len, 9)).isEqualTo("a0");
        assertThat(HeaderExtensions.rid(ONE_BYTE, 0, len, 10)).isNull();
        assertThat(HeaderExtensions.find(ONE_BYTE, 0, len, 3)).isEqualTo(12 + 4 + 4 + 4);
        long element = HeaderExtensions.findElement(ONE_BYTE, 0, len, 9);
        assertThat(HeaderExtensions.elementOffset(element)).isEqualTo(31);
        assertThat(HeaderExtensions.elementLength(element)).isEqualTo(2);
        assertThat(HeaderExtensions.find(ONE_BYTE, 0, len, 2)).isEqualTo(-1);
        assertThat(HeaderExtensions.find(ONE_BYTE, 0, len, 0)).isEqualTo(-1);
        assertThat(HeaderExtensions.find(ONE_BYTE, 0, len, 15)).isEqualTo(-1);
    }

    @Test
    void findsTwoByteElements() {
        int len = TWO_BYTE.length;
        assertThat(HeaderExtensions.findElement(TWO_BYTE, 0, len, 1)).isEqualTo((long) 18 << 8);
        assertThat(HeaderExtensions.audioLevel(TWO_BYTE, 0, len, 1)).isEqualTo(-1); // empty element
        assertThat(HeaderExtensions.rid(TWO_BYTE, 0, len, 20)).isEqualTo("r1z");
        assertThat(HeaderExtensions.transportSequenceNumber(TWO_BYTE, 0, len, 5)).isEqualTo(0x0102);
        assertThat(HeaderExtensions.find(TWO_BYTE, 0, len, 200)).isEqualTo(-1);
    }

    @Test
    void worksAtAnOffset() {
        byte[] framed = new byte[ONE_BYTE.length + 10];
        System.arraycopy(ONE_BYTE, 0, framed, 7, ONE_BYTE.length);
        assertThat(HeaderExtensions.absSendTime(framed, 7, ONE_BYTE.length, 3)).isEqualTo(0x123456);
        assertThat(HeaderExtensions.find(framed, 7, ONE_BYTE.length, 3)).isEqualTo(7 + 24);
    }

    @Test
    void rewritesTheTransportSequenceNumber() {
        byte[] p = TWO_BYTE.clone();
        assertThat(HeaderExtensions.setTransportSequenceNumber(p, 0, p.length, 5, 0xabcd)).isTrue();
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 5)).isEqualTo(0xabcd);
        assertThat(HeaderExtensions.setTransportSequenceNumber(p, 0, p.length, 6, 1)).isFalse();
        byte[] q = ONE_BYTE.clone();
        assertThat(HeaderExtensions.setTransportSequenceNumber(q, 0, q.length, 4, 7)).isTrue();
        assertThat(HeaderExtensions.transportSequenceNumber(q, 0, q.length, 4)).isEqualTo(7);
    }

    @Test
    void remapsOneByteIds() {
        byte[] p = ONE_BYTE.clone();
        byte[] map = new byte[16];
        map[1] = 11; // audio level 1 -> 11
        map[3] = 2; // abs-send-time 3 -> 2
        map[9] = 15; // too big for the one-byte form: unknown
        // 4 is absent from the map: unknown
        assertThat(HeaderExtensions.remapIds(p, 0, p.length, map)).isTrue();
        assertThat(HeaderExtensions.audioLevel(p, 0, p.length, 11)).isEqualTo(0xaa);
        assertThat(HeaderExtensions.absSendTime(p, 0, p.length, 2)).isEqualTo(0x123456);
        assertThat(HeaderExtensions.find(p, 0, p.length, 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.find(p, 0, p.length, 4)).isEqualTo(-1);
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 14)).isEqualTo(0xfffe);
        assertThat(p[22]).isZero(); // padding untouched
        assertThat(Arrays.copyOfRange(p, 0, 20)).isEqualTo(Arrays.copyOfRange(ONE_BYTE, 0, 20));

        byte[] q = ONE_BYTE.clone();
        assertThat(HeaderExtensions.remapIds(q, 0, q.length, new byte[0], 13)).isTrue();
        assertThat(HeaderExtensions.audioLevel(q, 0, q.length, 13)).isEqualTo(0xaa);
        assertThatThrownBy(() -> HeaderExtensions.remapIds(q, 0, q.length, map, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remapsTwoByteIds() {
        byte[] p = TWO_BYTE.clone();
        byte[] map = new byte[256];
        map[20] = (byte) 200;
        map[5] = 6;
        assertThat(HeaderExtensions.remapIds(p, 0, p.length, map, 99)).isTrue();
        assertThat(HeaderExtensions.rid(p, 0, p.length, 200)).isEqualTo("r1z");
        assertThat(HeaderExtensions.transportSequenceNumber(p, 0, p.length, 6)).isEqualTo(0x0102);
        assertThat(HeaderExtensions.findElement(p, 0, p.length, 99)).isEqualTo((long) 18 << 8);
        assertThat(p[18]).isZero(); // padding untouched
    }

    @Test
    void packetsWithoutExtensionsHaveNoElements() {
        byte[] p = new byte[20];
        RtpPacket.writeHeader(p, 0, 96, 1, 2, 3, false);
        assertThat(HeaderExtensions.find(p, 0, p.length, 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.remapIds(p, 0, p.length, new byte[16])).isTrue();
        byte[] otherProfile = hex("90 6f 00 01 00 00 00 00 00 00 00 0a 12 34 00 01 10 aa 00 00");
        assertThat(HeaderExtensions.find(otherProfile, 0, otherProfile.length, 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.remapIds(otherProfile, 0, otherProfile.length, new byte[16])).isTrue();
    }

    @Test
    void stopsAtTheReservedOneByteId() {
        byte[] p = hex("90 6f 00 01 00 00 00 00 00 00 00 0a be de 00 02 f0 00 00 00 10 aa 00 00");
        assertThat(HeaderExtensions.find(p, 0, p.length, 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.remapIds(p, 0, p.length, new byte[16])).isTrue();
        assertThat(p[20]).isEqualTo((byte) 0x10);
    }

    @Test
    void rejectsMalformedExtensions() {
        // one-byte element claiming 16 bytes inside a 4-byte block
        byte[] overrun = hex("90 6f 00 01 00 00 00 00 00 00 00 0a be de 00 01 2f 00 00 00 10 aa 00 00");
        assertThat(HeaderExtensions.find(overrun, 0, overrun.length, 2)).isEqualTo(-1);
        byte[] copy = overrun.clone();
        assertThat(HeaderExtensions.remapIds(copy, 0, copy.length, new byte[16])).isFalse();
        assertThat(copy).isEqualTo(overrun);
        // an element before the overrun is still found, but remapping refuses and leaves it alone
        byte[] late = hex("90 6f 00 01 00 00 00 00 00 00 00 0a be de 00 01 10 aa 2f 00");
        assertThat(HeaderExtensions.audioLevel(late, 0, late.length, 1)).isEqualTo(0xaa);
        assertThat(HeaderExtensions.remapIds(late.clone(), 0, late.length, new byte[16])).isFalse();
        // two-byte element cut at its length byte, and one overrunning
        byte[] cut = hex("90 6f 00 01 00 00 00 00 00 00 00 0a 10 00 00 01 00 00 00 05");
        assertThat(HeaderExtensions.find(cut, 0, cut.length, 5)).isEqualTo(-1);
        assertThat(HeaderExtensions.remapIds(cut.clone(), 0, cut.length, new byte[16])).isFalse();
        byte[] twoOverrun = hex("90 6f 00 01 00 00 00 00 00 00 00 0a 10 00 00 01 05 09 00 00");
        assertThat(HeaderExtensions.find(twoOverrun, 0, twoOverrun.length, 5)).isEqualTo(-1);
        // block longer than the packet
        assertThat(HeaderExtensions.find(ONE_BYTE, 0, 30, 1)).isEqualTo(-1);
        assertThat(HeaderExtensions.remapIds(ONE_BYTE.clone(), 0, 30, new byte[16])).isFalse();
        // short elements for the typed readers
        byte[] shortAbs = hex("90 6f 00 01 00 00 00 00 00 00 00 0a be de 00 01 31 00 00 00");
        assertThat(HeaderExtensions.absSendTime(shortAbs, 0, shortAbs.length, 3)).isEqualTo(-1);
        byte[] shortTcc = hex("90 6f 00 01 00 00 00 00 00 00 00 0a be de 00 01 40 00 00 00");
        assertThat(HeaderExtensions.transportSequenceNumber(shortTcc, 0, shortTcc.length, 4)).isEqualTo(-1);
        assertThat(HeaderExtensions.setTransportSequenceNumber(shortTcc, 0, shortTcc.length, 4, 1)).isFalse();
    }
}
