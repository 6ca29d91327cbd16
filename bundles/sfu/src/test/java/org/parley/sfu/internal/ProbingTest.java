package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.room.Participant;
import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.RemoteTrack;
import org.parley.client.SyntheticPublisher;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * Bandwidth probes end to end over UDP, with a Java subscriber that answers with transport-cc feedback every
 * 50 ms as a browser does: the SFU probes a receiver that just connected with padding on its video's RTX stream,
 * the receiver drops that padding (it is no media), and the feedback on it raises the receiver's estimate.
 */
class ProbingTest {
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    /** Every RTP packet received, copied. */
    private static final class Capture implements MediaClientPeer.Listener {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();

        @Override
        public void onRtp(byte[] packet, int length) {
            packets.add(Arrays.copyOf(packet, length));
        }

        List<byte[]> withSsrc(long ssrc) {
            return packets.stream().filter(p -> RtpPacket.ssrc(p, 0) == ssrc).toList();
        }
    }

    /**
     * The receiver's side of transport-cc: notes each packet's transport-wide number and arrival time, and every
     * 50 ms reports the packets since the last feedback (the missing ones as lost).
     */
    private static final class TransportCcReceiver implements MediaClientPeer.Listener, AutoCloseable {
        private final MediaClientPeer peer;
        private final TreeMap<Integer, Long> unreported = new TreeMap<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private int feedbackCount;
        volatile int feedbacks;

