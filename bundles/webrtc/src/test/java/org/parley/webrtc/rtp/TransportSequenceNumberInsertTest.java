package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.webrtc.rtp.RtpPacketTest.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransportSequenceNumberInsertTest {
    private static byte[] roomy(byte[] packet) {
        return Arrays.copyOf(packet, packet.length + 16);
    }

    @Test
    void overwritesAnElementThatIsThere() {
        byte[] buf = roomy(HeaderExtensionsTest.ONE_BYTE);
        int len = HeaderExtensionsTest.ONE_BYTE.length;
        assertThat(HeaderExtensions.putTransportSequenceNumber(buf, 0, len, buf.length, 4, 0x1234)).isEqualTo(len);
        assertThat(HeaderExtensions.transportSequenceNumber(buf, 0, len, 4)).isEqualTo(0x1234);
    }

    @Test
    void appendsAWordToAOneByteBlock() {
        byte[] buf = roomy(HeaderExtensionsTest.ONE_BYTE);
        int len = HeaderExtensionsTest.ONE_BYTE.length;
        int grown = HeaderExtensions.putTransportSequenceNumber(buf, 0, len, buf.length, 5, 0xbeef);
        assertThat(grown).isEqualTo(len + 4);
        assertThat(HeaderExtensions.transportSequenceNumber(buf, 0, grown, 5)).isEqualTo(0xbeef);
        assertThat(HeaderExtensions.mid(buf, 0, grown, 9)).isEqualTo("a0");
        assertThat(HeaderExtensions.absSendTime(buf, 0, grown, 3)).isEqualTo(0x123456);
        assertThat(RtpPacket.payloadLength(buf, 0, grown)).isEqualTo(2);
        assertThat(Arrays.copyOfRange(buf, grown - 2, grown)).containsExactly(0xde, 0xad);
    }

    @Test
    void appendsToATwoByteBlock() {
        byte[] buf = roomy(HeaderExtensionsTest.TWO_BYTE);
        int len = HeaderExtensionsTest.TWO_BYTE.length;
        int grown = HeaderExtensions.putTransportSequenceNumber(buf, 0, len, buf.length, 3, 7);
        assertThat(grown).isEqualTo(len + 4);
        assertThat(HeaderExtensions.transportSequenceNumber(buf, 0, grown, 3)).isEqualTo(7);
        assertThat(HeaderExtensions.rid(buf, 0, grown, 20)).isEqualTo("r1z");
        assertThat(RtpPacket.payloadLength(buf, 0, grown)).isEqualTo(2);
    }

    @Test
    void addsABlockToAPacketWithoutExtensions() {
        byte[] packet = hex("80 6f 00 01  00 00 00 00  00 00 00 0a  01 02 03");
        byte[] buf = roomy(packet);
        int grown = HeaderExtensions.putTransportSequenceNumber(buf, 0, packet.length, buf.length, 3, 0x0102);
        assertThat(grown).isEqualTo(packet.length + 8);
        assertThat(RtpPacket.extension(buf, 0)).isTrue();
        assertThat(HeaderExtensions.transportSequenceNumber(buf, 0, grown, 3)).isEqualTo(0x0102);
        assertThat(Arrays.copyOfRange(buf, grown - 3, grown)).containsExactly(1, 2, 3);
        assertThat(RtpPacket.sequenceNumber(buf, 0)).isEqualTo(1);
    }

    @Test
    void refusesWithoutRoomOrForMalformedPackets() {
        byte[] packet = hex("80 6f 00 01  00 00 00 00  00 00 00 0a  01 02 03");
        byte[] copy = packet.clone();
        assertThat(HeaderExtensions.putTransportSequenceNumber(copy, 0, copy.length, copy.length, 3, 1)).isEqualTo(-1);
        assertThat(copy).containsExactly(packet);
        assertThat(HeaderExtensions.putTransportSequenceNumber(new byte[20], 0, 5, 20, 3, 1)).isEqualTo(-1);
        byte[] unknownProfile = roomy(hex("90 6f 00 01  00 00 00 00  00 00 00 0a  12 34 00 00"));
        assertThat(HeaderExtensions.putTransportSequenceNumber(unknownProfile, 0, 16, unknownProfile.length, 3, 1))
                .isEqualTo(-1);
    }
}
