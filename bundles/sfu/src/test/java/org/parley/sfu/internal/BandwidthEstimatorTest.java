package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * The estimator on feedback traces of a simulated path, in simulated time: the SFU sends at its estimate, paced
 * in 1 ms steps, through a bottleneck of a given capacity (a drop-tail queue of 300 ms, 20 ms each way), and the
 * receiver reports every 50 ms with transport-cc feedback written as a browser writes it.
 */
class BandwidthEstimatorTest {
    private static final int PACKET_BYTES = 1200;
    private static final long MS = 1_000_000;

    /** A feedback packet on its way back to the SFU. */
    record Feedback(long dueNanos, byte[] bytes) {
    }

    /** A path and the SFU's sending over it; {@link #run} advances simulated time. */
    static final class Path {
        final TransportWideSequencer sequencer = new TransportWideSequencer();
        final BandwidthEstimator estimator = new BandwidthEstimator(sequencer);
        final Random random = new Random(42);
        final byte[] packet = new byte[PacketWorker.MAX_DATAGRAM + 64];
        final byte[] feedback = new byte[1500];
        final long[] arrivals = new long[8192];
        /** Reported packets: seq → arrival µs (receiver clock) or NOT_RECEIVED; in send order. */
        final ArrayDeque<long[]> unreported = new ArrayDeque<>();
        final ArrayDeque<Feedback> inFlightFeedback = new ArrayDeque<>();
        final List<Long> trace = new ArrayList<>();
        long capacity;
        double randomLoss;
        long nowNanos = 1_000 * MS;
        long queueFreeAtNanos;
        double sendCredit;
        int feedbackCount;
        /** The receiver's clock runs from an arbitrary origin. */
        final long receiverClockOffsetMicros = -5_000_000;

        Path(long capacity) {
            this.capacity = capacity;
        }

        /** Runs for {@code millis} of simulated time; records the estimate once per 100 ms. */
        void run(long millis) {
            for (long step = 0; step < millis; step++) {
                nowNanos += MS;
                long estimate = estimator.estimate(nowNanos);
                sendCredit += estimate / 8.0 / 1000;
                while (sendCredit >= PACKET_BYTES) {
                    sendCredit -= PACKET_BYTES;
                    send();
                }
                if (step % 50 == 0) {
                    writeFeedback();
                }
                while (!inFlightFeedback.isEmpty() && inFlightFeedback.peek().dueNanos() <= nowNanos) {
                    deliver(inFlightFeedback.poll().bytes());
                }
                if (step % 100 == 0) {
                    trace.add(estimator.estimate(nowNanos));
                }
            }
        }

        private void send() {
            int len = RtpPacket.writeHeader(packet, 0, 96, 1, 0, 0x1234, false);
            len += PACKET_BYTES - len;
            len = sequencer.stamp(packet, len, nowNanos);
            int seq = HeaderExtensions.transportSequenceNumber(packet, 0, len, CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
            long arrival;
            long queueDelay = Math.max(0, queueFreeAtNanos - nowNanos);
            if (queueDelay > 300 * MS || random.nextDouble() < randomLoss) {
                arrival = TransportCcFeedback.NOT_RECEIVED;
            } else {
                long start = Math.max(nowNanos, queueFreeAtNanos);
                queueFreeAtNanos = start + len * 8L * 1_000_000_000L / capacity;
                arrival = (queueFreeAtNanos + 20 * MS) / 1000 + receiverClockOffsetMicros;
            }
            unreported.add(new long[] { seq, arrival, nowNanos + 20 * MS + queueDelay });
        }

        /** The receiver reports every packet that reached it by now (and the lost ones before them). */
        private void writeFeedback() {
            long receiverNow = nowNanos / 1000 + receiverClockOffsetMicros;
            int count = 0;
            int base = -1;
            while (!unreported.isEmpty() && count < arrivals.length) {
                long[] next = unreported.peek();
                boolean arrived = next[1] != TransportCcFeedback.NOT_RECEIVED && next[1] <= receiverNow;
                boolean lostBeforeNow = next[1] == TransportCcFeedback.NOT_RECEIVED && next[2] <= nowNanos;
                if (!arrived && !lostBeforeNow) {
                    break;
                }
                unreported.poll();
                if (base < 0) {
                    base = (int) next[0];
                }
                arrivals[count++] = next[1];
            }
            // A browser never starts a feedback with a lost packet it has not seen anything after; trim trailing.
            while (count > 0 && arrivals[count - 1] == TransportCcFeedback.NOT_RECEIVED) {
                count--;
            }
            if (count == 0) {
                return;
            }
            int len = TransportCcFeedback.write(feedback, 0, 1, 0x1234, base, feedbackCount++, arrivals, count);
            inFlightFeedback.add(new Feedback(nowNanos + 20 * MS, java.util.Arrays.copyOf(feedback, len)));
        }

        private void deliver(byte[] buf) {
            int len = buf.length;
            int padding = (buf[0] & 0x20) != 0 ? buf[len - 1] & 0xff : 0;
            try {
                estimator.onTransportCc(buf, 12, len - 12 - padding, nowNanos);
            } catch (RtcpException e) {
                throw new AssertionError(e);
            }
        }

        /** The mean estimate over the latest {@code seconds} of the trace. */
        double meanOfLast(int seconds) {
            List<Long> tail = trace.subList(Math.max(0, trace.size() - 10 * seconds), trace.size());
            return tail.stream().mapToLong(Long::longValue).average().orElse(0);
        }

        long estimate() {
            return estimator.estimate(nowNanos);
        }
    }

