package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * Probe clusters through the real sequencer and estimator, with transport-cc feedback written as a browser writes
 * it: what a cluster's feedback gives as a result, when it gives none, and how a result moves the estimate.
 */
class ProbeClusterMeterTest {
    private static final long MS = 1_000_000;
    private static final int PACKET_BYTES = 250;

    private final TransportWideSequencer sequencer = new TransportWideSequencer();
    private final BandwidthEstimator estimator = new BandwidthEstimator(sequencer);
    private final byte[] packet = new byte[PacketWorker.MAX_DATAGRAM + 64];
    private final byte[] feedback = new byte[1500];
    private int feedbackCount;

    /** A cluster of {@code count} packets sent at {@code sendBits} from {@code startNanos}. */
    private record Sent(int firstSequence, long[] sentNanos, int[] sizes) {
    }

    private Sent sendCluster(int cluster, int count, long sendBits, long startNanos) {
        sequencer.openCluster(cluster);
        long[] times = new long[count];
        int[] sizes = new int[count];
        int first = -1;
        long at = startNanos;
        for (int i = 0; i < count; i++) {
            RtpPacket.writeHeader(packet, 0, 97, i, 0, 0x1234, false);
            int len = sequencer.stamp(packet, PACKET_BYTES - 8, at);
            int sequence = HeaderExtensions.transportSequenceNumber(packet, 0, len,
                    CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
            first = first < 0 ? sequence : first;
            times[i] = at;
            sizes[i] = len;
            at += len * 8L * 1_000_000_000L / sendBits;
        }
        sequencer.closeCluster(times[count - 1]);
        return new Sent(first, times, sizes);
    }

    /**
     * The arrivals (receiver clock, µs) of the cluster through a link of {@code linkBits} 20 ms away, with
     * {@code lostEvery}-th packets lost (0: none).
     */
    private static long[] through(Sent sent, long linkBits, int lostEvery) {
        long[] arrivals = new long[sent.sentNanos().length];
        long free = 0;
        for (int i = 0; i < arrivals.length; i++) {
            long start = Math.max(sent.sentNanos()[i], free);
            free = start + sent.sizes()[i] * 8L * 1_000_000_000L / linkBits;
            arrivals[i] = lostEvery > 0 && i % lostEvery == lostEvery - 1 ? TransportCcFeedback.NOT_RECEIVED
                    : (free + 20 * MS) / 1000 - 7_000_000;
        }
        return arrivals;
    }

    private void deliver(Sent sent, long[] arrivals, long nowNanos) throws RtcpException {
        deliver(sent.firstSequence(), arrivals, nowNanos);
    }

    private void deliver(int base, long[] arrivals, long nowNanos) throws RtcpException {
        int len = TransportCcFeedback.write(feedback, 0, 1, 0x1234, base, feedbackCount++, arrivals, arrivals.length);
        int padding = (feedback[0] & 0x20) != 0 ? feedback[len - 1] & 0xff : 0;
        estimator.onTransportCc(Arrays.copyOf(feedback, len), 12, len - 12 - padding, nowNanos);
    }

    @Test
    void aClusterThroughA500kLinkGivesAbout500k() throws RtcpException {
        Sent sent = sendCluster(0, 10, 1_000_000, 1_000 * MS);
        long[] arrivals = through(sent, 500_000, 0);
        deliver(sent, arrivals, sent.sentNanos()[9] + 80 * MS);
        // receiving at half the send rate: the link was full, its capacity is the result (with a 5 % margin)
        assertThat(estimator.probeResult(0)).isBetween(450_000L, 510_000L);
        assertThat(estimator.probeSaturated(0)).isTrue();
        long[] rates = estimator.probeRates(0);
        assertThat(rates[0]).as("send rate").isBetween(900_000L, 1_100_000L);
        assertThat(rates[1]).as("receive rate").isBetween(480_000L, 520_000L);
    }

    @Test
    void aClusterBelowTheLinkGivesItsSendRateWhichRaisesTheEstimate() throws RtcpException {
        assertThat(estimator.estimate(0)).isEqualTo(BandwidthEstimator.START_BITRATE);
        Sent sent = sendCluster(3, 30, 3_000_000, 1_000 * MS);
        deliver(sent, through(sent, 50_000_000, 0), sent.sentNanos()[29] + 60 * MS);
        assertThat(estimator.probeResult(3)).isBetween(2_800_000L, 3_200_000L);
        assertThat(estimator.probeSaturated(3)).isFalse();
        assertThat(estimator.estimate(sent.sentNanos()[29] + 60 * MS)).as("only a probe's result raises it")
                .isEqualTo(BandwidthEstimator.START_BITRATE);
        assertThat(estimator.raiseByProbe(estimator.probeResult(3), sent.sentNanos()[29] + 70 * MS)).isTrue();
        long estimate = estimator.estimate(sent.sentNanos()[29] + 70 * MS);
        assertThat(estimate).isBetween(2_800_000L, 3_200_000L);
        assertThat(estimator.probeRaisedTo()).isEqualTo(estimate);
    }

    @Test
    void aResultBelowTheEstimateLeavesItAlone() throws RtcpException {
        Sent sent = sendCluster(1, 10, 1_000_000, 1_000 * MS);
        deliver(sent, through(sent, 400_000, 0), sent.sentNanos()[9] + 80 * MS);
        assertThat(estimator.probeResult(1)).isBetween(350_000L, 400_000L);
        assertThat(estimator.raiseByProbe(estimator.probeResult(1), sent.sentNanos()[9] + 80 * MS)).isFalse();
        assertThat(estimator.estimate(sent.sentNanos()[9] + 80 * MS)).isEqualTo(BandwidthEstimator.START_BITRATE);
        assertThat(estimator.probeRaisedTo()).isEqualTo(-1);
    }

    @Test
    void aClusterWithAThirdLostGivesNoResult() throws RtcpException {
        Sent sent = sendCluster(2, 12, 3_000_000, 1_000 * MS);
        deliver(sent, through(sent, 50_000_000, 3), sent.sentNanos()[11] + 60 * MS);
        assertThat(estimator.probeResult(2)).isEqualTo(-1);
        assertThat(estimator.estimate(sent.sentNanos()[11] + 60 * MS)).isEqualTo(BandwidthEstimator.START_BITRATE);
    }

    @Test
    void lateFeedbackOnAClusterGivesNoResult() throws RtcpException {
        Sent sent = sendCluster(4, 10, 3_000_000, 1_000 * MS);
        deliver(sent, through(sent, 50_000_000, 0), sent.sentNanos()[9] + 1_500 * MS);
        assertThat(estimator.probeResult(4)).isEqualTo(-1);
    }

    @Test
    void feedbackBeforeTheClusterClosedWaitsForTheRest() throws RtcpException {
        sequencer.openCluster(5);
        long at = 1_000 * MS;
        int first = -1;
        long[] arrivals = new long[10];
        for (int i = 0; i < 10; i++) {
            int len = sequencer.stamp(packet, RtpPacket.writeHeader(packet, 0, 97, i, 0, 1, false) + 200, at);
            int sequence = HeaderExtensions.transportSequenceNumber(packet, 0, len,
                    CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
            first = first < 0 ? sequence : first;
            arrivals[i] = (at + 20 * MS) / 1000;
            at += 2 * MS;
        }
        deliver(first, Arrays.copyOfRange(arrivals, 0, 5), at);
        assertThat(estimator.probeResult(5)).as("still open").isEqualTo(-1);
        sequencer.closeCluster(at);
        deliver(first + 5, Arrays.copyOfRange(arrivals, 5, 10), at + 10 * MS);
        // 220 bytes (with the transport-cc element) every 2 ms, all ten counted
        assertThat(estimator.probeResult(5)).isBetween(850_000L, 900_000L);
    }

    @Test
    void arrivalsAllAtOneInstantGiveNoResult() throws RtcpException {
        Sent sent = sendCluster(6, 8, 2_000_000, 1_000 * MS);
        long[] arrivals = new long[8];
        Arrays.fill(arrivals, 5_000_000);
        deliver(sent, arrivals, sent.sentNanos()[7] + 60 * MS);
        assertThat(estimator.probeResult(6)).isEqualTo(-1);
    }

    @Test
    void mediaSentWhileAClusterIsOpenCountsAsPartOfItAndOtherPacketsDoNot() {
        int before = sequencer.stamp(packet, RtpPacket.writeHeader(packet, 0, 96, 1, 0, 1, false) + 100, MS);
        int beforeSequence = HeaderExtensions.transportSequenceNumber(packet, 0, before,
                CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
        sequencer.openCluster(7);
        int len = sequencer.stamp(packet, RtpPacket.writeHeader(packet, 0, 96, 2, 0, 1, false) + 100, 2 * MS);
        int inside = HeaderExtensions.transportSequenceNumber(packet, 0, len, CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
        assertThat(sequencer.clusterPackets(7)).as("open").isEqualTo(-1);
        sequencer.closeCluster(3 * MS);
        synchronized (sequencer) {
            assertThat(sequencer.cluster(beforeSequence)).isEqualTo(-1);
            assertThat(sequencer.cluster(inside)).isEqualTo(7);
            assertThat(sequencer.clusterPackets(7)).isEqualTo(1);
            assertThat(sequencer.clusterBytes(7)).isEqualTo(120);
            assertThat(sequencer.clusterClosedNanos(7)).isEqualTo(3 * MS);
        }
    }
}
