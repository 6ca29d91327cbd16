package org.parley.sfu.internal;

import java.util.concurrent.TimeUnit;

/**
 * What the subscriber's feedback says about each probe cluster ({@link BandwidthProber}): the rate its packets
 * left the SFU and the rate they reached the receiver. The link carried at least the lower of the two; when the
 * packets arrived clearly slower than they left, the bottleneck was full and the arrival rate is its capacity,
 * taken with a small margin. A cluster gives a result only once 80 % of its packets and bytes are reported
 * received within {@link #RESULT_WINDOW_NANOS} of its sending (a lost or late cluster says nothing: its link may
 * be anything), and only when its spacings are plausible (neither interval zero nor above a second, arrivals not
 * more than twice as fast as sends). The model is libwebrtc's ProbeBitrateEstimator. How the results of one
 * probe's clusters combine is {@link ProbeController}'s business.
 *
 * <p>Owned by one {@link BandwidthEstimator} and used under its lock (and the sequencer's, for the send side); it
 * keeps the latest {@link TransportWideSequencer#CLUSTERS} clusters in place and allocates nothing.
 */
final class ProbeClusterMeter {
    /** Feedback on a cluster that comes later than this after it was sent no longer counts. */
    static final long RESULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final double MIN_RECEIVED_SHARE = 0.8;
    private static final long MAX_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final double MAX_RECEIVE_OVER_SEND = 2;
    /** Arrivals this much slower than sends mean the link was full: the arrival rate is its capacity. */
    private static final double SATURATED_RATIO = 0.9;
    private static final double SATURATED_SHARE = 0.95;

    private static final int SLOTS = TransportWideSequencer.CLUSTERS;
    private final int[] ids = new int[SLOTS];
    private final int[] received = new int[SLOTS];
    private final long[] receivedBytes = new long[SLOTS];
    private final long[] firstSend = new long[SLOTS];
    private final long[] lastSend = new long[SLOTS];
    private final int[] lastSendSize = new int[SLOTS];
    private final long[] firstArrival = new long[SLOTS];
    private final int[] firstArrivalSize = new int[SLOTS];
    private final long[] lastArrival = new long[SLOTS];
    private final long[] sendBitrate = new long[SLOTS];
    private final long[] receiveBitrate = new long[SLOTS];
    private final long[] result = new long[SLOTS];
    private final boolean[] saturated = new boolean[SLOTS];
    private final boolean[] touched = new boolean[SLOTS];

    ProbeClusterMeter() {
        java.util.Arrays.fill(ids, -1);
    }

    /** A received packet of cluster {@code id}: sent at {@code sentNanos}, {@code size} bytes, arrived (µs). */
    void onReceived(int id, long sentNanos, int size, long arrivalMicros) {
        int slot = slot(id);
        touched[slot] = true;
        boolean first = received[slot] == 0;
        if (first || sentNanos - firstSend[slot] < 0) {
            firstSend[slot] = sentNanos;
        }
        if (first || sentNanos - lastSend[slot] >= 0) {
            lastSend[slot] = sentNanos;
            lastSendSize[slot] = size;
        }
        if (first || arrivalMicros < firstArrival[slot]) {
            firstArrival[slot] = arrivalMicros;
            firstArrivalSize[slot] = size;
        }
        if (first || arrivalMicros > lastArrival[slot]) {
            lastArrival[slot] = arrivalMicros;
        }
        received[slot]++;
        receivedBytes[slot] += size;
    }

    /**
     * After a feedback: computes the result of every cluster it told something about. Hold the sequencer's lock
     * (what was sent of each cluster is read from it).
     */
    void evaluate(TransportWideSequencer sequencer, long nowNanos) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (!touched[slot]) {
                continue;
            }
            touched[slot] = false;
            int id = ids[slot];
            int packets = sequencer.clusterPackets(id);
            long bytes = sequencer.clusterBytes(id);
            long closed = sequencer.clusterClosedNanos(id);
            if (packets <= 0 || closed < 0 || nowNanos - closed > RESULT_WINDOW_NANOS) {
                continue; // still being sent, forgotten, or late
            }
            if (received[slot] < MIN_RECEIVED_SHARE * packets || receivedBytes[slot] < MIN_RECEIVED_SHARE * bytes) {
                continue;
            }
            long value = measure(slot);
            if (value > 0) {
                result[slot] = value;
            }
        }
    }

    private long measure(int slot) {
        long sendInterval = lastSend[slot] - firstSend[slot];
        long receiveInterval = (lastArrival[slot] - firstArrival[slot]) * 1000;
        if (sendInterval <= 0 || sendInterval > MAX_INTERVAL_NANOS || receiveInterval <= 0
                || receiveInterval > MAX_INTERVAL_NANOS) {
            return -1;
        }
        // n packets span n-1 gaps: the size of the last one sent (first one received) is not part of the rate.
        double send = (receivedBytes[slot] - lastSendSize[slot]) * 8 * 1e9 / sendInterval;
        double receive = (receivedBytes[slot] - firstArrivalSize[slot]) * 8 * 1e9 / receiveInterval;
        sendBitrate[slot] = (long) send;
        receiveBitrate[slot] = (long) receive;
        if (receive > MAX_RECEIVE_OVER_SEND * send) {
            return -1; // arrivals bunched up (a receiver or network burst): no rate to read
        }
        double value = Math.min(send, receive);
        saturated[slot] = receive < SATURATED_RATIO * send;
        if (saturated[slot]) {
            value = SATURATED_SHARE * receive;
        }
        return (long) value;
    }

    /** The result of cluster {@code id} in bits/s, or -1 while it has none (or it is forgotten). */
    long result(int id) {
        int slot = id & (SLOTS - 1);
        return ids[slot] == id ? result[slot] : -1;
    }

    /**
     * Whether cluster {@code id}'s packets arrived clearly slower than they left: its result is the link's capacity
     * rather than a rate the link carried.
     */
    boolean saturated(int id) {
        int slot = id & (SLOTS - 1);
        return ids[slot] == id && saturated[slot];
    }

    /** The send rate measured of cluster {@code id} (bits/s), or -1. */
    long sendBitrate(int id) {
        int slot = id & (SLOTS - 1);
        return ids[slot] == id ? sendBitrate[slot] : -1;
    }

    /** The receive rate measured of cluster {@code id} (bits/s), or -1. */
    long receiveBitrate(int id) {
        int slot = id & (SLOTS - 1);
        return ids[slot] == id ? receiveBitrate[slot] : -1;
    }

    /** The slot of cluster {@code id}, reset when it held an older cluster. */
    private int slot(int id) {
        int slot = id & (SLOTS - 1);
        if (ids[slot] != id) {
            ids[slot] = id;
            received[slot] = 0;
            receivedBytes[slot] = 0;
            sendBitrate[slot] = -1;
            receiveBitrate[slot] = -1;
            result[slot] = -1;
            saturated[slot] = false;
        }
        return slot;
    }
}