        TransportCcReceiver(MediaClientPeer peer) {
            this.peer = peer;
            peer.addListener(this);
            timer.scheduleAtFixedRate(this::report, 50, 50, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onRtp(byte[] packet, int length) {
            int sequence = HeaderExtensions.transportSequenceNumber(packet, 0, length,
                    CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
            if (sequence >= 0) {
                synchronized (unreported) {
                    unreported.put(sequence, System.nanoTime() / 1000);
                }
            }
        }

        private void report() {
            long[] arrivals;
            int base;
            synchronized (unreported) {
                if (unreported.isEmpty()) {
                    return;
                }
                base = unreported.firstKey();
                arrivals = new long[unreported.lastKey() - base + 1];
                Arrays.fill(arrivals, TransportCcFeedback.NOT_RECEIVED);
                unreported.forEach((sequence, arrival) -> arrivals[sequence - base] = arrival);
                unreported.clear();
            }
            byte[] buf = new byte[64 + 2 * arrivals.length];
            int len = TransportCcFeedback.write(buf, 0, peer.receiverSsrc(), 0, base, feedbackCount++ & 0xff,
                    arrivals, arrivals.length);
            if (peer.sendRtcp(buf, 0, len)) {
                feedbacks++;
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
            peer.removeListener(this);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> receiver(SfuRig rig, String meetingId, String participantId) {
        Map<String, Object> meetings = (Map<String, Object>) rig.server.snapshot().get("meetings");
        Map<String, Object> meeting = (Map<String, Object>) meetings.get(meetingId);
        for (Map<String, Object> receiver : (List<Map<String, Object>>) meeting.get("receivers")) {
            if (participantId.equals(receiver.get("participantId"))) {
                return receiver;
            }
        }
        throw new AssertionError("no receiver " + participantId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastProbe(SfuRig rig, String meetingId, String participantId) {
        Map<String, Object> probe = (Map<String, Object>) receiver(rig, meetingId, participantId).get("probe");
        return (Map<String, Object>) probe.get("last");
    }

    private static boolean paddingOnly(byte[] packet) {
        return RtpPacket.padding(packet, 0) && RtpPacket.payloadLength(packet, 0, packet.length) == 0;
    }

    @Test
    void aNewReceiverIsProbedWithPaddingOnItsVideosRtxStreamWhichItDropsAndItsFeedbackRaisesTheEstimate()
            throws Exception {
        SfuRig rig = closing(new SfuRig(Map.of()));
        Participant alice = SfuRig.participant("probing", "alice");
        Participant bob = SfuRig.participant("probing", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice));
        closing(SyntheticPublisher.start(publisher, 30));
        MediaClientPeer subscriber = closing(rig.subscribe(bob));
        Capture capture = new Capture();
        subscriber.addListener(capture);
        MediaReceiver media = closing(MediaReceiver.attach(subscriber));
        TransportCcReceiver feedback = closing(new TransportCcReceiver(subscriber));
        RemoteTrack video = subscriber.remoteTrack(MediaClientPeer.VIDEO_MID).orElseThrow();

        SfuRig.await("the initial probe's feedback raises the estimate", Duration.ofSeconds(10), () -> {
            Map<String, Object> last = lastProbe(rig, "probing", "bob");
            return last != null && "raised".equals(last.get("outcome"));
        });
        Map<String, Object> receiver = receiver(rig, "probing", "bob");
        Map<String, Object> last = lastProbe(rig, "probing", "bob");
        assertThat(last.get("initial")).isEqualTo(true);
        assertThat((List<?>) last.get("clusters")).hasSize(3);
        assertThat((Long) last.get("bestBits")).as("loopback carries the probe").isGreaterThan(
                (long) (ProbeController.MIN_GAIN * (Long) last.get("estimateBeforeBits")));
        // raised, at least for a moment: this receiver's arrival times are taken after decryption on one thread, so
        // the delay-based side may see the probe's burst as queueing and cut the estimate right after
        @SuppressWarnings("unchecked")
        Map<String, Object> probeView = (Map<String, Object>) receiver.get("probe");
        assertThat((Long) probeView.get("raisedToBits")).as("%s", receiver)
                .isGreaterThan(BandwidthEstimator.START_BITRATE);
        assertThat(feedback.feedbacks).isPositive();

        List<byte[]> onRtx = capture.withSsrc(video.rtxSsrc());
        List<byte[]> padding = onRtx.stream().filter(ProbingTest::paddingOnly).toList();
        assertThat(padding).hasSizeGreaterThanOrEqualTo(3 * BandwidthProber.MIN_PACKETS);
        for (byte[] packet : padding) {
            assertThat(RtpPacket.payloadType(packet, 0)).isEqualTo(video.rtxPayloadType());
            assertThat(HeaderExtensions.transportSequenceNumber(packet, 0, packet.length,
                    CodecTable.SUBSCRIBER_TRANSPORT_CC_ID)).as("transport-wide number").isNotNegative();
            int padded = packet[packet.length - 1] & 0xff;
            assertThat(padded).isBetween(1, BandwidthProber.MAX_PADDING);
        }
        List<Integer> rtxSequences = padding.stream().map(p -> RtpPacket.sequenceNumber(p, 0)).toList();
        for (int i = 1; i < rtxSequences.size(); i++) {
            assertThat(rtxSequences.get(i)).as("the RTX stream's numbering").isEqualTo((rtxSequences.get(i - 1) + 1) & 0xffff);
        }
        assertThat(rig.counter("parley_sfu_probe_packets_total")).isGreaterThanOrEqualTo(padding.size());
        assertThat(rig.counter("parley_sfu_probe_bytes_total")).isPositive();
        assertThat(rig.counter("parley_sfu_probe_clusters_total")).isGreaterThanOrEqualTo(3);
        assertThat(rig.counter("parley_sfu_probes_total")).isPositive();

        // Not media: the receiver counts the padding apart, the video stream has none of it and no gap from it.
        SfuRig.await("the receiver has counted the padding", Duration.ofSeconds(2),
                () -> media.stats(MediaClientPeer.VIDEO_MID).map(s -> s.padding() >= padding.size()).orElse(false));
        MediaReceiver.StreamStats stats = media.stats(MediaClientPeer.VIDEO_MID).orElseThrow();
        assertThat(stats.retransmissions()).isZero();
        List<byte[]> videoPackets = capture.withSsrc(video.ssrc());
        assertThat(videoPackets).isNotEmpty().noneMatch(ProbingTest::paddingOnly);
        for (int i = 1; i < videoPackets.size(); i++) {
            assertThat(RtpPacket.sequenceNumber(videoPackets.get(i), 0)).as("continuous video numbering")
                    .isEqualTo((RtpPacket.sequenceNumber(videoPackets.get(i - 1), 0) + 1) & 0xffff);
        }
    }

    @Test
    void withProbingOffNoPaddingIsSent() throws Exception {
        SfuRig rig = closing(new SfuRig(Map.of("probing", false)));
        Participant alice = SfuRig.participant("no-probing", "alice");
        Participant bob = SfuRig.participant("no-probing", "bob");
        MediaClientPeer publisher = closing(rig.publish(alice));
        closing(SyntheticPublisher.start(publisher, 30));
        MediaClientPeer subscriber = closing(rig.subscribe(bob));
        MediaReceiver media = closing(MediaReceiver.attach(subscriber));
        closing(new TransportCcReceiver(subscriber));
        SfuRig.await("video arrives", Duration.ofSeconds(5),
                () -> media.stats(MediaClientPeer.VIDEO_MID).map(s -> s.packets() > 30).orElse(false));
        // several allocation rounds (every 500 ms) have passed by the time 30 video packets arrived... and more:
        Thread.sleep(1_200);
        assertThat(rig.counter("parley_sfu_probes_total")).isZero();
        assertThat(media.stats(MediaClientPeer.VIDEO_MID).orElseThrow().padding()).isZero();
        assertThat(lastProbe(rig, "no-probing", "bob")).isNull();
    }
}
