package org.parley.sfu.internal;

import org.parley.webrtc.rtp.HeaderExtensions;

/**
 * The transport-wide sequence (draft-holmer-rmcat-transport-wide-cc-extensions-01) of one subscribe transport:
 * every RTP packet the SFU sends there gets the next number in its transport-cc element (added when the
 * publisher's packet has none), and the send time and size of the latest {@link #HISTORY} packets are kept so
 * that the subscriber's feedback can be matched to them ({@link BandwidthEstimator}).
 *
 * <p>While a probe cluster is open ({@link #openCluster}, {@link BandwidthProber}) every packet stamped, padding
 * and media alike, is marked as part of it, and the cluster's packets and bytes are counted: the estimator
 * measures what the link carried of exactly these packets ({@link ProbeClusterMeter}).
 *
 * <p>Tracks of several publishers reach one subscriber from several I/O threads, so {@link #stamp} is
 * synchronized; the estimator reads the history while holding the same lock. Nothing allocates.
 */
final class TransportWideSequencer {
    /** A power of two; at ~1000 packets/s it covers 4 s, far longer than feedback takes to come back. */
    static final int HISTORY = 1 << 12;
    private static final int MASK = HISTORY - 1;

    private final long[] sentNanos = new long[HISTORY];
    private final int[] sizes = new int[HISTORY];
    /** The sequence number each slot holds, or -1, so a stale slot is not taken for a newer number. */
    private final int[] sequences = new int[HISTORY];
    /** The probe cluster each slot's packet belongs to, or -1. */
    private final int[] clusterOf = new int[HISTORY];
    private int next;
    private long stamped;

    /** The latest {@link #CLUSTERS} probe clusters, by id modulo: what was sent of each, and when it closed. */
    static final int CLUSTERS = 16;
    private final int[] clusterIds = new int[CLUSTERS];
    private final int[] clusterPackets = new int[CLUSTERS];
    private final long[] clusterBytes = new long[CLUSTERS];
    private final long[] clusterClosedNanos = new long[CLUSTERS];
    private int openCluster = -1;

    TransportWideSequencer() {
        java.util.Arrays.fill(sequences, -1);
        java.util.Arrays.fill(clusterIds, -1);
    }

    /**
     * Numbers the RTP packet in {@code buf[0, len)} (about to be encrypted and sent) and records it; returns its
     * new length, which may have grown by the element. A packet that cannot take the element is sent as it was.
     */
    synchronized int stamp(byte[] buf, int len, long nowNanos) {
        int sequence = next;
        int stampedLength = HeaderExtensions.putTransportSequenceNumber(buf, 0, len, buf.length - 32,
                CodecTable.SUBSCRIBER_TRANSPORT_CC_ID, sequence);
        if (stampedLength < 0) {
            return len;
        }
        int slot = sequence & MASK;
        sentNanos[slot] = nowNanos;
        sizes[slot] = stampedLength;
        sequences[slot] = sequence;
        clusterOf[slot] = openCluster;
        if (openCluster >= 0) {
            int cluster = openCluster & (CLUSTERS - 1);
            clusterPackets[cluster]++;
            clusterBytes[cluster] += stampedLength;
        }
        next = (sequence + 1) & 0xFFFF;
        stamped++;
        return stampedLength;
    }

    /** From now on every packet stamped belongs to probe cluster {@code id} (a non-negative, rising number). */
    synchronized void openCluster(int id) {
        int cluster = id & (CLUSTERS - 1);
        clusterIds[cluster] = id;
        clusterPackets[cluster] = 0;
        clusterBytes[cluster] = 0;
        clusterClosedNanos[cluster] = -1;
        openCluster = id;
    }

    /** The open cluster is complete: its packets and bytes are final. */
    synchronized void closeCluster(long nowNanos) {
        if (openCluster >= 0) {
            clusterClosedNanos[openCluster & (CLUSTERS - 1)] = nowNanos;
            openCluster = -1;
        }
    }

    /** The probe cluster packet {@code sequence} belongs to, or -1; hold the lock. */
    int cluster(int sequence) {
        int slot = sequence & MASK;
        return sequences[slot] == sequence ? clusterOf[slot] : -1;
    }

    /** How many packets cluster {@code id} had, or -1 while it is open or when it is no longer known; hold the lock. */
    int clusterPackets(int id) {
        int cluster = id & (CLUSTERS - 1);
        return clusterIds[cluster] == id && clusterClosedNanos[cluster] >= 0 ? clusterPackets[cluster] : -1;
    }

    /** Its bytes (RTP, before SRTP), or -1 like {@link #clusterPackets}; hold the lock. */
    long clusterBytes(int id) {
        int cluster = id & (CLUSTERS - 1);
        return clusterIds[cluster] == id && clusterClosedNanos[cluster] >= 0 ? clusterBytes[cluster] : -1;
    }

    /** When cluster {@code id} closed, or -1; hold the lock. */
    long clusterClosedNanos(int id) {
        int cluster = id & (CLUSTERS - 1);
        return clusterIds[cluster] == id ? clusterClosedNanos[cluster] : -1;
    }

    /** When packet {@code sequence} was sent, or -1 when it is not (or no longer) in the history; hold the lock. */
    long sentNanos(int sequence) {
        int slot = sequence & MASK;
        return sequences[slot] == sequence ? sentNanos[slot] : -1;
    }

    /** Its size in bytes (RTP, before SRTP), or 0 when unknown; hold the lock. */
    int size(int sequence) {
        int slot = sequence & MASK;
        return sequences[slot] == sequence ? sizes[slot] : 0;
    }

    synchronized long stamped() {
        return stamped;
    }
}
