package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /** Two CSRCs, a one-byte extension of one word, 3 payload bytes and 2 bytes of padding. */
    static final byte[] FULL = hex("""
            b2 e0 12 34  00 00 ff fe  ca fe ba be
            00 00 00 01  ff ff ff ff
            be de 00 01  10 7f 00 00
            aa bb cc  00 02""");

    @Test
    void readsEveryHeaderField() throws Exception {
        assertThat(RtpPacket.isRtpOrRtcp(FULL, 0, FULL.length)).isTrue();
        assertThat(RtpPacket.isRtp(FULL, 0, FULL.length)).isTrue();
        assertThat(RtpPacket.isRtcp(FULL, 0, FULL.length)).isFalse();
        assertThat(RtpPacket.version(FULL, 0)).isEqualTo(2);
        assertThat(RtpPacket.padding(FULL, 0)).isTrue();
        assertThat(RtpPacket.extension(FULL, 0)).isTrue();
        assertThat(RtpPacket.csrcCount(FULL, 0)).isEqualTo(2);
        assertThat(RtpPacket.marker(FULL, 0)).isTrue();
        assertThat(RtpPacket.payloadType(FULL, 0)).isEqualTo(0x60);
        assertThat(RtpPacket.sequenceNumber(FULL, 0)).isEqualTo(0x1234);
        assertThat(RtpPacket.timestamp(FULL, 0)).isEqualTo(0xfffeL);
        assertThat(RtpPacket.ssrc(FULL, 0)).isEqualTo(0xcafebabeL);
        assertThat(RtpPacket.csrc(FULL, 0, 0)).isEqualTo(1L);
        assertThat(RtpPacket.csrc(FULL, 0, 1)).isEqualTo(0xffffffffL);
        assertThat(RtpPacket.headerLength(FULL, 0, FULL.length)).isEqualTo(12 + 8 + 8);
        assertThat(RtpPacket.payloadLength(FULL, 0, FULL.length)).isEqualTo(3);
        RtpPacket.validate(FULL, 0, FULL.length);
    }

    @Test
    void settersWriteInPlaceAndLeaveTheRestAlone() {
        byte[] p = FULL.clone();
        RtpPacket.setMarker(p, 0, false);
        RtpPacket.setPayloadType(p, 0, 111);
        RtpPacket.setSequenceNumber(p, 0, 65535);
        RtpPacket.setTimestamp(p, 0, 0xfedcba98L);
        RtpPacket.setSsrc(p, 0, 0x80000001L);
        assertThat(RtpPacket.marker(p, 0)).isFalse();
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(111);
        assertThat(RtpPacket.sequenceNumber(p, 0)).isEqualTo(65535);
        assertThat(RtpPacket.timestamp(p, 0)).isEqualTo(0xfedcba98L);
        assertThat(RtpPacket.ssrc(p, 0)).isEqualTo(0x80000001L);
        assertThat(Arrays.copyOfRange(p, 12, p.length)).isEqualTo(Arrays.copyOfRange(FULL, 12, FULL.length));
        assertThat(p[0]).isEqualTo(FULL[0]);
        RtpPacket.setMarker(p, 0, true);
        assertThat(RtpPacket.marker(p, 0)).isTrue();
        assertThat(RtpPacket.payloadType(p, 0)).isEqualTo(111);
    }

    @Test
    void writesSyntheticHeaders() throws Exception {
        byte[] p = new byte[40];
        assertThat(RtpPacket.writeHeader(p, 8, 96, 70000, 0x1_0000_0005L, 0xdeadbeefL, true)).isEqualTo(12);
        RtpPacket.validate(p, 8, 20);
        assertThat(RtpPacket.payloadType(p, 8)).isEqualTo(96);
        assertThat(RtpPacket.sequenceNumber(p, 8)).isEqualTo(70000 & 0xFFFF);
        assertThat(RtpPacket.timestamp(p, 8)).isEqualTo(5L);
        assertThat(RtpPacket.ssrc(p, 8)).isEqualTo(0xdeadbeefL);
        assertThat(RtpPacket.marker(p, 8)).isTrue();
        assertThat(RtpPacket.headerLength(p, 8, 12)).isEqualTo(12);
        assertThat(RtpPacket.payloadLength(p, 8, 12)).isZero();
        assertThatThrownBy(() -> RtpPacket.writeHeader(p, 0, 128, 0, 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void demultiplexesLikeRfc7983And5761() {
        byte[] rtcp = hex("80 c8 00 06 00 00 00 01");
        assertThat(RtpPacket.isRtcp(rtcp, 0, rtcp.length)).isTrue();
        assertThat(RtpPacket.isRtp(rtcp, 0, rtcp.length)).isFalse();
        byte[] stun = hex("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00");
        assertThat(RtpPacket.isRtpOrRtcp(stun, 0, stun.length)).isFalse();
        byte[] dtls = hex("16 fe fd 00 00 00 00 00 00 00 00 00");
        assertThat(RtpPacket.isRtpOrRtcp(dtls, 0, dtls.length)).isFalse();
        byte[] pt95 = hex("80 df 00 00 00 00 00 00 00 00 00 00"); // marker + PT 95 looks like RTCP 223
        assertThat(RtpPacket.isRtcp(pt95, 0, pt95.length)).isTrue();
        byte[] pt96 = hex("80 e0 00 00 00 00 00 00 00 00 00 00");
        assertThat(RtpPacket.isRtp(pt96, 0, pt96.length)).isTrue();
        assertThat(RtpPacket.isRtp(pt96, 0, 11)).isFalse();
        assertThat(RtpPacket.isRtpOrRtcp(pt96, 0, 0)).isFalse();
        assertThat(RtpPacket.isRtpOrRtcp(pt96, 5, 12)).isFalse();
        assertThat(RtpPacket.isRtpOrRtcp(null, 0, 1)).isFalse();
    }

    @Test
    void rejectsMalformedPackets() {
        assertMalformed(Arrays.copyOf(FULL, 11), 11); // shorter than the fixed header
        byte[] v1 = FULL.clone();
        v1[0] = (byte) ((v1[0] & 0x3F) | 0x40);
        assertMalformed(v1, v1.length);
        assertMalformed(FULL, 19); // CSRC list cut
        assertMalformed(FULL, 23); // extension header cut
        assertMalformed(FULL, 27); // extension data cut
        byte[] longExtension = FULL.clone();
        longExtension[23] = 9;
        assertMalformed(longExtension, longExtension.length);
        byte[] zeroPadding = FULL.clone();
        zeroPadding[zeroPadding.length - 1] = 0;
        assertMalformed(zeroPadding, zeroPadding.length);
        byte[] tooMuchPadding = FULL.clone();
        tooMuchPadding[tooMuchPadding.length - 1] = 6;
        assertMalformed(tooMuchPadding, tooMuchPadding.length);
        assertThatThrownBy(() -> RtpPacket.validate(FULL, 4, FULL.length)).isInstanceOf(RtpException.class);
        assertThat(RtpPacket.headerLength(FULL, -1, 12)).isEqualTo(-1);
        assertThat(RtpPacket.headerLength(FULL, 0, -1)).isEqualTo(-1);
        assertThat(RtpPacket.headerLength(null, 0, 12)).isEqualTo(-1);
        // padding that exactly fills the body is legal
        byte[] allPadding = FULL.clone();
        allPadding[allPadding.length - 1] = 5;
        assertThat(RtpPacket.payloadLength(allPadding, 0, allPadding.length)).isZero();
    }

    private static void assertMalformed(byte[] buf, int len) {
        assertThatThrownBy(() -> RtpPacket.validate(buf, 0, len)).isInstanceOf(RtpException.class);
        if (len >= 12 && RtpPacket.version(buf, 0) == 2 && RtpPacket.headerLength(buf, 0, len) >= 0) {
            assertThat(RtpPacket.payloadLength(buf, 0, len)).isEqualTo(-1);
        } else {
            assertThat(RtpPacket.headerLength(buf, 0, len)).isEqualTo(-1);
            assertThat(RtpPacket.payloadLength(buf, 0, len)).isEqualTo(-1);
        }
    }
}
