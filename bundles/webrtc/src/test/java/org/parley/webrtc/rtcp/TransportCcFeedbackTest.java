package org.parley.webrtc.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.webrtc.rtcp.RtcpTest.hex;
import static org.parley.webrtc.rtcp.TransportCcFeedback.NOT_RECEIVED;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TransportCcFeedbackTest {
    private static List<String> read(byte[] fci) throws RtcpException {
        List<String> packets = new ArrayList<>();
        TransportCcFeedback.forEach(fci, 0, fci.length,
                (seq, arrival) -> packets.add(seq + (arrival == NOT_RECEIVED ? " lost" : " @" + arrival)));
        return packets;
    }

    @Test
    void readsATwoBitStatusVectorWithSmallAndLargeDeltas() throws Exception {
        // base 256, 5 packets, reference 1 × 64 ms, feedback 7; statuses small, lost, large, small, small.
        byte[] fci = hex("01 00 00 05  00 00 01 07  d2 50  04 ff fc 08 00");
        assertThat(TransportCcFeedback.baseSequence(fci, 0)).isEqualTo(256);
        assertThat(TransportCcFeedback.packetStatusCount(fci, 0)).isEqualTo(5);
        assertThat(TransportCcFeedback.referenceTimeMicros(fci, 0)).isEqualTo(64_000);
        assertThat(TransportCcFeedback.feedbackCount(fci, 0)).isEqualTo(7);
        assertThat(read(fci)).containsExactly("256 @65000", "257 lost", "258 @64000", "259 @66000", "260 @66000");
    }

    @Test
    void readsRunLengthAndOneBitChunksAcrossSequenceWrap() throws Exception {
        // base 65534: a run of 3 small deltas, then a one-bit vector of 14 whose first two are lost, third received.
        byte[] fci = hex("ff fe 00 06  ff ff ff 00  20 03  88 00  04 04 04 08");
        assertThat(TransportCcFeedback.referenceTimeMicros(fci, 0)).isEqualTo(-64_000);
        assertThat(read(fci)).containsExactly("65534 @-63000", "65535 @-62000", "0 @-61000", "1 lost", "2 lost",
                "3 @-59000");
    }

    @Test
    void ignoresBytesAfterTheLastDelta() throws Exception {
        byte[] fci = hex("00 01 00 01  00 00 00 00  20 01  10 00 00 00");
        assertThat(read(fci)).containsExactly("1 @4000");
    }

    @Test
    void refusesMalformedFci() {
        assertThatThrownBy(() -> read(hex("00 01 00 01  00 00 00"))).isInstanceOf(RtcpException.class);
        // no packet at all
        assertThatThrownBy(() -> read(hex("00 01 00 00  00 00 00 00  20 01 10"))).isInstanceOf(RtcpException.class);
        // chunks cover 1 of 3 packets
        assertThatThrownBy(() -> read(hex("00 01 00 03  00 00 00 00  20 01 10"))).isInstanceOf(RtcpException.class);
        // a large delta cut in half
        assertThatThrownBy(() -> read(hex("00 01 00 01  00 00 00 00  40 01 10"))).isInstanceOf(RtcpException.class);
        // reserved status 3
        assertThatThrownBy(() -> read(hex("00 01 00 01  00 00 00 00  60 01 10"))).isInstanceOf(RtcpException.class);
        // missing delta
        assertThatThrownBy(() -> read(hex("00 01 00 02  00 00 00 00  20 02 10"))).isInstanceOf(RtcpException.class);
    }

    @Test
    void reportsNothingOfAFciThatFailsLate() {
        List<String> heard = new ArrayList<>();
        byte[] fci = hex("00 01 00 03  00 00 00 00  20 03 10 10");
        assertThatThrownBy(() -> TransportCcFeedback.forEach(fci, 0, fci.length, (s, a) -> heard.add(s + "")))
                .isInstanceOf(RtcpException.class);
        assertThat(heard).isEmpty();
    }

    @Test
    void writtenFeedbackReadsBackThroughTheCompoundWalker() throws Exception {
        long[] arrivals = new long[40];
        long t = 1_000_000;
        for (int i = 0; i < arrivals.length; i++) {
            t += i == 20 ? 90_000 : 1_250; // one gap needing a large delta
            arrivals[i] = i >= 5 && i < 15 ? NOT_RECEIVED : t;
        }
        arrivals[30] = arrivals[29] - 3_000; // reordered: a negative delta
        byte[] buf = new byte[256];
        int len = TransportCcFeedback.write(buf, 0, 0x11111111L, 0x22222222L, 65530, 3, arrivals, arrivals.length);
        assertThat(len % 4).isZero();
        List<String> packets = new ArrayList<>();
        RtcpCompound.forEach(buf, 0, len, new RtcpVisitor() {
            @Override
            public void onTransportCc(long senderSsrc, long mediaSsrc, byte[] b, int fciOff, int fciLen) {
                assertThat(senderSsrc).isEqualTo(0x11111111L);
                assertThat(TransportCcFeedback.feedbackCount(b, fciOff)).isEqualTo(3);
                try {
                    TransportCcFeedback.forEach(b, fciOff, fciLen, (seq, arrival) -> packets.add(seq + "=" + arrival));
                } catch (RtcpException e) {
                    throw new AssertionError(e);
                }
            }
        });
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < arrivals.length; i++) {
            expected.add(((65530 + i) & 0xffff) + "=" + arrivals[i]); // all multiples of 250 µs: exact
        }
        assertThat(packets).containsExactlyElementsOf(expected);
    }

    @Test
    void randomBytesGiveRtcpExceptionOrPackets() {
        Random random = new Random(7);
        byte[] fci = new byte[64];
        for (int round = 0; round < 20_000; round++) {
            random.nextBytes(fci);
            int len = random.nextInt(fci.length + 1);
            try {
                TransportCcFeedback.forEach(fci, 0, len, (s, a) -> { });
            } catch (RtcpException expected) {
                // fine: malformed
            }
        }
    }
}
