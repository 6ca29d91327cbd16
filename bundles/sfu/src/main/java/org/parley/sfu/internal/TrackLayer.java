package org.parley.sfu.internal;

import java.util.concurrent.TimeUnit;

/**
 * One RTP stream of a published track: a simulcast layer (named by its rid), or the track's only stream.
 * Its SSRCs come from the offer or are learnt from the first packets (rid and repaired-rid extensions). The
 * cache keeps its packets in the publisher's numbering, so each subscriber's retransmissions can be rewritten
 * into that subscriber's own numbering.
 */
final class TrackLayer {
    /** A layer silent this long counts as stopped (browsers drop layers for lack of CPU or bandwidth). */
    static final long INACTIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    final PublishedTrack track;
    /** 0 is the smallest picture. */
    final int index;
    /** The rid, or null for a track without simulcast. */
    final String rid;
    final PacketCache cache;
    volatile long ssrc = -1;
    volatile long rtxSsrc = -1;
    /** Written by the publisher's thread only. */
    volatile long lastPacketNanos;
    /** From its latest keyframe; 0 until one was seen. */
    volatile int width;
    volatile int height;
    volatile long lastKeyframeRequestNanos;
    /** Payload bytes since the last bitrate sample, and the sample (bits/s); the publisher's thread counts. */
    long bytesSinceSample;
    volatile long bitrate;
    private long sampledAtNanos = System.nanoTime();
    /** VP8 TID values are 2 bits wide. */
    static final int MAX_TEMPORAL_LAYERS = 4;
    private static final long[] NO_TEMPORAL = new long[0];
    private static final double[] NO_RATES = new double[0];
    /** Since the last sample, per temporal layer: bytes and frames; the publisher's thread counts. */
    private final long[] temporalBytes = new long[MAX_TEMPORAL_LAYERS];
    private final int[] temporalFrames = new int[MAX_TEMPORAL_LAYERS];
    private int framesSinceSample;
    /** From the last sample: bits/s up to each temporal layer (T0, T0+T1, ...; empty without temporal layers). */
    volatile long[] temporalBitrates = NO_TEMPORAL;
    /** From the last sample: frames/s up to each temporal layer, as {@link #temporalBitrates}. */
    volatile double[] temporalFrameRates = NO_RATES;
    /** From the last sample: frames/s of the whole layer (VP8 only: frames are counted by their first packet). */
    volatile double frameRate;

    /** Gaps longer than this are a new start (or a layer the browser resumed), not loss worth repairing. */
    static final int MAX_REPAIRED_GAP = 32;
    /** Highest sequence number seen from the publisher, or -1; the publisher's thread only. */
    private int highestSequence = -1;
    private final int[] missing = new int[MAX_REPAIRED_GAP];
    private final byte[] nack = new byte[16 + 4 * MAX_REPAIRED_GAP];

    TrackLayer(PublishedTrack track, int index, String rid, boolean video) {
        this.track = track;
        this.index = index;
        this.rid = rid;
        this.cache = video ? new PacketCache(1024, PacketWorker.MAX_DATAGRAM + 32) : null;
    }

    boolean active(long nowNanos) {
        long last = lastPacketNanos;
        return last != 0 && nowNanos - last < INACTIVE_NANOS;
    }

    /** Turns the bytes counted since the last call into a bitrate; called once a second by the SFU's timer. */
    void sampleBitrate(long nowNanos) {
        long elapsed = nowNanos - sampledAtNanos;
        if (elapsed <= 0) {
            return;
        }
        long bytes = bytesSinceSample;
        bytesSinceSample = 0;
        sampledAtNanos = nowNanos;
        bitrate = bytes * 8 * 1_000_000_000L / elapsed;
        frameRate = framesSinceSample * 1e9 / elapsed;
        framesSinceSample = 0;
        int layers = 0;
        for (int t = 0; t < MAX_TEMPORAL_LAYERS; t++) {
            if (temporalBytes[t] > 0) {
                layers = t + 1;
            }
        }
        long[] bitrates = layers == 0 ? NO_TEMPORAL : new long[layers];
        double[] rates = layers == 0 ? NO_RATES : new double[layers];
        long cumulativeBytes = 0;
        long cumulativeFrames = 0;
        for (int t = 0; t < MAX_TEMPORAL_LAYERS; t++) {
            cumulativeBytes += temporalBytes[t];
            cumulativeFrames += temporalFrames[t];
            if (t < layers) {
                bitrates[t] = cumulativeBytes * 8 * 1_000_000_000L / elapsed;
                rates[t] = cumulativeFrames * 1e9 / elapsed;
            }
            temporalBytes[t] = 0;
            temporalFrames[t] = 0;
        }
        temporalBitrates = bitrates;
        temporalFrameRates = rates;
    }

    /** Counts a packet of this layer towards its temporal layer's bitrate and frame rate; the publisher's thread. */
    void countPacket(long vp8Info, int len) {
        bytesSinceSample += len;
        boolean start = Vp8Payload.frameStart(vp8Info);
        if (start) {
            framesSinceSample++;
        }
        if (Vp8Payload.temporal(vp8Info)) {
            int tid = Vp8Payload.temporalLayer(vp8Info);
            temporalBytes[tid] += len;
            if (start) {
                temporalFrames[tid]++;
            }
        }
    }

    /** How many temporal layers the stream had in the last sample; 0 when it has none (no T bit). */
    int temporalLayers() {
        return temporalBitrates.length;
    }

    /**
     * Upstream loss repair: a video packet that skips sequence numbers makes the SFU NACK the missing ones
     * from the publisher at once, so its RTX fills the gap for every subscriber (subscribers' own NACKs are
     * answered from the cache, which the retransmission then holds). Called before the packet is cached.
     */
    void onSequence(PacketWorker worker, int sequence, MediaCounters counters) {
        if (highestSequence < 0) {
            highestSequence = sequence;
            return;
        }
        int gap = org.parley.webrtc.rtp.SequenceNumbers.diff(sequence, highestSequence);
        if (gap <= 0) {
            return; // a late or retransmitted packet
        }
        if (gap > 1 && gap <= MAX_REPAIRED_GAP && ssrc >= 0) {
            int count = 0;
            for (int s = 1; s < gap; s++) {
                missing[count++] = (highestSequence + s) & 0xffff;
            }
            int len = org.parley.webrtc.rtcp.RtcpWriter.nack(nack, 0, track.outSsrc, ssrc, missing, count);
            track.transport.sendRtcp(worker, nack, 0, len);
            counters.nacksSent.add(count);
        }
        highestSequence = sequence;
    }

    SimulcastLayerSelector.Layer view(long nowNanos) {
        return new SimulcastLayerSelector.Layer(width, height, active(nowNanos), bitrate, temporalBitrates);
    }
}
