package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** The trace format's reader: what it accepts, and a clear error naming the line for anything else. */
class BandwidthTraceTest {
    private static final String VALID = """
            # parley-bwe-trace 1
            # meeting m1
            # shape 0 unshaped
            # shape 20000000 300000
            S 0 1000 1200
            S 1 2000 1180
            F 52000 00000002000000014000
            E 52000 1000000 -1 N
            R 60000 850000
            E 60000 850000 9600 O

            # stopped left
            """;

    @Test
    void readsEveryRecordTypeAndTheMetadata() throws IOException {
        BandwidthTrace trace = read(VALID);
        assertThat(trace.first("meeting")).isEqualTo("m1");
        assertThat(trace.all("shape")).containsExactly("0 unshaped", "20000000 300000");
        assertThat(trace.first("stopped")).isEqualTo("left");
        assertThat(trace.first("absent")).isNull();
        assertThat(trace.events()).hasSize(6);
        assertThat(trace.events().get(0)).isEqualTo(new BandwidthTrace.Send(0, 1000, 1200));
        BandwidthTrace.Feedback feedback = (BandwidthTrace.Feedback) trace.events().get(2);
        assertThat(feedback.micros()).isEqualTo(52000);
        assertThat(feedback.fci()).containsExactly(0, 0, 0, 2, 0, 0, 0, 1, 0x40, 0);
        assertThat(trace.events().get(3)).isEqualTo(new BandwidthTrace.Estimate(52000, 1_000_000, -1, 'N'));
        assertThat(trace.events().get(4)).isEqualTo(new BandwidthTrace.Remb(60000, 850_000));
    }

    @Test
    void readsGzipAndWindowsLineEnds() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(VALID.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        BandwidthTrace trace = BandwidthTrace.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(trace.events()).hasSize(6);
        assertThat(trace.first("meeting")).isEqualTo("m1");
    }

    @Test
    void rejectsWhatIsNotATraceOfThisVersion() {
        assertMalformed("", "empty input");
        assertMalformed("hello\nS 0 1 20\n", "line 1: not a bandwidth trace");
        assertMalformed("# parley-bwe-trace 2\nS 0 1 20\n", "line 1: trace format version '2', this code reads 1");
        assertMalformed("# parley-bwe-trace\n", "line 1: not a bandwidth trace");
        assertMalformed("\u001f\u008bnot really gzip", null);
    }

    @Test
    void rejectsMalformedRecordsNamingTheLine() {
        String head = "# parley-bwe-trace 1\n# ok fine\n";
        assertMalformed(head + "X 1 2\n", "line 3: unknown record type 'X'");
        assertMalformed(head + "S 0 1000\n", "line 3: expected 'S seq sendMicros size' (4 fields");
        assertMalformed(head + "S 0  1000 20\n", "line 3: expected 'S seq sendMicros size'");
        assertMalformed(head + "S 0 1000 20 \n", "line 3: expected");
        assertMalformed(head + "S 65536 1000 20\n", "line 3: sequence number 65536 is outside 0..65535");
        assertMalformed(head + "S -1 1000 20\n", "line 3: sequence number -1 is outside");
        assertMalformed(head + "S 1 ten 20\n", "line 3: time 'ten' is not a whole number");
        assertMalformed(head + "S 1 -5 20\n", "line 3: time -5 is outside");
        assertMalformed(head + "S 1 5 0\n", "line 3: size 0 is outside 1..65535");
        assertMalformed(head + "S 1 99999999999999999999 20\n", "is not a whole number");
        assertMalformed(head + "F 10 abc\n", "line 3: feedback is not an even number");
        assertMalformed(head + "F 10 \n", "line 3: feedback is not an even number");
        assertMalformed(head + "F 10 00zz\n", "line 3: feedback has a character that is not a hex digit at 2");
        assertMalformed(head + "F 10 " + "00".repeat(BandwidthTrace.MAX_FCI_BYTES + 1) + "\n",
                "line 3: feedback is not an even number");
        assertMalformed(head + "R 10\n", "line 3: expected 'R recvMicros bitsPerSecond'");
        assertMalformed(head + "R 10 -3\n", "line 3: bitrate -3 is outside");
        assertMalformed(head + "E 10 1000 -1 Q\n", "line 3: signal 'Q' is not N, O or U");
        assertMalformed(head + "E 10 1000 -2 N\n", "line 3: delivered bitrate -2 is outside");
        assertMalformed(head + "S".repeat(BandwidthTrace.MAX_LINE + 1) + "\n", "line 3: line longer than");
        assertMalformed(head + "x".repeat(60) + " 1\n", "unknown record type '" + "x".repeat(40) + "...'");
    }

    /** Bytes of a valid trace, corrupted at random: a trace or an IOException, never anything else. */
    @Test
    void corruptedInputGivesATraceOrAnIoExceptionNeverAnythingElse() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gz)) {
            gzip.write(VALID.getBytes(StandardCharsets.US_ASCII));
        }
        Random random = new Random(8);
        for (byte[] original : new byte[][] { VALID.getBytes(StandardCharsets.US_ASCII), gz.toByteArray() }) {
            for (int round = 0; round < 2_000; round++) {
                byte[] bytes = original.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length) : bytes.length;
                try {
                    BandwidthTrace.read(new ByteArrayInputStream(bytes, 0, length));
                } catch (BandwidthTrace.MalformedTraceException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (IOException expected) {
                    // a broken gzip stream (java.util.zip's own errors)
                }
            }
        }
    }

    private static BandwidthTrace read(String text) throws IOException {
        return BandwidthTrace.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void assertMalformed(String text, String message) {
        var thrown = assertThatThrownBy(() -> read(text)).isInstanceOf(IOException.class);
        if (message != null) {
            thrown.isInstanceOf(BandwidthTrace.MalformedTraceException.class).hasMessageContaining(message);
        }
    }
}
