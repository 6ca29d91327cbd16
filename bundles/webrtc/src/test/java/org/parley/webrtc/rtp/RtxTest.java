package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtxTest {
    @Test
    void wrapsAndUnwrapsKeepingCsrcsAndExtensions() throws Exception {
        byte[] original = RtpPacketTest.FULL;
        byte[] rtx = new byte[64];
        int rtxLength = Rtx.wrap(original, 0, original.length, rtx, 3, 97, 0x11112222L, 500);
        assertThat(rtxLength).isEqualTo(28 + 2 + 3);
        RtpPacket.validate(rtx, 3, rtxLength);
        assertThat(RtpPacket.payloadType(rtx, 3)).isEqualTo(97);
        assertThat(RtpPacket.ssrc(rtx, 3)).isEqualTo(0x11112222L);
        assertThat(RtpPacket.sequenceNumber(rtx, 3)).isEqualTo(500);
        assertThat(RtpPacket.padding(rtx, 3)).isFalse();
        assertThat(RtpPacket.marker(rtx, 3)).isTrue();
        assertThat(RtpPacket.timestamp(rtx, 3)).isEqualTo(RtpPacket.timestamp(original, 0));
        assertThat(RtpPacket.readShort(rtx, 3 + 28)).isEqualTo(0x1234); // the OSN
        assertThat(HeaderExtensions.audioLevel(rtx, 3, rtxLength, 1)).isEqualTo(0x7f);

        int length = Rtx.unwrap(rtx, 3, rtxLength, 0x60, 0xcafebabeL);
        assertThat(length).isEqualTo(28 + 3);
        byte[] expected = Arrays.copyOf(original, length);
        expected[0] &= ~0x20; // the padding is gone
        assertThat(Arrays.copyOfRange(rtx, 3, 3 + length)).isEqualTo(expected);
    }

    @Test
    void wrapsInPlace() {
        byte[] buf = new byte[40];
        RtpPacket.writeHeader(buf, 0, 96, 65535, 9, 1, false);
        buf[12] = 1;
        buf[13] = 2;
        int length = Rtx.wrap(buf, 0, 14, buf, 0, 97, 2, 0);
        assertThat(length).isEqualTo(16);
        assertThat(Arrays.copyOfRange(buf, 12, 16)).containsExactly(0xff, 0xff, 1, 2);
        assertThat(Rtx.unwrap(buf, 0, length, 96, 1)).isEqualTo(14);
        assertThat(RtpPacket.sequenceNumber(buf, 0)).isEqualTo(65535);
        assertThat(Arrays.copyOfRange(buf, 12, 14)).containsExactly(1, 2);
    }

    @Test
    void refusesMalformedPackets() {
        byte[] buf = new byte[40];
        RtpPacket.writeHeader(buf, 0, 96, 1, 2, 3, false);
        assertThat(Rtx.unwrap(buf, 0, 13, 96, 3)).isEqualTo(-1); // one byte, no room for an OSN
        assertThat(Rtx.unwrap(buf, 0, 11, 96, 3)).isEqualTo(-1);
        assertThat(Rtx.wrap(buf, 0, 11, new byte[40], 0, 97, 4, 1)).isEqualTo(-1);
        assertThat(Rtx.wrap(buf, 0, 20, new byte[21], 0, 97, 4, 1)).isEqualTo(-1); // destination too small
        assertThat(Rtx.wrap(buf, 0, 20, new byte[22], 0, 97, 4, 1)).isEqualTo(22);
        byte[] badPadding = RtpPacketTest.FULL.clone();
        badPadding[badPadding.length - 1] = 0;
        assertThat(Rtx.unwrap(badPadding, 0, badPadding.length, 96, 3)).isEqualTo(-1);
        assertThat(Rtx.wrap(badPadding, 0, badPadding.length, new byte[64], 0, 97, 4, 1)).isEqualTo(-1);
    }
}
