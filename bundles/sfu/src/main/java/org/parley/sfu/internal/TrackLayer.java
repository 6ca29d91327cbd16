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
    }

    SimulcastLayerSelector.Layer view(long nowNanos) {
        return new SimulcastLayerSelector.Layer(width, height, active(nowNanos), bitrate);
    }
}
