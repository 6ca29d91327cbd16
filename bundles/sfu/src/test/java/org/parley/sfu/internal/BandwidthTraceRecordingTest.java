package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.room.Participant;
import org.parley.client.MediaClientPeer;
import org.parley.client.SyntheticPublisher;
import org.parley.webrtc.rtcp.TransportCcFeedback;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * The trace recorder where the SFU hooks it ({@code bwe.trace.dir}): a Java subscriber receives a publisher's
 * media, sends transport-cc feedback on it, and leaves; its trace holds what was sent, the feedback as sent, and
 * the estimate, and is closed.
 */
class BandwidthTraceRecordingTest {
    @TempDir
    static Path traces;
    private static SfuRig rig;

    @BeforeAll
    static void startServer() throws Exception {
        rig = new SfuRig(Map.of("bwe_trace_dir", traces.toString()));
    }

    @AfterAll
    static void stopServer() {
        rig.close();
    }

    @Test
    void aSubscribersTraceHoldsItsSendsItsFeedbackAndTheEstimateAndClosesWhenItLeaves() throws Exception {
        Participant alice = SfuRig.participant("traced", "alice");
        Participant bob = SfuRig.participant("traced", "bob");
        try (MediaClientPeer publisher = rig.publish(alice);
                SyntheticPublisher media = SyntheticPublisher.start(publisher, 30);
                MediaClientPeer subscriber = rig.subscribe(bob)) {
            List<byte[]> received = new CopyOnWriteArrayList<>();
            subscriber.addListener(new MediaClientPeer.Listener() {
                @Override
                public void onRtp(byte[] packet, int length) {
                    received.add(Arrays.copyOf(packet, length));
                }
            });
            SfuRig.await("media arrives", Duration.ofSeconds(5), () -> received.size() > 30);

            // feedback on the first 20 packets bob got, as a browser would send it
            List<byte[]> first = List.copyOf(received).subList(0, 20);
            int base = sequence(first.get(0));
            long[] arrivals = new long[20];
            for (int i = 0; i < 20; i++) {
                assertThat(sequence(first.get(i))).as("transport-wide numbers run on").isEqualTo((base + i) & 0xffff);
                arrivals[i] = 5_000_000 + i * 2_000L;
            }
            byte[] rtcp = new byte[1500];
            int len = TransportCcFeedback.write(rtcp, 0, 0x4242, RtpPacket.ssrc(first.get(0), 0), base, 0, arrivals, 20);
            assertThat(subscriber.sendRtcp(rtcp, 0, len)).isTrue();
            SfuRig.await("the estimator reads it", Duration.ofSeconds(5), () -> feedbacks(bob) > 0);
            rig.server.onLeave(bob);
            rig.server.onLeave(alice);
            media.close();
            byte[] fci = Arrays.copyOfRange(rtcp, 12, len - ((rtcp[0] & 0x20) != 0 ? rtcp[len - 1] & 0xff : 0));

            BandwidthTrace trace = read(traceOf(bob));
            assertThat(trace.first("meeting")).isEqualTo("traced");
            assertThat(trace.first("participant")).isEqualTo("bob");
            assertThat(trace.first("stopped")).isEqualTo("left");
            List<BandwidthTrace.Event> events = trace.events();
            List<Integer> sent = events.stream().filter(e -> e instanceof BandwidthTrace.Send)
                    .map(e -> ((BandwidthTrace.Send) e).sequence()).toList();
            for (int i = 0; i < 20; i++) {
                assertThat(sent).contains((base + i) & 0xffff);
            }
            int at = indexOfFeedback(events);
            assertThat(((BandwidthTrace.Feedback) events.get(at)).fci()).isEqualTo(fci);
            assertThat(events.subList(0, at)).as("every packet the feedback names is written before it")
                    .filteredOn(e -> e instanceof BandwidthTrace.Send).hasSizeGreaterThanOrEqualTo(20);
            assertThat(events.get(at + 1)).isInstanceOf(BandwidthTrace.Estimate.class);
        }
    }

    private static int sequence(byte[] packet) {
        return HeaderExtensions.transportSequenceNumber(packet, 0, packet.length, CodecTable.SUBSCRIBER_TRANSPORT_CC_ID);
    }

    /** Transport-cc feedbacks the receiver's estimator used, from the SFU's debug view. */
    private static long feedbacks(Participant who) {
        Object meeting = ((Map<?, ?>) rig.server.snapshot().get("meetings")).get(who.meetingId());
        if (meeting == null) {
            return 0;
        }
        for (Object receiver : (List<?>) ((Map<?, ?>) meeting).get("receivers")) {
            Map<?, ?> r = (Map<?, ?>) receiver;
            if (who.id().equals(r.get("participantId"))) {
                return ((Number) r.get("transportCcFeedbacks")).longValue();
            }
        }
        return 0;
    }

    private static int indexOfFeedback(List<BandwidthTrace.Event> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof BandwidthTrace.Feedback) {
                return i;
            }
        }
        throw new AssertionError("no feedback in the trace: " + events.size() + " events");
    }

    private static Path traceOf(Participant who) throws IOException {
        try (Stream<Path> files = Files.list(traces)) {
            return files.filter(f -> f.getFileName().toString().startsWith(who.meetingId() + "-" + who.id() + "-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no trace of " + who.id()));
        }
    }

    private static BandwidthTrace read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BandwidthTrace.read(in);
        }
    }
}
