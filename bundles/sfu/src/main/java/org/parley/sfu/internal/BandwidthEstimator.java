package org.parley.sfu.internal;

import java.util.concurrent.TimeUnit;

import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.TransportCcFeedback;

/**
 * How many bits per second one subscriber can take, from its transport-cc feedback on the packets the SFU sent it
 * ({@link TransportWideSequencer}), in the manner of Google Congestion Control (draft-ietf-rmcat-gcc):
 *
 * <ul>
 * <li>Delay-based: packets sent within 5 ms form a group; the growth of one group's arrival spacing over its send
 * spacing is the queueing delay gradient. Its accumulation, smoothed, goes through a least-squares trendline over
 * the latest 20 groups; a trend above an adaptive threshold (which follows the trend slowly, so a link's normal
 * jitter stops counting) means the bottleneck queue grows: overuse. A rate controller cuts the estimate to 85 % of
 * the bitrate that actually arrived on overuse, holds on underuse (the queue drains), and grows it by 8 % per
 * second otherwise.</li>
 * <li>Loss-based: over windows of at least 20 packets and half a second, loss above 10 % cuts the estimate by half
 * the loss fraction, loss below 2 % lets it grow by 8 % per second.</li>
 * </ul>
 *
 * The estimate is the lower of the two. Without fresh transport-cc feedback (a browser that did not negotiate it)
 * the subscriber's REMB is the estimate, and a fresh REMB caps it anyway.
 *
 * <p><b>Stepping up.</b> Without probing the estimate grows at most 8 % per second and no further than a
 * bounded margin above what was delivered, so a higher layer is tried only after the link carried a good part of
 * it. To get there faster the SFU probes ({@link BandwidthProber}): it sends short clusters of padding at a rate
 * above the estimate; the feedback on a cluster gives the rate the link carried of it ({@link ProbeClusterMeter}),
 * and a probe's result above the estimate raises the delay-based and the loss-based estimate to it at once (unless
 * the delay signal says overuse). If a step up does not fit after all, the next feedback shows the queue growing and
 * the estimate falls back at once. The allocator adds its own headroom on top.
 *
 * <p>Feedback arrives on the subscriber's I/O thread; {@link #estimate} and the other readings are read by the
 * SFU's timer. Nothing allocates per packet or per feedback.
 */
final class BandwidthEstimator implements TransportCcFeedback.PacketListener {
    static final long START_BITRATE = 1_000_000;
    /** A loss-based cut keeps at least this share of the delivered bitrate. */
    static final double LOSS_FLOOR_OF_DELIVERED = 0.85;
    static final long MIN_BITRATE = 30_000;
    static final long MAX_BITRATE = 30_000_000;

    /** What the estimate stands on, for the debug view. */
    enum Source { INITIAL, TRANSPORT_CC, REMB }

    enum Signal { NORMAL, OVERUSING, UNDERUSING }

    private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int TRENDLINE_WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double TRENDLINE_GAIN = 4;
    private static final int TRENDLINE_MAX_DELTAS = 60;
    private static final double INITIAL_THRESHOLD_MS = 12.5;
    private static final double THRESHOLD_UP = 0.0087;
    private static final double THRESHOLD_DOWN = 0.039;
    private static final double OVERUSE_TIME_MS = 10;
    /** A group spacing beyond this is a gap in the traffic or a jump of the receiver's clock, not queueing. */
    private static final double MAX_GROUP_DELTA_MS = 3000;
    private static final double DECREASE_FACTOR = 0.85;
    private static final double INCREASE_PER_SECOND = 1.08;
    /** Growth stops this far above what arrived: up to 3× plus 500 kbit/s, room for the next simulcast layer. */
    private static final double GROWTH_OVER_DELIVERED = 3;
    private static final long GROWTH_ALLOWANCE = 500_000;
    private static final long DECREASE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final int LOSS_WINDOW_PACKETS = 20;
    private static final long LOSS_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final double HIGH_LOSS = 0.10;
    private static final double LOW_LOSS = 0.02;
    private static final long ACKED_WINDOW_MICROS = 500_000;
    private static final long FEEDBACK_FRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long REMB_FRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final TransportWideSequencer sequencer;
    private final ProbeClusterMeter probes = new ProbeClusterMeter();

