package org.parley.sfu.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * When one receiver's link is probed, and how hard (in the manner of libwebrtc's ProbeController). A probe is a
 * few clusters of padding at rising rates, 2, 3 and 4 times the estimate ({@link BandwidthProber} sends them):
 *
 * <ul>
 * <li>once when the receiver connects (the initial probe, not bounded by what it wants);</li>
 * <li>whenever the allocation is limited by the estimate: the videos it shows want more (with the allocator's
 * step-up headroom) than the estimate allows, and the estimate is not falling (no overuse, no high loss, not
 * lower than at the previous look, loss under 2 %) and the bottleneck's queue is drained (the feedback delay
 * within {@value #MAX_QUEUE_MILLIS} ms of the lowest lately seen: a burst of padding into a full queue on a
 * narrow link only pushes the audio out of it). Such a probe goes no higher than twice what the videos
 * want.</li>
 * </ul>
 *
 * The probe's result is the capacity its highest-rate cluster measured when that one found the link full (its
 * packets arrived clearly slower than they left), or else the highest rate a cluster got through; the estimate is
 * raised to it. A
 * probe that raised the estimate by at least {@link #MIN_GAIN} succeeded, and the next may
 * follow at once while the allocation is still limited (the estimate climbs by up to 4x per step). One that did not
 * (no result: lost or late; or no gain: the link is as full as estimated) backs off: the next attempt waits
 * {@link #FIRST_BACKOFF_NANOS}, doubling with each failure up to the configured interval. While the allocation stays
 * limited that interval is the period of the probes, which is how a link that recovers after a large drop is found.
 *
 * <p>Used from the SFU's timer only; decisions take the time as an argument.
 */
final class ProbeController {
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final double MIN_GAIN = 1.1;
    /** Cluster rates as multiples of the estimate. */
    static final double[] STEPS = { 2, 3, 4 };
    /** A probe waits this long for its clusters' results (the meter's window plus a feedback interval). */
    static final long RESULT_WAIT_NANOS = ProbeClusterMeter.RESULT_WINDOW_NANOS + TimeUnit.MILLISECONDS.toNanos(200);
    /** Below this share of the previous look's estimate, the estimate is falling. */
    private static final double FALLING = 0.95;
    /** Loss above this (over the estimator's latest window) means the link is not ready for more. */
    private static final double MAX_LOSS = 0.02;
    /** A feedback delay more than this above the lowest lately seen means a standing queue: no limited probe. */
    static final long MAX_QUEUE_MILLIS = 50;
    /** A limited probe goes no higher than this multiple of what the receiver's videos want. */
    private static final double OVER_TARGET = 2;

    record Settings(boolean enabled, long maxBitrate, long intervalNanos) {
        static final Settings DEFAULT = new Settings(true, 5_000_000, TimeUnit.SECONDS.toNanos(5));

        static Settings of(SfuConfig config) {
            return new Settings(config.probing(), config.probe_max_bitrate(),
                    TimeUnit.MILLISECONDS.toNanos(config.probe_interval_ms()));
        }
    }

    /** The estimator's side ({@link BandwidthEstimator}): each cluster's result, and raising the estimate. */
    interface Results {
        /** Bits/s, or -1 for none (yet). */
        long result(int cluster);

        /** Whether the cluster found the link full: its result is the capacity. */
        boolean saturated(int cluster);

        /** Raises the estimate to {@code bitrate} if it is higher; whether it did. */
        boolean raise(long bitrate);
    }

    /** A probe: clusters {@code firstCluster, firstCluster + 1, ...} at {@code bitrates}. */
    record Probe(int firstCluster, long[] bitrates, long startedNanos, long estimateBefore, boolean initial) {
        int clusters() {
            return bitrates.length;
        }
    }

    enum Outcome {
        /** A cluster result raised the estimate. */
        RAISED,
        /** Results came, none above the estimate: the link is as full as estimated. */
        NO_GAIN,
        /** No cluster got enough feedback in time. */
        NO_RESULT;

        String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** How a probe ended, for the debug view. */
    record Result(Probe probe, long[] clusterResults, long best, Outcome outcome, long resolvedNanos) {
    }

    private final Settings settings;
    private Probe inFlight;
    private Result last;
    private boolean initialSent;
    private int nextCluster;
    private long previousEstimate = -1;
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    private long notBeforeNanos = Long.MIN_VALUE;

    ProbeController(Settings settings) {
        this.settings = settings;
    }

    /**
     * One look at the receiver: resolves the probe in flight when its results are in, then returns the probe to
     * send now, or null. {@code target} is what the receiver's videos want with headroom (bits/s);
     * {@code queueMillis} how far the latest feedback delay is above the lowest lately seen (the bottleneck's
     * standing queue; -1 when not known).
     */
    synchronized Probe tick(long nowNanos, long estimate, long target, BandwidthEstimator.Signal signal, double loss,
            long queueMillis, Results results) {
        if (!settings.enabled()) {
            return null;
        }
        if (inFlight != null && !resolve(nowNanos, results)) {
            return null;
        }
        boolean falling = previousEstimate > 0 && estimate < FALLING * previousEstimate;
        previousEstimate = estimate;
        if (!initialSent) {
            initialSent = true;
            return start(nowNanos, estimate, settings.maxBitrate(), true);
        }
        if (estimate >= target) {
            backoffNanos = FIRST_BACKOFF_NANOS; // not limited: the next limit is probed promptly
            return null;
        }
        if (falling || signal == BandwidthEstimator.Signal.OVERUSING || loss > MAX_LOSS
                || queueMillis > MAX_QUEUE_MILLIS || nowNanos - notBeforeNanos < 0) {
            return null;
        }
        long limit = (long) Math.min(settings.maxBitrate(), OVER_TARGET * target);
        return start(nowNanos, estimate, limit, false);
    }

    private Probe start(long nowNanos, long estimate, long limit, boolean initial) {
        long[] rates = new long[STEPS.length];
        int count = 0;
        for (double step : STEPS) {
            long rate = Math.min(limit, (long) (step * estimate));
            if (rate > estimate && (count == 0 || rate > rates[count - 1])) {
                rates[count++] = rate;
            }
        }
        if (count == 0) {
            return null; // the estimate is at the limit already
        }
        Probe probe = new Probe(nextCluster, Arrays.copyOf(rates, count), nowNanos, estimate, initial);
        nextCluster += count;
        inFlight = probe;
        return probe;
    }

    /** Whether the probe in flight is over (its results are in, or it waited long enough); then backs off or not. */
    private boolean resolve(long nowNanos, Results results) {
        Probe probe = inFlight;
        long[] clusterResults = new long[probe.clusters()];
        boolean all = true;
        long carried = -1;
        long top = -1;
        boolean topSaturated = false;
        for (int i = 0; i < clusterResults.length; i++) {
            int cluster = probe.firstCluster() + i;
            clusterResults[i] = results.result(cluster);
            all &= clusterResults[i] > 0;
            if (clusterResults[i] > 0) {
                top = clusterResults[i]; // the clusters rise: the last with a result pushed hardest
                topSaturated = results.saturated(cluster);
                if (!topSaturated) {
                    carried = Math.max(carried, clusterResults[i]);
                }
            }
        }
        if (!all && nowNanos - probe.startedNanos() < RESULT_WAIT_NANOS) {
            return false;
        }
        // When the hardest-pushing cluster found the link full it measured the capacity, and a lower cluster
        // that seemed to get more through rode a shaper's burst allowance or an empty queue. When it got through,
        // a lower cluster's saturation was noise (the receiver read a packet late).
        long best = topSaturated ? top : carried;
        boolean raised = best > 0 && results.raise(best);
        Outcome outcome = best <= 0 ? Outcome.NO_RESULT
                : raised && best >= MIN_GAIN * probe.estimateBefore() ? Outcome.RAISED : Outcome.NO_GAIN;
        if (outcome == Outcome.RAISED) {
            backoffNanos = FIRST_BACKOFF_NANOS;
            notBeforeNanos = nowNanos;
            previousEstimate = -1; // the raise is not a trend to compare against
        } else {
            notBeforeNanos = nowNanos + backoffNanos;
            backoffNanos = Math.min(2 * backoffNanos, Math.max(FIRST_BACKOFF_NANOS, settings.intervalNanos()));
        }
        last = new Result(probe, clusterResults, best, outcome, nowNanos);
        inFlight = null;
        return true;
    }

    /** The latest probe that ended, or null. */
    synchronized Result last() {
        return last;
    }

    /** The probe waiting for its results, or null. */
    synchronized Probe inFlight() {
        return inFlight;
    }

    /** How long the next failure makes the controller wait. */
    synchronized long backoffNanos() {
        return backoffNanos;
    }
}
