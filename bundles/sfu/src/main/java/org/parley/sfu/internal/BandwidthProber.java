package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.parley.webrtc.srtp.SrtpException;
import org.parley.webrtc.srtp.SrtpSession;

/**
 * Probes one receiver's downlink with padding, so that its estimate can step up without waiting for slow growth
 * ({@link ProbeController} decides when and how hard). Each probe cluster is {@link #CLUSTER_NANOS} of
 * padding-only RTP packets (P bit, no payload) at the cluster's rate, at least {@link #MIN_PACKETS} of them, on the
 * RTX stream of one video the receiver gets: browsers count such packets in transport-cc feedback and drop them
 * before the decoder (a padding-only RTX packet has no original sequence number to restore). The transport-wide
 * sequencer marks every packet sent while the cluster is open, media too, as part of it; the estimator turns the
 * feedback on them into a result ({@link ProbeClusterMeter}).
 *
 * <p>{@link #onAllocation} runs on the SFU's timer after each allocation; the clusters are sent, paced in
 * {@link #STEP_NANOS} steps, on the transport's I/O thread, which also answers the receiver's NACKs on the same
 * RTX stream. One buffer per receiver, nothing allocated per packet.
 */
final class BandwidthProber {
    static final long CLUSTER_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    static final int MIN_PACKETS = 5;
    /** RTP padding is counted in one byte. */
    static final int MAX_PADDING = 255;
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The RTP header of a padding packet once the sequencer added its transport-cc element. */
    private static final int HEADER_BYTES = 20;

    private final MediaTransport transport;
    private final ProbeController controller;
    private final MediaCounters counters;
    private final byte[] buf = new byte[PacketWorker.MAX_DATAGRAM + 64];

    BandwidthProber(MediaTransport transport, ProbeController.Settings settings, MediaCounters counters) {
        this.transport = transport;
        this.controller = new ProbeController(settings);
        this.counters = counters;
    }

    /**
     * After an allocation: {@code target} is what the receiver's videos want, with the allocator's headroom, and
     * {@code via} a video it gets with RTX (null: none, nothing can be probed).
     */
    void onAllocation(long nowNanos, long target, DownTrack via) {
        PacketWorker worker = transport.worker();
        if (via == null || worker == null || !transport.isConnected() || transport.srtpOut() == null) {
            return;
        }
        BandwidthEstimator estimator = transport.bandwidth;
        ProbeController.Result before = controller.last();
        ProbeController.Results results = new ProbeController.Results() {
            @Override
            public long result(int cluster) {
                return estimator.probeResult(cluster);
            }

            @Override
            public boolean saturated(int cluster) {
                return estimator.probeSaturated(cluster);
            }

            @Override
            public boolean raise(long bitrate) {
                return estimator.raiseByProbe(bitrate, nowNanos);
            }
        };
        ProbeController.Probe probe = controller.tick(nowNanos, estimator.estimate(nowNanos), target,
                estimator.signal(), estimator.lossFraction(), queueMillis(estimator, nowNanos), results);
        ProbeController.Result after = controller.last();
        if (after != null && after != before) {
            counters.probeOutcome(after.outcome()).increment();
        }
        if (probe != null) {
            counters.probes.increment();
            worker.execute(() -> new Cluster(probe, 0, via, worker).start());
        }
    }

    /**
     * The latest feedback delay above the lowest of the last 10-20 s (a minimum kept over two 10 s windows, so a
     * route whose delay grows is learnt again), or -1 before any feedback: the bottleneck's standing queue, with
     * the receiver's feedback interval as noise.
     */
    private long queueMillis(BandwidthEstimator estimator, long nowNanos) {
        long delay = estimator.feedbackDelayMillis();
        if (delay < 0) {
            return -1;
        }
        if (minDelayWindowStart == Long.MIN_VALUE || nowNanos - minDelayWindowStart > MIN_DELAY_WINDOW_NANOS) {
            previousMinDelay = minDelay;
            minDelay = Long.MAX_VALUE;
            minDelayWindowStart = nowNanos;
        }
        minDelay = Math.min(minDelay, delay);
        return delay - Math.min(minDelay, previousMinDelay);
    }