    // The packet group being filled and the one before it (send times in ns, arrival times in µs).
    private long groupFirstSend = -1;
    private long groupLastSend;
    private long groupLastArrival;
    private long previousGroupSend = -1;
    private long previousGroupArrival;

    // Trendline filter over (arrival time, smoothed accumulated delay).
    private final double[] trendTimes = new double[TRENDLINE_WINDOW];
    private final double[] trendDelays = new double[TRENDLINE_WINDOW];
    private int trendNext;
    private int trendSize;
    private int deltas;
    private long firstArrival = Long.MIN_VALUE;
    private double accumulatedDelay;
    private double smoothedDelay;

    // Overuse detector.
    private double threshold = INITIAL_THRESHOLD_MS;
    private long thresholdUpdatedMicros = Long.MIN_VALUE;
    private double overuseTime = -1;
    private int overuseCount;
    private double previousTrend;
    private double trend;
    private volatile Signal signal = Signal.NORMAL;

    // Rate control.
    private double delayBased = START_BITRATE;
    private double lossBased = START_BITRATE;
    private long lastIncreaseNanos = -1;
    private long lastDecreaseNanos = Long.MIN_VALUE / 2;
    private long lossWindowStart = -1;
    private int windowReceived;
    private int windowLost;
    private long ackedWindowStart = Long.MIN_VALUE;
    private long ackedBytes;
    private double acked = -1;

    // The feedback being read.
    private int feedbackReceived;
    private int feedbackLost;
    private long newestSentInFeedback;

    private volatile long estimate = START_BITRATE;
    private volatile Source source = Source.INITIAL;
    private volatile double lossFraction;
    private volatile long deliveredBitrate = -1;
    private volatile long feedbackDelayMillis = -1;
    private volatile long lastFeedbackNanos = -1;
    private volatile long remb = -1;
    private volatile long rembNanos;
    private volatile long feedbacks;
    private volatile long probeRaisedTo = -1;

    BandwidthEstimator(TransportWideSequencer sequencer) {
        this.sequencer = sequencer;
    }

