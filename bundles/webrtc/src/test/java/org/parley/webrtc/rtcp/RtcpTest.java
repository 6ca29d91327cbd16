package org.parley.webrtc.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    /** An SR with one report block followed by an SDES CNAME, the shape browsers send every few seconds. */
    static final byte[] SR_SDES = hex("""
            81 c8 00 0c  12 34 56 78  e5 a1 b2 c3 d4 e5 f6 07  00 01 e2 40  00 00 00 64  00 00 fa 00
            9a bc de f0  19 ff ff fb  00 01 00 10  00 00 00 20  a1 b2 c3 d4  00 01 80 00
            81 ca 00 06  12 34 56 78  01 10 61 62 63 64 45 46 47 48 31 32 33 34 35 36 37 38  00 00""");

    private static List<String> walk(byte[] buf, int off, int len) throws RtcpException {
        RecordingVisitor visitor = new RecordingVisitor();
        RtcpCompound.forEach(buf, off, len, visitor);
        return visitor.events;
    }

    private static List<String> walk(byte[] buf) throws RtcpException {
        return walk(buf, 0, buf.length);
    }

    @Test
    void walksABrowserStyleCompound() throws Exception {
        assertThat(walk(SR_SDES)).containsExactly(
                "SR 12345678 ntp=e5a1b2c3d4e5f607 rtp=123456 packets=100 octets=64000",
                "RB 12345678->9abcdef0 fraction=25 lost=-5 ext=65552 jitter=32 lsr=a1b2c3d4 dlsr=98304",
                "SDES 12345678 1=abcdEFGH12345678");
    }

    @Test
    void writtenReportsRoundTrip() throws Exception {
        byte[] buf = new byte[256];
        int at = RtcpWriter.senderReport(buf, 0, 0xffffffffL, 0x0102030405060708L, 90000, 7, 7000);
        at += RtcpWriter.senderReport(buf, at, 1, 2, 3, 4, 5, 0x10, 255, -0x900000, 0x1_0005L, 9, 0xabcd, 11);
        at += RtcpWriter.receiverReport(buf, at, 0x22);
        at += RtcpWriter.receiverReport(buf, at, 0x22, 0x33, 1, 0x7fffff, 65535, 0, 0, 0);
        at += RtcpWriter.sdesCname(buf, at, 0x22, "x");
        at += RtcpWriter.sdesCname(buf, at, 0x23, "four");
        at += RtcpWriter.bye(buf, at, 0x22);
        assertThat(at).isEqualTo(28 + 52 + 8 + 32 + 12 + 16 + 8);
        assertThat(walk(buf, 0, at)).containsExactly(
                "SR ffffffff ntp=102030405060708 rtp=90000 packets=7 octets=7000",
                "SR 1 ntp=2 rtp=3 packets=4 octets=5",
                "RB 1->10 fraction=255 lost=-8388608 ext=65541 jitter=9 lsr=abcd dlsr=11",
                "RR 22",
                "RR 22",
                "RB 22->33 fraction=1 lost=8388607 ext=65535 jitter=0 lsr=0 dlsr=0",
                "SDES 22 1=x",
                "SDES 23 1=four",
                "BYE 22");
    }

    @Test
    void writtenFeedbackRoundTrips() throws Exception {
        byte[] buf = new byte[256];
        int at = RtcpWriter.pli(buf, 5, 0xa, 0xb) + 5;
        at += RtcpWriter.fir(buf, at, 0xa, 0xc, 300);
        at += RtcpWriter.nack(buf, at, 0xa, 0xb, new int[] {65534, 65535, 0, 14, 15, 40, 40}, 7);
        at += RtcpWriter.remb(buf, at, 0xa, 1_000_000, new long[] {0xb, 0xc});
        assertThat(walk(buf, 5, at - 5)).containsExactly(
                "PLI a->b",
                "FIR a->c seq=44",
                "NACK a->b pid=65534 blp=1000000000000011",
                "NACK a->b pid=15 blp=0",
                "NACK a->b pid=40 blp=0",
                "REMB a bitrate=1000000 b c");
    }

    @Test
    void nackEntriesExpandBackToTheLostSequenceNumbers() throws Exception {
        int[] lost = {65530, 65531, 65535, 0, 3, 9, 100, 116, 117};
        byte[] buf = new byte[64];
        int length = RtcpWriter.nack(buf, 0, 1, 2, lost, lost.length);
        assertThat(length).isEqualTo(12 + 4 * 3);
        List<Integer> expanded = new ArrayList<>();
        RtcpCompound.forEach(buf, 0, length, new RtcpVisitor() {
            @Override
            public void onNack(long sender, long media, int pid, int blp) {
                assertThat(Nacks.lostCount(blp)).isBetween(1, 17);
                Nacks.forEachLost(pid, blp, expanded::add);
            }
        });
        assertThat(expanded).containsExactly(65530, 65531, 65535, 0, 3, 9, 100, 116, 117);
        assertThat(RtcpWriter.nack(buf, 0, 1, 2, lost, 0)).isZero();
        List<Integer> all = new ArrayList<>();
        Nacks.forEachLost(65535, 0xffff, all::add);
        assertThat(all).hasSize(17).startsWith(65535, 0, 1).endsWith(15);
        assertThat(Nacks.lostCount(0xffff)).isEqualTo(17);
    }

    @Test
    void rembEncodesMantissaAndExponent() throws Exception {
        byte[] buf = new byte[64];
        int length = RtcpWriter.remb(buf, 0, 1, 1_000_000, new long[] {2});
        // 1_000_000 needs 20 bits: exponent 2, mantissa 250000 (0x3d090)
        assertThat(Arrays.copyOfRange(buf, 12, 20)).isEqualTo(hex("52 45 4d 42 01 0b d0 90"));
        assertThat(length).isEqualTo(24);
        assertThat(rembBitrateOf(buf, length)).isEqualTo(1_000_000L);

        RtcpWriter.remb(buf, 0, 1, 0x3ffff, new long[0]);
        assertThat(rembBitrateOf(buf, 20)).isEqualTo(0x3ffffL);
        RtcpWriter.remb(buf, 0, 1, 0x40001, new long[0]);
        assertThat(rembBitrateOf(buf, 20)).isEqualTo(0x40000L); // rounded down
        RtcpWriter.remb(buf, 0, 1, 0, new long[0]);
        assertThat(rembBitrateOf(buf, 20)).isZero();
        RtcpWriter.remb(buf, 0, 1, 10_000_000_000_000L, new long[0]);
        assertThat(rembBitrateOf(buf, 20)).isLessThanOrEqualTo(10_000_000_000_000L)
                .isGreaterThan(10_000_000_000_000L - (10_000_000_000_000L >> 17));
        RtcpWriter.remb(buf, 0, 1, Long.MAX_VALUE, new long[0]);
        assertThat(rembBitrateOf(buf, 20)).isEqualTo(0x3ffffL << 45);
        // The largest a REMB can say (exponent 63) does not fit a long.
        byte[] huge = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 ff ff ff");
        assertThat(rembBitrateOf(huge, huge.length)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> RtcpWriter.remb(buf, 0, 1, -1, new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transportCcAndUnknownFeedbackGoToTheirCallbacks() throws Exception {
        byte[] packets = hex("""
                8f cd 00 04  00 00 00 0a  00 00 00 0b  00 01 00 02 00 00 10 00
                83 cd 00 02  00 00 00 0a  00 00 00 0b
                8f ce 00 03  00 00 00 0a  00 00 00 0b  41 42 43 44
                80 cc 00 02  00 00 00 0a  6e 61 6d 65
                82 cf 00 01  00 00 00 0a""");
        assertThat(walk(packets)).containsExactly(
                "TCC a->b fci=8",
                "OTHER 205/3 len=12",
                "OTHER 206/15 len=16",
                "OTHER 204/0 len=12",
                "OTHER 207/2 len=8");
    }

    @Test
    void paddingIsSkipped() throws Exception {
        byte[] padded = hex("a0 c9 00 02 00 00 00 07 00 00 00 04");
        assertThat(walk(padded)).containsExactly("RR 7");
    }

    @Test
    void byeWithReasonAndSeveralSsrcs() throws Exception {
        byte[] bye = hex("82 cb 00 04 00 00 00 01 00 00 00 02 03 62 79 65 00 00 00 00");
        assertThat(walk(bye)).containsExactly("BYE 1", "BYE 2");
    }

    @Test
    void rejectsMalformedCompounds() {
        assertMalformed(new byte[0]);
        assertMalformed(Arrays.copyOf(SR_SDES, 3));
        byte[] version1 = SR_SDES.clone();
        version1[52] = 0x41; // the SDES packet
        assertMalformed(version1);
        assertMalformed(Arrays.copyOf(SR_SDES, SR_SDES.length - 4)); // SDES length overruns
        assertMalformed(Arrays.copyOf(SR_SDES, SR_SDES.length + 4)); // trailing bytes that are not a packet
        assertMalformed(Arrays.copyOf(SR_SDES, SR_SDES.length + 2)); // truncated header
        byte[] tooManyBlocks = SR_SDES.clone();
        tooManyBlocks[0] = (byte) 0x82;
        assertMalformed(tooManyBlocks);
        assertMalformed(hex("81 c9 00 01 00 00 00 07")); // RR announcing a block it lacks
        assertMalformed(hex("81 ca 00 02 00 00 00 01 01 05 61 62")); // SDES item overrunning
        assertMalformed(hex("81 ca 00 02 00 00 00 01 01 02 61 62")); // SDES chunk without END
        assertMalformed(hex("81 cd 00 02 00 00 00 01 00 00 00 02")); // NACK without FCI
        assertMalformed(hex("a1 cd 00 03 00 00 00 01 00 00 00 02 00 05 00 02")); // padding leaves 2-byte NACK FCI
        assertMalformed(hex("84 ce 00 03 00 00 00 01 00 00 00 00 00 00 00 02")); // FIR FCI cut to 4 bytes
        assertMalformed(hex("8f ce 00 03 00 00 00 01 00 00 00 00 52 45 4d 42")); // REMB without count
        assertMalformed(hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 02 00 00 01")); // REMB SSRCs cut
        assertMalformed(hex("8f cd 00 03 00 00 00 01 00 00 00 02 00 01 00 02")); // transport-cc FCI cut
        assertMalformed(hex("81 ce 00 01 00 00 00 01")); // PLI without media SSRC
        assertMalformed(hex("a0 c9 00 02 00 00 00 07 00 00 00 00")); // padding count 0
        assertMalformed(hex("a0 c9 00 01 00 00 00 07")); // padding eating the header
        assertMalformed(hex("81 cb 00 02 00 00 00 01 05 61 62 63")); // BYE reason overrunning
        assertThatThrownBy(() -> RtcpCompound.forEach(SR_SDES, 4, SR_SDES.length, new RecordingVisitor()))
                .isInstanceOf(RtcpException.class);
    }

    @Test
    void aMalformedTailKeepsTheVisitorFromSeeingAnything() {
        byte[] broken = Arrays.copyOf(SR_SDES, SR_SDES.length - 4);
        RecordingVisitor visitor = new RecordingVisitor();
        assertThatThrownBy(() -> RtcpCompound.forEach(broken, 0, broken.length, visitor))
                .isInstanceOf(RtcpException.class);
        assertThat(visitor.events).isEmpty();
    }

    @Test
    void writersRefuseBuffersWithoutRoom() {
        byte[] small = new byte[11];
        assertThatThrownBy(() -> RtcpWriter.pli(small, 0, 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RtcpWriter.nack(new byte[15], 0, 1, 2, new int[] {1}, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RtcpWriter.sdesCname(new byte[64], 0, 1, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long rembBitrateOf(byte[] buf, int length) throws RtcpException {
        long[] bitrate = {-1};
        RtcpCompound.forEach(buf, 0, length, new RtcpVisitor() {
            @Override
            public void onRemb(long sender, long value, byte[] b, int ssrcsOff, int ssrcCount) {
                bitrate[0] = value;
            }
        });
        return bitrate[0];
    }

    private static void assertMalformed(byte[] buf) {
        assertThatThrownBy(() -> RtcpCompound.forEach(buf, 0, buf.length, new RecordingVisitor()))
                .isInstanceOf(RtcpException.class);
    }
}
