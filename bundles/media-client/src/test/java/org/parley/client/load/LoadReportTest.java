package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoadReportTest {
    private static final LoadShape SHAPE = new LoadShape(1, 2, 1, true, 500_000, 15, Duration.ofSeconds(10),
            Duration.ofSeconds(2));

    private static LoadReport report(List<ParticipantResult> participants, double cpu, double forwarded) {
        return new LoadReport("parley", SHAPE, 10, 3, 3, 3, 0, 2, 120, 300, 1000, 500_000, 1980, 990_000, 15, 0.4,
                2.5, cpu, forwarded, List.of(), participants, ForwardingBound.of(SHAPE, ServerRules.DEFAULTS),
                new LoadReport.Steady(7, 10, 1200), LoadReport.Hearing.NONE, 3.0, 300e6, 0);
    }

    @Test
    void steadyForwardingIsHeldToTheBoundOverItsWindow() {
        LoadReport report = report(List.of(), 2.0, 1_000_000);
        // 3 participants: 2 publishers hear 1 microphone, the subscriber 2: 4 x 50 audio; 4 videos of 15 x 4 packets
        assertThat(report.bound().nominal()).isEqualTo(4 * 50 + 4 * 15 * 4);
        assertThat(report.steady().perSecond()).isEqualTo(400);
        assertThat(report.withinBound()).isTrue();
        assertThat(report.table()).contains("forwarding bound (computed)", "within the bound", "load generator CPU",
                "1515.15 us per received packet");
    }

    @Test
    void lossIsLostOfExpectedOnTheReceivedStreams() {
        ParticipantResult a = new ParticipantResult("a", 0, true, "A", 100, List.of("B"),
                List.of(new ReceivedStream("B", "audio", 495, 5), new ReceivedStream("B", "video", 500, 0)), null);
        ParticipantResult b = new ParticipantResult("b", 0, true, "B", 100, List.of("A"),
                List.of(new ReceivedStream("A", "audio", 990, 10)), null);
        LoadReport report = report(List.of(a, b), 1, 2);
        assertThat(report.lossPercent()).isEqualTo(100.0 * 15 / 2000);
        assertThat(LoadReport.lossPercent(0, 0)).isZero();
    }

    @Test
    void cpuPerForwardedPacketNeedsBothFigures() {
        assertThat(report(List.of(), 2.0, 1_000_000).serverCpuMicrosPerForwardedPacket()).isEqualTo(2.0);
        assertThat(report(List.of(), Double.NaN, 1000).serverCpuMicrosPerForwardedPacket()).isNaN();
        assertThat(report(List.of(), 1, 0).serverCpuMicrosPerForwardedPacket()).isNaN();
        assertThat(report(List.of(), Double.NaN, Double.NaN).table()).contains("server CPU per forwarded packet  unknown");
    }

    @Test
    void tableNamesEveryFigure() {
        String table = report(List.of(), 2.0, 1_000_000).table();
        assertThat(table).contains("participants connected", "3 of 3 joined", "join time", "p50 120.0 ms",
                "p99 300.0 ms", "1000 packets", "1980 packets", "loss", "delay through the server", "p50 0.40 ms",
                "2.00 us", "20% of one core");
    }

    @Test
    void aParticipantIsCompleteWithEveryKindFromEveryPublisher() {
        ParticipantResult audioOnly = new ParticipantResult("s", 0, false, "S", 50, List.of("A", "B"),
                List.of(new ReceivedStream("A", "audio", 10, 0), new ReceivedStream("B", "audio", 10, 0),
                        new ReceivedStream("A", "video", 10, 0), new ReceivedStream("B", "video", 0, 0)),
                null);
        assertThat(audioOnly.receivedFromAll(false)).isTrue();
        assertThat(audioOnly.receivedFromAll(true)).isFalse();
        assertThat(audioOnly.receivedFrom("video")).containsExactly("A");
    }

    @Test
    void progressLineShowsTheSecond() {
        ProgressSample sample = new ProgressSample(3, 5, 4, 1, 220, 440, 137_500, 275_000, 0.5, 0.3, 2.0, 12,
                Double.NaN);
        assertThat(sample.line(6)).contains("3s", "joined 5/6", "receiving 4", "failed 1", "sent 220 pkt/s",
                "1.10 Mb/s", "received 440 pkt/s", "loss 0.50%", "server cpu 12%", "fwd ? pkt/s");
    }
}
