package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.client.PeerOptions;
import org.parley.client.load.LoadGenerator;
import org.parley.client.load.LoadReport;
import org.parley.client.load.LoadShape;
import org.parley.client.load.ProgressSample;
import org.parley.client.load.ReceiveView;
import org.parley.client.load.ServerRules;
import org.parley.client.load.SpeakingPattern;
import org.parley.client.load.parley.ParleyTarget;

/**
 * The large-meeting shape of the load generator against a real node, at a size two cores carry: 25 video
 * publishers (above the large-meeting threshold of 20, so last-N and top-3 audio apply) of whom two speak at a
 * time in turns while the others send DTX, and receive-only participants that show a gallery page of 4
 * (receive-video) and hide the other videos. Everyone must connect, every receive-only participant must hear
 * each turn's speakers, and the node must forward no more than the shape allows: a count bound computed from
 * the shape (top-N microphones, DTX rate, gallery page, at most one keyframe per keyframe interval), compared
 * with the node's own forwarded counter over the steady part of the run.
 */
class LargeMeetingIT {
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("large-meeting");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyoneConnectsHearsTheSpeakersAndForwardingStaysWithinTheComputedBound() throws Exception {
        int publishers = 25;
        int receivers = 35;
        LoadShape shape = new LoadShape(1, publishers, receivers, true, 80_000, 10, Duration.ofSeconds(40),
                Duration.ofSeconds(10), new SpeakingPattern(2, Duration.ofSeconds(4)), new ReceiveView(4, 320, 180), 8);
        List<ProgressSample> seconds = new CopyOnWriteArrayList<>();
        LoadReport report;
        try (ParleyTarget target = new ParleyTarget(server.uri("/"))) {
            report = new LoadGenerator(target, shape, PeerOptions.defaults(), seconds::add, ServerRules.DEFAULTS).run();
        }
        System.out.print(report.table());

        assertThat(report.joined()).isEqualTo(publishers + receivers);
        assertThat(report.failed()).isZero();
        assertThat(report.receiving()).as("participants with media flowing").isEqualTo(publishers + receivers);
        assertThat(report.participants()).filteredOn(p -> !p.publisher()).allSatisfy(p -> {
            // a gallery page of 4 of the 25 cameras, the audio of the current speakers only (top-N)
            // a few packets of other cameras may arrive before the SFU has its first receive-video
            assertThat(p.streams()).filteredOn(s -> s.kind().equals("video") && s.packets() > 50)
                    .as(p.name() + " video").hasSize(4);
            assertThat(p.receivedFrom("audio")).as(p.name() + " audio").isNotEmpty();
        });

        LoadReport.Hearing hearing = report.hearing();
        assertThat(hearing.checked()).as("receive-only participants with speaker turns to check").isEqualTo(receivers);
        assertThat(hearing.turnsMissed()).as("speaker turns not heard: " + hearing.misses()).isZero();
        assertThat(hearing.heardAll()).isEqualTo(receivers);

        LoadReport.Steady steady = report.steady();
        assertThat(steady.measured()).as("forwarded counts read in the steady state").isTrue();
        assertThat(steady.forwardedPackets()).as("forwarded packets from second %.0f to %.0f", steady.fromSecond(),
                steady.toSecond()).isPositive()
                .isLessThanOrEqualTo(report.bound().perSecond() * steady.seconds());
        assertThat(report.withinBound()).isTrue();
        // Top-N audio and the gallery page are what keep it there: everyone hearing every microphone and seeing
        // every camera would need more than twice the bound.
        LoadShape everything = new LoadShape(1, publishers, receivers, true, 80_000, 10, Duration.ofSeconds(40),
                Duration.ofSeconds(10), new SpeakingPattern(2, Duration.ofSeconds(4)), ReceiveView.ALL, 8);
        assertThat(org.parley.client.load.ForwardingBound.of(everything, new ServerRules(25, 3, 1000, 300))
                .nominal()).isGreaterThan(2 * report.bound().perSecond());
    }
}
