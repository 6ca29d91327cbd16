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
import org.parley.client.load.ParticipantResult;
import org.parley.client.load.ProgressSample;
import org.parley.client.load.parley.ParleyTarget;

/**
 * The load generator against a real node: synthetic participants join through the REST API and the signaling
 * WebSocket, publish and receive real WebRTC media (ICE, DTLS-SRTP) through the SFU, and every one of them must
 * get audio and video from every other publisher of its meeting with (next to) no loss.
 */
class LoadTestIT {
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("loadtest");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static LoadReport run(LoadShape shape) throws Exception {
        List<ProgressSample> seconds = new CopyOnWriteArrayList<>();
        try (ParleyTarget target = new ParleyTarget(server.uri("/"))) {
            LoadReport report = new LoadGenerator(target, shape, PeerOptions.defaults(), seconds::add).run();
            System.out.print(report.table());
            assertThat(seconds).as("a progress line each second").isNotEmpty();
            return report;
        }
    }

    @Test
    void everyPublisherReachesEveryOtherParticipantOfItsMeeting() throws Exception {
        LoadShape shape = new LoadShape(2, 3, 0, true, 300_000, 15, Duration.ofSeconds(6), Duration.ofSeconds(1));
        LoadReport report = run(shape);

        assertThat(report.joined()).isEqualTo(6);
        assertThat(report.failed()).isZero();
        assertThat(report.participants()).hasSize(6).allSatisfy(p -> {
            assertThat(p.expectedPublishers()).as(p.name()).hasSize(2);
            assertThat(p.receivedFrom("audio")).as(p.name() + " audio").containsExactlyInAnyOrderElementsOf(
                    p.expectedPublishers());
            assertThat(p.receivedFrom("video")).as(p.name() + " video").containsExactlyInAnyOrderElementsOf(
                    p.expectedPublishers());
            assertThat(p.joinMillis()).as(p.name() + " join time").isPositive();
        });
        assertThat(report.complete()).isEqualTo(6);
        assertThat(report.lossPercent()).isLessThan(1.0);
        assertThat(report.joinP50Millis()).isPositive();
        assertThat(report.delayP50Millis()).isPositive();
        assertThat(report.delayP99Millis()).isGreaterThanOrEqualTo(report.delayP50Millis());
        assertThat(report.packetsSent()).isPositive();
        // Each packet of a publisher goes to the two others of its meeting.
        assertThat(report.packetsReceived()).isGreaterThan(report.packetsSent());
        assertThat(report.serverForwardedPackets()).isPositive();
        assertThat(report.serverCpuSeconds()).isPositive();
        assertThat(report.serverCpuMicrosPerForwardedPacket()).isPositive();
    }

    @Test
    void subscribersReceiveAudioOnlyPublishers() throws Exception {
        LoadShape shape = new LoadShape(1, 2, 2, false, 0, 15, Duration.ofSeconds(4), Duration.ofMillis(500));
        LoadReport report = run(shape);

        assertThat(report.joined()).isEqualTo(4);
        for (ParticipantResult p : report.participants()) {
            assertThat(p.receivedFrom("audio")).as(p.name()).containsExactlyInAnyOrderElementsOf(p.expectedPublishers());
            assertThat(p.receivedFrom("video")).as(p.name() + " video").isEmpty();
        }
        assertThat(report.participants()).filteredOn(p -> !p.publisher())
                .allSatisfy(p -> assertThat(p.expectedPublishers()).hasSize(2));
        assertThat(report.complete()).isEqualTo(4);
        assertThat(report.lossPercent()).isLessThan(1.0);
    }
}
