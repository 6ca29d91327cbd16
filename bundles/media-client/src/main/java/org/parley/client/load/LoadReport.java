package org.parley.client.load;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one run.
 *
 * @param joined participants whose signaling joined
 * @param receiving participants that received media
 * @param complete participants that received audio (and video) from every other publisher of their meeting
 * @param joinP50Millis join time (join request to the first media packet received), median over those receiving
 * @param packetsLost packets expected on the received streams (sequence numbers) but not received
 * @param delayP50Millis end-to-end delay (publisher's send to subscriber's receive, through the server) of every
 *        received packet, median
 * @param serverCpuSeconds server CPU seconds used during the run, NaN when the target cannot tell
 * @param serverForwardedPackets RTP packets the server forwarded during the run, NaN when the target cannot tell
 */
public record LoadReport(String target, LoadShape shape, double elapsedSeconds, int planned, int joined,
        int receiving, int failed, int complete, double joinP50Millis, double joinP99Millis, long packetsSent,
        long bytesSent, long packetsReceived, long bytesReceived, long packetsLost, double delayP50Millis,
        double delayP99Millis, double serverCpuSeconds, double serverForwardedPackets, List<ProgressSample> seconds,
        List<ParticipantResult> participants) {

    public LoadReport {
        seconds = List.copyOf(seconds);
        participants = List.copyOf(participants);
    }

    /** Lost of expected on the received streams, in percent; 0 when nothing was expected. */
    public double lossPercent() {
        return lossPercent(participants.stream().mapToLong(ParticipantResult::packets).sum(),
                participants.stream().mapToLong(ParticipantResult::lost).sum());
    }

    static double lossPercent(long received, long lost) {
        long expected = received + lost;
        return expected == 0 ? 0 : 100.0 * lost / expected;
    }

    /** Server CPU microseconds per forwarded packet; NaN when unknown or nothing was forwarded. */
    public double serverCpuMicrosPerForwardedPacket() {
        if (Double.isNaN(serverCpuSeconds) || Double.isNaN(serverForwardedPackets) || serverForwardedPackets <= 0) {
            return Double.NaN;
        }
        return serverCpuSeconds * 1e6 / serverForwardedPackets;
    }

    /** The final table. */
    public String table() {
        StringBuilder out = new StringBuilder();
        row(out, "target", target);
        row(out, "load", String.format(Locale.ROOT, "%d meetings x (%d publishers + %d subscribers), video %s",
                shape.meetings(), shape.publishersPerMeeting(), shape.subscribersPerMeeting(),
                shape.video() ? String.format(Locale.ROOT, "%d kb/s at %d fps", shape.videoBitrate() / 1000,
                        shape.frameRate()) : "off"));
        row(out, "run", String.format(Locale.ROOT, "%.1f s (ramp-up %.1f s)", elapsedSeconds,
                shape.rampUp().toMillis() / 1000.0));
        row(out, "participants connected", String.format(Locale.ROOT,
                "%d of %d joined, %d receiving media, %d failed", joined, planned, receiving, failed));
        row(out, "received from every publisher", String.format(Locale.ROOT, "%d of %d", complete, planned));
        row(out, "join time (ws -> first media)", String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms",
                joinP50Millis, joinP99Millis));
        row(out, "sent", String.format(Locale.ROOT, "%d packets, %.1f MB (%.2f Mb/s)", packetsSent,
                bytesSent / 1e6, rate(bytesSent)));
        row(out, "received", String.format(Locale.ROOT, "%d packets, %.1f MB (%.2f Mb/s)", packetsReceived,
                bytesReceived / 1e6, rate(bytesReceived)));
        row(out, "loss", String.format(Locale.ROOT, "%.3f%% (%d packets)", lossPercent(), packetsLost));
        row(out, "delay through the server", String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", delayP50Millis,
                delayP99Millis));
        row(out, "server CPU", Double.isNaN(serverCpuSeconds) ? "unknown"
                : String.format(Locale.ROOT, "%.2f s (%.0f%% of one core)", serverCpuSeconds,
                        elapsedSeconds > 0 ? 100 * serverCpuSeconds / elapsedSeconds : 0));
        row(out, "server forwarded", Double.isNaN(serverForwardedPackets) ? "unknown"
                : String.format(Locale.ROOT, "%.0f packets", serverForwardedPackets));
        double perPacket = serverCpuMicrosPerForwardedPacket();
        row(out, "server CPU per forwarded packet", Double.isNaN(perPacket) ? "unknown"
                : String.format(Locale.ROOT, "%.2f us", perPacket));
        return out.toString();
    }

    /** Bits per second over the run in Mb/s. */
    private double rate(long bytes) {
        return elapsedSeconds > 0 ? bytes * 8 / 1e6 / elapsedSeconds : 0;
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-32s %s%n", name, value));
    }
}