    /** A transport-cc FCI from the subscriber, as {@link org.parley.webrtc.rtcp.RtcpVisitor#onTransportCc} gives it. */
    synchronized void onTransportCc(byte[] buf, int fciOff, int fciLen, long nowNanos) throws RtcpException {
        feedbackReceived = 0;
        feedbackLost = 0;
        newestSentInFeedback = -1;
        synchronized (sequencer) {
            TransportCcFeedback.forEach(buf, fciOff, fciLen, this);
            probes.evaluate(sequencer, nowNanos);
        }
        if (feedbackReceived == 0 && feedbackLost == 0) {
            return; // about packets no longer (or never) in the history
        }
        feedbacks++;
        if (newestSentInFeedback >= 0) {
            feedbackDelayMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos - newestSentInFeedback);
        }
        updateDelayBased(nowNanos);
        updateLossBased(nowNanos);
        lastFeedbackNanos = nowNanos;
        source = Source.TRANSPORT_CC;
        estimate = combine(nowNanos);
    }

    /** Called by {@link TransportCcFeedback#forEach} for each packet of the feedback being read. */
    @Override
    public void onPacket(int sequence, long arrivalMicros) {
        long sent = sequencer.sentNanos(sequence);
        if (sent < 0) {
            return;
        }
        if (arrivalMicros == TransportCcFeedback.NOT_RECEIVED) {
            feedbackLost++;
            return;
        }
        feedbackReceived++;
        newestSentInFeedback = Math.max(newestSentInFeedback, sent);
        int size = sequencer.size(sequence);
        countDelivered(size, arrivalMicros);
        int cluster = sequencer.cluster(sequence);
        if (cluster >= 0) {
            probes.onReceived(cluster, sent, size, arrivalMicros);
        }
        if (groupFirstSend < 0) {
            startGroup(sent, arrivalMicros);
        } else if (sent - groupFirstSend < 0) {
            return; // sent before the current group (reordered or retransmitted late): no delay information
        } else if (sent - groupFirstSend <= BURST_NANOS) {
            groupLastSend = Math.max(groupLastSend, sent);
            groupLastArrival = Math.max(groupLastArrival, arrivalMicros);
        } else {
            completeGroup();
            startGroup(sent, arrivalMicros);
        }
    }

    /** A REMB from the subscriber: the estimate when transport-cc is missing, a cap when it is there. */
    synchronized void onRemb(long bitrate, long nowNanos) {
        remb = bitrate;
        rembNanos = nowNanos;
        if (!transportCcFresh(nowNanos)) {
            source = Source.REMB;
        }
        estimate = combine(nowNanos);
    }

    /** The estimate in bits per second. */
    long estimate(long nowNanos) {
        if (!transportCcFresh(nowNanos) && rembFresh(nowNanos)) {
            return clamp(remb);
        }
        return estimate;
    }

    Source source() {
        return source;
    }

    Signal signal() {
        return signal;
    }

    /** Loss over the latest window of feedback, 0..1. */
    double lossFraction() {
        return lossFraction;
    }

    /** What the subscriber received (bits/s) over the latest half second of feedback, or -1. */
    long deliveredBitrate() {
        return deliveredBitrate;
    }

    /**
     * From sending the newest packet a feedback covers to getting that feedback: the round trip plus the time the
     * receiver held the feedback (tens of ms); an upper bound of the RTT, or -1.
     */
    long feedbackDelayMillis() {
        return feedbackDelayMillis;
    }

    long feedbacks() {
        return feedbacks;
    }

    /** The result of probe cluster {@code id} in bits/s, or -1 while the feedback gave none. */
    synchronized long probeResult(int id) {
        return probes.result(id);
    }

    /** Whether probe cluster {@code id} found the link full ({@link ProbeClusterMeter#saturated}). */
    synchronized boolean probeSaturated(int id) {
        return probes.saturated(id);
    }

    /** The send and receive rates measured of probe cluster {@code id} (bits/s, -1 when unknown). */
    synchronized long[] probeRates(int id) {
        return new long[] { probes.sendBitrate(id), probes.receiveBitrate(id) };
    }

    /** The latest bitrate a probe raised the estimate to, or -1. */
    long probeRaisedTo() {
        return probeRaisedTo;
    }

    private boolean transportCcFresh(long nowNanos) {
        long last = lastFeedbackNanos;
        return last >= 0 && nowNanos - last < FEEDBACK_FRESH_NANOS;
    }

    private boolean rembFresh(long nowNanos) {
        return remb >= 0 && nowNanos - rembNanos < REMB_FRESH_NANOS;
    }

    private long combine(long nowNanos) {
        if (!transportCcFresh(nowNanos)) {
            return rembFresh(nowNanos) ? clamp(remb) : estimate;
        }
        double combined = Math.min(delayBased, lossBased);
        if (rembFresh(nowNanos)) {
            combined = Math.min(combined, remb);
        }
        return clamp((long) combined);
    }

    private static long clamp(long bitrate) {
        return Math.max(MIN_BITRATE, Math.min(MAX_BITRATE, bitrate));
    }

    /**
     * A probe showed the link carrying {@code bitrate} ({@link ProbeController} combines its clusters' results):
     * both estimates move up to it (a probe never lowers them), so does the delivered rate that decreases and the
     * growth bound work from, and growth goes on from there. Not while the delay says overuse: the queue the probe
     * met is not drained. Returns whether the estimate rose.
     */
    synchronized boolean raiseByProbe(long bitrate, long nowNanos) {
        if (signal == Signal.OVERUSING || bitrate <= Math.min(delayBased, lossBased)) {
            return false;
        }
        double raised = Math.min(bitrate, MAX_BITRATE);
        delayBased = Math.max(delayBased, raised);
        lossBased = Math.max(lossBased, raised);
        // The link just delivered this much: an overuse right after cuts from it, not from the little the media
        // alone took (which would undo the probe at the first jitter); the smoothing lets it fade within a second.
        acked = Math.max(acked, raised);
        lastIncreaseNanos = nowNanos;
        probeRaisedTo = (long) raised;
        estimate = combine(nowNanos);
        return true;
    }

    private void countDelivered(int size, long arrivalMicros) {
        if (ackedWindowStart == Long.MIN_VALUE || arrivalMicros - ackedWindowStart < 0) {
            ackedWindowStart = arrivalMicros;
            ackedBytes = 0;
        }
        ackedBytes += size;
        long span = arrivalMicros - ackedWindowStart;
        if (span >= ACKED_WINDOW_MICROS) {
            double sample = ackedBytes * 8 * 1_000_000.0 / span;
            acked = acked < 0 ? sample : 0.5 * acked + 0.5 * sample;
            deliveredBitrate = (long) acked;
            ackedWindowStart = arrivalMicros;
            ackedBytes = 0;
        }
    }

    private void startGroup(long sent, long arrival) {
        groupFirstSend = sent;
        groupLastSend = sent;
        groupLastArrival = arrival;
    }

    private void completeGroup() {
        if (previousGroupSend >= 0) {
            double sendDelta = (groupLastSend - previousGroupSend) / 1e6;
            double arrivalDelta = (groupLastArrival - previousGroupArrival) / 1e3;
            if (Math.abs(arrivalDelta) > MAX_GROUP_DELTA_MS || sendDelta > MAX_GROUP_DELTA_MS) {
                resetTrendline();
            } else {
                updateTrendline(arrivalDelta - sendDelta, sendDelta, groupLastArrival);
            }
        }
        previousGroupSend = groupLastSend;
        previousGroupArrival = groupLastArrival;
    }

    private void resetTrendline() {
        trendSize = 0;
        trendNext = 0;
        deltas = 0;
        accumulatedDelay = 0;
        smoothedDelay = 0;
        firstArrival = Long.MIN_VALUE;
        overuseTime = -1;
        overuseCount = 0;
        signal = Signal.NORMAL;
    }

    private void updateTrendline(double delayDelta, double sendDelta, long arrivalMicros) {
        if (firstArrival == Long.MIN_VALUE) {
            firstArrival = arrivalMicros;
        }
        deltas = Math.min(deltas + 1, TRENDLINE_MAX_DELTAS);
        accumulatedDelay += delayDelta;
        smoothedDelay = SMOOTHING * smoothedDelay + (1 - SMOOTHING) * accumulatedDelay;
        trendTimes[trendNext] = (arrivalMicros - firstArrival) / 1e3;
        trendDelays[trendNext] = smoothedDelay;
        trendNext = (trendNext + 1) % TRENDLINE_WINDOW;
        trendSize = Math.min(trendSize + 1, TRENDLINE_WINDOW);
        if (trendSize < TRENDLINE_WINDOW) {
            return;
        }
        detect(slope() * deltas * TRENDLINE_GAIN, sendDelta, arrivalMicros);
    }

    /** Least-squares slope of the smoothed delay over arrival time (ms per ms); 0 when the times do not spread. */
    private double slope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < trendSize; i++) {
            meanX += trendTimes[i];
            meanY += trendDelays[i];
        }
        meanX /= trendSize;
        meanY /= trendSize;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < trendSize; i++) {
            double dx = trendTimes[i] - meanX;
            numerator += dx * (trendDelays[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? 0 : numerator / denominator;
    }

    private void detect(double modifiedTrend, double sendDelta, long nowMicros) {
        trend = modifiedTrend;
        if (modifiedTrend > threshold) {
            overuseTime = overuseTime < 0 ? sendDelta / 2 : overuseTime + sendDelta;
            overuseCount++;
            if (overuseTime > OVERUSE_TIME_MS && overuseCount > 1 && modifiedTrend >= previousTrend) {
                overuseTime = 0;
                overuseCount = 0;
                signal = Signal.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            overuseTime = -1;
            overuseCount = 0;
            signal = Signal.UNDERUSING;
        } else {
            overuseTime = -1;
            overuseCount = 0;
            signal = Signal.NORMAL;
        }
        previousTrend = modifiedTrend;
        adaptThreshold(modifiedTrend, nowMicros);
    }

    private void adaptThreshold(double modifiedTrend, long nowMicros) {
        if (thresholdUpdatedMicros == Long.MIN_VALUE) {
            thresholdUpdatedMicros = nowMicros;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > threshold + 15) {
            thresholdUpdatedMicros = nowMicros; // a spike (a big frame, a route change): not the link's normal jitter
            return;
        }
        double k = magnitude < threshold ? THRESHOLD_DOWN : THRESHOLD_UP;
        double elapsed = Math.min((nowMicros - thresholdUpdatedMicros) / 1e3, 100);
        threshold = Math.max(6, Math.min(600, threshold + k * (magnitude - threshold) * elapsed));
        thresholdUpdatedMicros = nowMicros;
    }

    private void updateDelayBased(long nowNanos) {
        if (lastIncreaseNanos < 0) {
            lastIncreaseNanos = nowNanos;
        }
        switch (signal) {
            case OVERUSING -> {
                if (nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS) {
                    double base = acked > 0 ? acked : delayBased;
                    delayBased = Math.max(MIN_BITRATE, Math.min(delayBased, DECREASE_FACTOR * base));
                    lastDecreaseNanos = nowNanos;
                }
                lastIncreaseNanos = nowNanos;
            }
            case UNDERUSING -> lastIncreaseNanos = nowNanos; // the queue drains: hold until it is empty
            case NORMAL -> {
                delayBased = grow(delayBased, nowNanos - lastIncreaseNanos);
                lastIncreaseNanos = nowNanos;
            }
        }
    }

    private void updateLossBased(long nowNanos) {
        if (lossWindowStart < 0) {
            lossWindowStart = nowNanos;
        }
        windowReceived += feedbackReceived;
        windowLost += feedbackLost;
        int total = windowReceived + windowLost;
        long elapsed = nowNanos - lossWindowStart;
        if (total < LOSS_WINDOW_PACKETS || elapsed < LOSS_WINDOW_NANOS) {
            return;
        }
        double fraction = (double) windowLost / total;
        lossFraction = fraction;
        if (fraction > HIGH_LOSS) {
            double current = Math.min(delayBased, lossBased);
            double cut = current * (1 - 0.5 * fraction);
            // The loss of one congestion event is reported over several windows (packets sent at the old rate,
            // or while a lower layer waits for its keyframe): a cut never goes below what the link was seen
            // to deliver, or one event is counted again and again and the estimate falls far under the link.
            if (acked > 0) {
                cut = Math.max(cut, Math.min(current, LOSS_FLOOR_OF_DELIVERED * acked));
            }
            lossBased = Math.max(MIN_BITRATE, cut);
        } else if (fraction < LOW_LOSS) {
            lossBased = grow(lossBased, elapsed);
        }
        windowReceived = 0;
        windowLost = 0;
        lossWindowStart = nowNanos;
    }

    /** Multiplicative growth over {@code elapsedNanos}, never past the bound above what was delivered. */
    private double grow(double bitrate, long elapsedNanos) {
        double seconds = Math.min(1.0, Math.max(0, elapsedNanos / 1e9));
        double grown = bitrate * Math.pow(INCREASE_PER_SECOND, seconds);
        if (acked > 0) {
            double bound = GROWTH_OVER_DELIVERED * acked + GROWTH_ALLOWANCE;
            grown = Math.min(grown, Math.max(bitrate, bound));
        }
        return Math.min(grown, MAX_BITRATE);
    }
}