    private static final long MIN_DELAY_WINDOW_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private long minDelay = Long.MAX_VALUE;
    private long previousMinDelay = Long.MAX_VALUE;
    private long minDelayWindowStart = Long.MIN_VALUE;

    /** One cluster being sent, on the worker's thread; when it is done the probe's next one starts. */
    private final class Cluster implements Runnable {
        private final ProbeController.Probe probe;
        private final int index;
        private final DownTrack via;
        private final PacketWorker worker;
        private final int packets;
        private final int padding;
        private int sent;
        private long startNanos;

        Cluster(ProbeController.Probe probe, int index, DownTrack via, PacketWorker worker) {
            this.probe = probe;
            this.index = index;
            this.via = via;
            this.worker = worker;
            long bytes = probe.bitrates()[index] * CLUSTER_NANOS / 8 / 1_000_000_000L;
            int count = (int) Math.max(MIN_PACKETS, (bytes + HEADER_BYTES + MAX_PADDING - 1) / (HEADER_BYTES + MAX_PADDING));
            this.packets = count;
            this.padding = (int) Math.max(1, Math.min(MAX_PADDING, bytes / count - HEADER_BYTES));
        }

        void start() {
            startNanos = System.nanoTime();
            transport.sequencer.openCluster(probe.firstCluster() + index);
            run();
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long elapsed = now - startNanos;
            // Evenly spread: the first packet at once, the last at the cluster's end.
            int due = elapsed >= CLUSTER_NANOS ? packets
                    : (int) Math.min(packets, 1 + (packets - 1) * elapsed / CLUSTER_NANOS);
            while (sent < due) {
                if (!sendPadding(now)) {
                    sent = packets; // the transport went away: end the probe
                    break;
                }
                sent++;
            }
            if (sent < packets) {
                worker.schedule(this, STEP_NANOS);
                return;
            }
            transport.sequencer.closeCluster(System.nanoTime());
            counters.probeClusters.increment();
            if (index + 1 < probe.clusters() && transport.isConnected()) {
                new Cluster(probe, index + 1, via, worker).start();
            }
        }

        private boolean sendPadding(long now) {
            SrtpSession srtp = transport.srtpOut();
            if (srtp == null || !transport.isConnected()) {
                return false;
            }
            int len = via.writePadding(buf, padding, now);
            if (len < 0) {
                return false;
            }
            len = transport.sequencer.stamp(buf, len, now);
            try {
                int protectedLength = srtp.protectRtp(buf, 0, len);
                worker.send(transport.remote(), buf, 0, protectedLength);
                counters.probePackets.increment();
                counters.probeBytes.add(len);
                return true;
            } catch (SrtpException e) {
                counters.drop(MediaCounters.Drop.SEND_FAILED);
                return false;
            }
        }
    }

    /** The latest probe for the debug view: its clusters' rates and results, its outcome. */
    Map<String, Object> snapshot(long nowNanos) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("inFlight", controller.inFlight() != null);
        view.put("backoffMillis", TimeUnit.NANOSECONDS.toMillis(controller.backoffNanos()));
        view.put("raisedToBits", transport.bandwidth.probeRaisedTo());
        ProbeController.Result last = controller.last();
        if (last != null) {
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("initial", last.probe().initial());
            probe.put("estimateBeforeBits", last.probe().estimateBefore());
            List<Map<String, Object>> clusters = new ArrayList<>();
            for (int i = 0; i < last.probe().clusters(); i++) {
                int id = last.probe().firstCluster() + i;
                long[] rates = transport.bandwidth.probeRates(id);
                Map<String, Object> cluster = new LinkedHashMap<>();
                cluster.put("cluster", id);
                cluster.put("targetBits", last.probe().bitrates()[i]);
                cluster.put("sendBits", rates[0]);
                cluster.put("receiveBits", rates[1]);
                cluster.put("resultBits", last.clusterResults()[i]);
                clusters.add(cluster);
            }
            probe.put("clusters", clusters);
            probe.put("bestBits", last.best());
            probe.put("outcome", last.outcome().label());
            probe.put("agoMillis", TimeUnit.NANOSECONDS.toMillis(nowNanos - last.resolvedNanos()));
            view.put("last", probe);
        }
        return view;
    }
}