    @Test
    void steadyLinkConvergesNearItsCapacity() {
        Path path = new Path(2_500_000);
        path.run(60_000);
        assertThat(path.meanOfLast(20)).isBetween(0.6 * 2_500_000, 1.15 * 2_500_000);
        assertThat(path.estimator.source()).isEqualTo(BandwidthEstimator.Source.TRANSPORT_CC);
        assertThat(path.estimator.lossFraction()).isLessThan(0.05);
    }

    @Test
    void growingDelayCutsTheEstimate() {
        Path path = new Path(3_000_000);
        path.run(30_000);
        long before = path.estimate();
        path.capacity = 800_000;
        path.run(5_000);
        assertThat(before).isGreaterThan(1_500_000);
        assertThat(path.meanOfLast(2)).isLessThan(1.1 * 800_000);
    }

    @Test
    void aLossBurstCutsTheEstimate() {
        Path path = new Path(10_000_000);
        path.run(20_000);
        long before = path.estimate();
        path.randomLoss = 0.25;
        path.run(5_000);
        assertThat(path.estimator.lossFraction()).isGreaterThan(0.1);
        assertThat(path.estimate()).isLessThan((long) (0.6 * before));
    }

    @Test
    void theEstimateRecoversWhenTheLinkDoes() {
        Path path = new Path(3_000_000);
        path.run(20_000);
        path.capacity = 600_000;
        path.run(10_000);
        long low = path.estimate();
        path.capacity = 3_000_000;
        path.run(40_000);
        assertThat(low).isLessThan(800_000);
        assertThat(path.meanOfLast(10)).isGreaterThan(1_800_000);
    }

    @Test
    void rembStandsInWithoutTransportCc() {
        BandwidthEstimator estimator = new BandwidthEstimator(new TransportWideSequencer());
        assertThat(estimator.estimate(0)).isEqualTo(BandwidthEstimator.START_BITRATE);
        estimator.onRemb(400_000, 10 * MS);
        assertThat(estimator.estimate(11 * MS)).isEqualTo(400_000);
        assertThat(estimator.source()).isEqualTo(BandwidthEstimator.Source.REMB);
    }

    @Test
    void malformedFeedbackChangesNothing() {
        BandwidthEstimator estimator = new BandwidthEstimator(new TransportWideSequencer());
        byte[] fci = { 0, 1, 0, 3, 0, 0, 0, 0, 0x20, 0x03, 0x10 };
        assertThatThrownBy(() -> estimator.onTransportCc(fci, 0, fci.length, MS)).isInstanceOf(RtcpException.class);
        assertThat(estimator.estimate(MS)).isEqualTo(BandwidthEstimator.START_BITRATE);
        assertThat(estimator.feedbacks()).isZero();
    }
}
