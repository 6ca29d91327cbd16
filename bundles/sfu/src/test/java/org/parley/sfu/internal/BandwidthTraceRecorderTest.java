package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * The recorder writes what the estimator saw, in the format {@link BandwidthTrace} reads, and stops quietly at its
 * size cap or at an I/O error.
 */
class BandwidthTraceRecorderTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    private final TransportWideSequencer sequencer = new TransportWideSequencer();
    private final BandwidthEstimator estimator = new BandwidthEstimator(sequencer);
    private final byte[] packet = new byte[PacketWorker.MAX_DATAGRAM + 64];
    /** Test time starts a second after the recorder's origin, so no time is before it. */
    private final long origin = System.nanoTime() + 1_000 * MS;
    private int feedbackCount;

    @Test
    void recordsSendsFeedbackRembAndTheEstimateInOrder() throws Exception {
        BandwidthTraceRecorder recorder = start(dir.resolve("t.bwe.gz"), Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            send(origin + i * MS, 1000 + i);
        }
        byte[] fci = feedback(0, 10, origin + 30 * MS);
        estimator.onTransportCc(fci, 0, fci.length, origin + 40 * MS);
        recorder.onTransportCc(fci, 0, fci.length, origin + 40 * MS);
        send(origin + 41 * MS, 1200);
        estimator.onRemb(700_000, origin + 50 * MS);
        recorder.onRemb(700_000, origin + 50 * MS);
        recorder.close("left");
        assertThat(recorder.recording()).isFalse();

        BandwidthTrace trace = read(recorder.file());
        assertThat(trace.first("meeting")).isEqualTo("meeting-1");
        assertThat(trace.first("participant")).isEqualTo("ben");
        assertThat(trace.first("transport")).isEqualTo("subscribe-1");
        assertThat(Long.parseLong(trace.first("started-epoch-micros"))).isPositive();
        assertThat(trace.first("stopped")).isEqualTo("left");
        List<BandwidthTrace.Event> events = trace.events();
        assertThat(events).hasSize(10 + 2 + 1 + 2);
        for (int i = 0; i < 10; i++) {
            BandwidthTrace.Send send = (BandwidthTrace.Send) events.get(i);
            assertThat(send.sequence()).isEqualTo(i);
            assertThat(send.size()).isEqualTo(1000 + i);
            assertThat(send.micros() - events.get(0).micros()).isBetween(i * 1000L - 1, i * 1000L + 1);
        }
        assertThat(((BandwidthTrace.Feedback) events.get(10)).fci()).isEqualTo(fci);
        BandwidthTrace.Estimate estimate = (BandwidthTrace.Estimate) events.get(11);
        assertThat(estimate.micros()).isEqualTo(events.get(10).micros());
        assertThat(events.get(12)).isInstanceOf(BandwidthTrace.Send.class);
        assertThat(((BandwidthTrace.Remb) events.get(13)).bitrate()).isEqualTo(700_000);
        assertThat(((BandwidthTrace.Estimate) events.get(14)).bitrate()).isEqualTo(700_000)
                .isEqualTo(estimator.estimate(origin + 50 * MS));
    }

    @Test
    void sendsThatLeftTheHistoryBeforeAnyFeedbackAreCountedAsMissed() throws Exception {
        BandwidthTraceRecorder recorder = start(dir.resolve("t.bwe.gz"), Long.MAX_VALUE);
        for (int i = 0; i < TransportWideSequencer.HISTORY + 5; i++) {
            send(origin + i * 100_000L, 500);
        }
        recorder.close("left");
        BandwidthTrace trace = read(recorder.file());
        assertThat(trace.first("missed-sends")).isEqualTo("5");
        assertThat(trace.events()).hasSize(TransportWideSequencer.HISTORY);
        assertThat(((BandwidthTrace.Send) trace.events().get(0)).sequence()).isEqualTo(5);
    }

    @Test
    void stopsAtItsSizeCapAndTheFileStaysReadable() throws Exception {
        BandwidthTraceRecorder recorder = start(dir.resolve("t.bwe.gz"), 2_000);
        for (int round = 0; round < 20 && recorder.recording(); round++) {
            for (int i = 0; i < 10; i++) {
                send(origin + (round * 10 + i) * MS, 1200);
            }
            byte[] fci = feedback(round * 10, 10, origin + (round * 10 + 20) * MS);
            recorder.onTransportCc(fci, 0, fci.length, origin + (round * 10 + 30) * MS);
        }
        assertThat(recorder.recording()).isFalse();
        recorder.close("left"); // a no-op now
        recorder.onTransportCc(new byte[8], 0, 8, origin);
        BandwidthTrace trace = read(recorder.file());
        assertThat(trace.first("stopped")).isEqualTo("size-cap");
        assertThat(trace.events()).isNotEmpty();
        assertThat(Files.size(recorder.file())).isLessThan(2_000);
    }

    /** /dev/full fails every write with ENOSPC: the recorder logs it and stops, and nothing is thrown. */
    @Test
    void anIoErrorStopsRecordingWithoutThrowing() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");
        BandwidthTraceRecorder recorder = start(full, Long.MAX_VALUE);
        assertThat(recorder).isNotNull(); // the first bytes only reach the buffers
        for (int round = 0; round < 50_000 && recorder.recording(); round++) {
            for (int i = 0; i < 20; i++) {
                send(origin + (round * 20 + i) * MS, 1200);
            }
            byte[] fci = feedback((round * 20) & 0xffff, 20, origin + (round * 20 + 20) * MS);
            recorder.onTransportCc(fci, 0, fci.length, origin + (round * 20 + 30) * MS);
        }
        assertThat(recorder.recording()).isFalse();
        recorder.close("left");
    }

    @Test
    void aFileThatCannotBeCreatedMeansNoRecorder() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        assertThat(start(notADirectory.resolve("t.bwe.gz"), Long.MAX_VALUE)).isNull();
    }

    private BandwidthTraceRecorder start(Path file, long maxBytes) {
        return BandwidthTraceRecorder.start(file, "meeting-1", "ben", "subscribe-1", sequencer, estimator, maxBytes);
    }

    private void send(long nowNanos, int size) {
        RtpPacket.writeHeader(packet, 0, 96, 1, 0, 0x1234, false);
        assertThat(sequencer.stamp(packet, size - 8, nowNanos)).isEqualTo(size);
    }

    /** Feedback on {@code count} packets from {@code base}, all received 1 ms apart from {@code firstArrival}. */
    private byte[] feedback(int base, int count, long firstArrivalNanos) {
        long[] arrivals = new long[count];
        for (int i = 0; i < count; i++) {
            arrivals[i] = (firstArrivalNanos + i * MS) / 1000;
        }
        byte[] buf = new byte[1500];
        int len = TransportCcFeedback.write(buf, 0, 1, 0x1234, base, feedbackCount++, arrivals, count);
        int padding = (buf[0] & 0x20) != 0 ? buf[len - 1] & 0xff : 0;
        return Arrays.copyOfRange(buf, 12, len - padding);
    }

    private static BandwidthTrace read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BandwidthTrace.read(in);
        }
    }
}
