package org.parley.client.load;

/**
 * One second of a run, as the progress line shows it.
 *
 * @param second seconds since the run started
 * @param joined participants whose signaling joined so far
 * @param receiving participants that received at least one media packet so far
 * @param failed participants whose join or negotiation failed so far
 * @param packetsSent RTP packets sent in this second (all publishers)
 * @param packetsReceived RTP packets received in this second (all receiving peers)
 * @param lossPercent packets lost so far of those expected so far (all received streams)
 * @param delayP50Millis median end-to-end delay of this second's packets (publisher to subscriber through the server)
 * @param serverCpuPercent the server's CPU use in this second (100 = one core), NaN when unknown
 * @param serverForwardedPerSecond packets the server forwarded in this second, NaN when unknown
 */
public record ProgressSample(int second, int joined, int receiving, int failed, long packetsSent,
        long packetsReceived, long bytesSent, long bytesReceived, double lossPercent, double delayP50Millis,
        double delayP99Millis, double serverCpuPercent, double serverForwardedPerSecond) {

    /** The progress line. */
    public String line(int planned) {
        return String.format(java.util.Locale.ROOT,
                "%4ds joined %d/%d receiving %d failed %d | sent %d pkt/s %.2f Mb/s | received %d pkt/s %.2f Mb/s"
                        + " | loss %.2f%% | delay p50 %.2f ms p99 %.2f ms | server cpu %s fwd %s pkt/s",
                second, joined, planned, receiving, failed, packetsSent, bytesSent * 8 / 1e6, packetsReceived,
                bytesReceived * 8 / 1e6, lossPercent, delayP50Millis, delayP99Millis,
                Double.isNaN(serverCpuPercent) ? "?" : String.format(java.util.Locale.ROOT, "%.0f%%", serverCpuPercent),
                Double.isNaN(serverForwardedPerSecond) ? "?" : String.format(java.util.Locale.ROOT, "%.0f",
                        serverForwardedPerSecond));
    }
}
