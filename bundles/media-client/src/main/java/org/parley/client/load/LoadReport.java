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
 * @param bound the forwarded packet rate the shape may cause, computed ({@link ForwardingBound})
 * @param steady what the server forwarded in the steady state (after the ramp-up and a settling time)
 * @param hearing whether the receive-only participants heard each speaker turn ({@link SpeakingPattern})
 * @param generatorCpuSeconds CPU seconds the load generator's own JVM used during the run
 * @param serverResidentBytes the server's largest resident memory seen during the run, NaN when unknown
 * @param resubscribed subscribe connections the server dropped (media-disconnected) and participants made again
 */
public record LoadReport(String target, LoadShape shape, double elapsedSeconds, int planned, int joined,
        int receiving, int failed, int complete, double joinP50Millis, double joinP99Millis, long packetsSent,
        long bytesSent, long packetsReceived, long bytesReceived, long packetsLost, double delayP50Millis,
        double delayP99Millis, double serverCpuSeconds, double serverForwardedPackets, List<ProgressSample> seconds,
        List<ParticipantResult> participants, ForwardingBound bound, Steady steady, Hearing hearing,
        double generatorCpuSeconds, double serverResidentBytes, int resubscribed) {

    public LoadReport {
        seconds = List.copyOf(seconds);
        participants = List.copyOf(participants);
    }

    /**
     * The server's forwarded packets between two progress readings in the steady state (seconds since the
     * run's start).
     */
    public record Steady(double fromSecond, double toSecond, double forwardedPackets) {
        public static final Steady NONE = new Steady(Double.NaN, Double.NaN, Double.NaN);

        public double seconds() {
            return toSecond - fromSecond;
        }

        public double perSecond() {
            return seconds() > 0 ? forwardedPackets / seconds() : Double.NaN;
        }

        public boolean measured() {
            return !Double.isNaN(forwardedPackets) && seconds() > 0;
        }
    }

    /**
     * @param checked receive-only participants with at least one speaker turn to check
     * @param heardAll of those, the ones that heard every speaker of every turn checked
     * @param turnsChecked (turn, speaker) pairs checked over all of them
     * @param turnsMissed pairs where less than half the speech arrived
     * @param misses the first few of those, for a failure message
     */
    public record Hearing(int checked, int heardAll, long turnsChecked, long turnsMissed, List<String> misses) {
        public static final Hearing NONE = new Hearing(0, 0, 0, 0, List.of());

        public Hearing {
            misses = List.copyOf(misses);
        }
    }

    /** Whether the steady-state forwarded packets stay within the computed bound over the same window. */
    public boolean withinBound() {
        return steady.measured() && steady.forwardedPackets() <= bound.perSecond() * steady.seconds();
    }

    /** The load generator's CPU microseconds per packet it received; NaN when unknown. */
    public double generatorCpuMicrosPerReceivedPacket() {
        return packetsReceived > 0 ? generatorCpuSeconds * 1e6 / packetsReceived : Double.NaN;
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
        row(out, "speaking", shape.speaking().everyone() ? "every publisher: 1 s speech, 1 s silence, all at once"
                : String.format(Locale.ROOT, "%d at a time, turns of %.1f s, the others silent with DTX",
                        shape.speaking().speakers(), shape.speaking().turn().toMillis() / 1000.0));
        row(out, "receive-video", shape.view().all() ? "none sent (every video at the default)"
                : String.format(Locale.ROOT, "gallery page of %d at %dx%d, the others hidden", shape.view().pageSize(),
                        shape.view().width(), shape.view().height()));
        if (shape.decryptOneIn() > 1) {
            row(out, "receivers decrypt", String.format(Locale.ROOT, "one SRTP packet in %d (the others counted by"
                    + " their headers; delays from the decrypted ones)", shape.decryptOneIn()));
        }
        row(out, "participants connected", String.format(Locale.ROOT,
                "%d of %d joined, %d receiving media, %d failed, %d subscribe connections made again", joined,
                planned, receiving, failed, resubscribed));
        row(out, "received from every publisher", String.format(Locale.ROOT, "%d of %d", complete, planned));
        if (!shape.speaking().everyone()) {
            row(out, "heard the speakers", String.format(Locale.ROOT,
                    "%d of %d receive-only participants checked (%d speaker turns, %d missed)", hearing.heardAll(),
                    hearing.checked(), hearing.turnsChecked(), hearing.turnsMissed()));
            for (String miss : hearing.misses().subList(0, Math.min(3, hearing.misses().size()))) {
                row(out, "", "missed: " + miss);
            }
        }
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
        row(out, "forwarding bound (computed)", bound.describe());
        row(out, "forwarded, steady state", !steady.measured() ? "unknown"
                : String.format(Locale.ROOT, "%.0f pkt/s from %.0f s to %.0f s: %s the bound (%.0f%% of it)",
                        steady.perSecond(), steady.fromSecond(), steady.toSecond(),
                        withinBound() ? "within" : "ABOVE", 100 * steady.perSecond() / bound.perSecond()));
        row(out, "server RSS (largest seen)", Double.isNaN(serverResidentBytes) ? "unknown"
                : String.format(Locale.ROOT, "%.0f MiB", serverResidentBytes / (1 << 20)));
        row(out, "load generator CPU", Double.isNaN(generatorCpuSeconds) ? "unknown"
                : String.format(Locale.ROOT, "%.2f s (%.0f%% of one core), %.2f us per received packet",
                        generatorCpuSeconds, elapsedSeconds > 0 ? 100 * generatorCpuSeconds / elapsedSeconds : 0,
                        generatorCpuMicrosPerReceivedPacket()));
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
