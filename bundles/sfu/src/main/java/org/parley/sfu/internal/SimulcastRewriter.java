package org.parley.sfu.internal;

import java.util.Arrays;

import org.parley.webrtc.rtp.RtpPacket;

/**
 * Turns the layers of one published track into the single clean stream one subscriber receives. It forwards
 * one spatial layer at a time (the current one) and moves to the target layer at a keyframe of it; of a VP8
 * stream with temporal layers it forwards the frames up to the current temporal layer and drops the rest. Across
 * a switch, a pause and dropped frames the subscriber sees sequence numbers without a gap (a dropped packet must
 * not look like loss, or the subscriber would NACK it), timestamps that only move forward, and continuous VP8
 * picture IDs and TL0PICIDX. A history maps each sequence number sent back to the layer packet it came from, so
 * a NACK is answered from that layer's cache.
 *
 * <p>Temporal steps need no keyframe. A step down takes effect at the next frame. A step up goes one temporal
 * layer at a time, at a frame of the next layer with the layer-sync bit (Y) or at a keyframe: a frame of a higher
 * layer without Y may refer to earlier frames of its layer (libwebrtc's VP8 encoder refers TL1 frames to the
 * previous TL1 frame through the golden buffer), which this subscriber never got. A TL0 frame is no such point,
 * for the same reason. libwebrtc sends sync frames every 8 frames, so a step up takes a fraction of a second.
 *
 * <p>Dropped packets shift the numbering of the packets after them. A packet that arrives late (reordered, or a
 * retransmission from the publisher) is numbered as it would have been in order: a short list of ranges keeps the
 * offsets and temporal layer in force from each input sequence number on. When a dropped packet follows a gap
 * that can only hold earlier packets of its own frame, the gap is dropped with it. Other late packets of dropped
 * frames (a gap that may span frames) can still leave a hole the receiver NACKs in vain; that takes real
 * disorder and is rare.
 *
 * <p>The publisher's I/O thread calls {@link #rewrite}; the subscriber's thread reads the history for
 * retransmissions; control threads set the target. The methods that touch numbering are synchronized, a lock
 * that is almost never contended.
 */
final class SimulcastRewriter {
    static final int NONE = SimulcastLayerSelector.NONE;
    static final int ALL_TEMPORAL = SimulcastLayerSelector.ALL_TEMPORAL;
    /** As deep as the publisher-side cache: older packets cannot be resent anyway. */
    private static final int HISTORY = 1024;
    private static final int HISTORY_MASK = HISTORY - 1;
    private static final int PICTURE_ID_MASK = 0x7fff;
    /** Packets after a switch during which a reordered packet from before the switch point is dropped. */
    private static final int SWITCH_GUARD_PACKETS = HISTORY;
    /** Frames per second assumed for the smallest timestamp step at a switch: one frame at 30 fps. */
    private static final int MIN_FRAME_RATE_STEP = 30;
    /** Numbering ranges kept for late packets: one per dropped packet, a second or more of them. */
    private static final int RANGES = 128;
    /** A packet this far behind the highest one is too old to number (the caches hold 1024). */
    private static final int LATE_LIMIT = 4096;
    /**
     * The newest range's start is kept within this distance of the highest packet, so that distances stay
     * unambiguous modulo 2^16 however long the stream runs without a drop.
     */
    private static final int RANGE_ROLL = 16384;

    private final long outSsrc;
    private final int clockRate;
    private final boolean vp8;
    /** Several layers: switch only at a keyframe. One layer: any packet may (re)start the stream. */
    private final boolean switchOnKeyframes;

    /** Spatial layer {@code << 2 |} temporal layer, or -1 for none: one field, so both change together. */
    private volatile int target;
    private volatile int current = NONE;
    private volatile int currentTemporal = ALL_TEMPORAL;
    private volatile long temporalDropped;
    private boolean started;
    private int switchSequence;
    private int packetsSinceSwitch;
    /** Highest sequence number of the current layer seen (forwarded or dropped). */
    private int highestSequence;
    private int lastSkippedPictureId = -1;
    /** The picture ID of the highest packet and whether it ended its frame (marker bit). */
    private int highestPictureId = -1;
    private boolean highestEndedFrame;
    private int sequenceOffset;
    private long timestampOffset;
    private int pictureIdOffset;
    private int tl0Offset;
    private int lastSequence;
    private long lastTimestamp;
    private int lastPictureId = -1;
    private int lastTl0 = -1;
    private long lastSentNanos;

    /** A ring of ranges: from {@code rangeStart} on, these offsets and this temporal layer were in force. */
    private final int[] rangeStart = new int[RANGES];
    private final int[] rangeSequenceOffset = new int[RANGES];
    private final int[] rangePictureIdOffset = new int[RANGES];
    private final byte[] rangeTemporal = new byte[RANGES];
    private int rangeNewest = -1;
    private int rangeCount;

    private final int[] historySequence = new int[HISTORY];
    private final byte[] historyLayer = new byte[HISTORY];
    private final int[] historyOrigin = new int[HISTORY];
    private final int[] historyTimestampOffset = new int[HISTORY];
    private final short[] historyPictureIdOffset = new short[HISTORY];
    private final byte[] historyTl0Offset = new byte[HISTORY];

    SimulcastRewriter(long outSsrc, int clockRate, boolean vp8, boolean switchOnKeyframes, int initialTarget) {
        this.outSsrc = outSsrc;
        this.clockRate = clockRate;
        this.vp8 = vp8;
        this.switchOnKeyframes = switchOnKeyframes;
        this.target = pack(initialTarget, ALL_TEMPORAL);
        Arrays.fill(historySequence, -1);
    }

    private static int pack(int layer, int temporal) {
        return layer < 0 ? -1 : layer << 2 | Math.max(0, Math.min(ALL_TEMPORAL, temporal));
    }

    /** The layer to move to at all its temporal layers ({@link #NONE}: pause). */
    void setTarget(int layer) {
        setTarget(layer, ALL_TEMPORAL);
    }

    /**
     * The spatial layer to move to ({@link #NONE}: pause) and the highest temporal layer to forward of it
     * ({@link #ALL_TEMPORAL}: all); takes effect at the next fitting packet.
     */
    void setTarget(int layer, int temporal) {
        target = pack(layer, temporal);
    }

    /** The spatial layer to move to, or {@link #NONE}. */
    int target() {
        int packed = target;
        return packed < 0 ? NONE : packed >> 2;
    }

    int targetTemporal() {
        int packed = target;
        return packed < 0 ? ALL_TEMPORAL : packed & 3;
    }

    /** The layer being forwarded now, or {@link #NONE}. */
    int current() {
        return current;
    }

    /** The highest temporal layer being forwarded now ({@link #ALL_TEMPORAL}: all). */
    int currentTemporal() {
        return currentTemporal;
    }

    /** Packets not forwarded because their temporal layer was above the current one. */
    long temporalDropped() {
        return temporalDropped;
    }

    /** The layer whose keyframe this subscriber waits for, or {@link #NONE}. */
    int awaitedLayer() {
        int wanted = target();
        return wanted != NONE && wanted != current ? wanted : NONE;
    }

    /**
     * Copies the packet of {@code layer} in {@code src[0, len)} into {@code dst} in this subscriber's
     * numbering; returns its length, or -1 when it is not for this subscriber (another layer, paused, or from
     * before the switch point). {@code vp8Info} is {@link Vp8Payload#parse} of the packet.
     */
    synchronized int rewrite(int layer, byte[] src, int len, long vp8Info, byte[] dst, long nowNanos) {
        int wanted = target;
        if (wanted < 0) {
            current = NONE;
            return -1;
        }
        int wantedLayer = wanted >> 2;
        int wantedTemporal = wanted & 3;
        int sequence = RtpPacket.sequenceNumber(src, 0);
        if (layer != current) {
            if (layer != wantedLayer || (switchOnKeyframes && !Vp8Payload.keyframe(vp8Info))) {
                return -1;
            }
            switchTo(layer, src, vp8Info, sequence, wantedTemporal, nowNanos);
        } else if (packetsSinceSwitch < SWITCH_GUARD_PACKETS) {
            if ((short) (sequence - switchSequence) < 0) {
                return -1; // reordered, from before the switch: the subscriber's stream has moved past it
            }
            packetsSinceSwitch++;
        }
        boolean inOrder = (short) (sequence - highestSequence) > 0;
        int seqOffset = sequenceOffset;
        int picOffset = pictureIdOffset;
        int temporal = currentTemporal;
        if (!inOrder) {
            if (((highestSequence - sequence) & 0xffff) > LATE_LIMIT) {
                return -1;
            }
            int range = rangeOf(sequence);
            if (range < 0) {
                return -1; // older than anything the ranges remember
            }
            seqOffset = rangeSequenceOffset[range];
            picOffset = rangePictureIdOffset[range];
            temporal = rangeTemporal[range];
        }
        if (vp8 && Vp8Payload.temporal(vp8Info)) {
            int tid = Vp8Payload.temporalLayer(vp8Info);
            if (inOrder && Vp8Payload.frameStart(vp8Info)) {
                temporal = stepTemporal(tid, wantedTemporal, vp8Info, sequence);
            }
            if (tid > temporal) {
                if (inOrder) {
                    skip(sequence, src, vp8Info);
                }
                return -1;
            }
        }
        if (inOrder) {
            highestSequence = sequence;
            highestPictureId = vp8 ? Vp8Payload.pictureId(src, vp8Info) : -1;
            highestEndedFrame = RtpPacket.marker(src, 0);
            lastSkippedPictureId = -1;
            if ((short) (sequence - rangeStart[rangeNewest]) > RANGE_ROLL) {
                rangeStart[rangeNewest] = (sequence - LATE_LIMIT) & 0xffff; // same offsets, nearer start
            }
        }
        System.arraycopy(src, 0, dst, 0, len);
        int outSequence = (sequence + seqOffset) & 0xffff;
        long outTimestamp = (RtpPacket.timestamp(src, 0) + timestampOffset) & 0xffffffffL;
        int outPictureId = -1;
        int outTl0 = -1;
        RtpPacket.setSsrc(dst, 0, outSsrc);
        RtpPacket.setSequenceNumber(dst, 0, outSequence);
        RtpPacket.setTimestamp(dst, 0, outTimestamp);
        if (vp8 && Vp8Payload.valid(vp8Info)) {
            outPictureId = rewritePictureId(dst, vp8Info, picOffset);
            outTl0 = rewriteTl0(dst, vp8Info, tl0Offset);
        }
        if ((short) (outSequence - lastSequence) > 0) {
            lastSequence = outSequence;
            lastTimestamp = outTimestamp;
            if (outPictureId >= 0) {
                lastPictureId = outPictureId;
            }
            if (outTl0 >= 0) {
                lastTl0 = outTl0;
            }
        }
        lastSentNanos = nowNanos;
        int slot = outSequence & HISTORY_MASK;
        historySequence[slot] = outSequence;
        historyLayer[slot] = (byte) layer;
        historyOrigin[slot] = sequence;
        historyTimestampOffset[slot] = (int) timestampOffset;
        historyPictureIdOffset[slot] = (short) picOffset;
        historyTl0Offset[slot] = (byte) tl0Offset;
        return len;
    }

    /**
     * At the first packet of a frame of temporal layer {@code tid}: the temporal layer to forward from this
     * frame on. Down at once; up one layer at a sync frame of that layer; anywhere at a keyframe.
     */
    private int stepTemporal(int tid, int wantedTemporal, long vp8Info, int sequence) {
        int now = currentTemporal;
        int next = now;
        if (Vp8Payload.keyframe(vp8Info) || wantedTemporal < now) {
            next = wantedTemporal;
        } else if (wantedTemporal > now && tid == now + 1 && Vp8Payload.layerSync(vp8Info)) {
            next = tid;
        }
        if (next != now) {
            currentTemporal = next;
            pushRange(sequence);
        }
        return next;
    }

    /**
     * An in-order packet not forwarded: the packets after it move down one number, the pictures after it one
     * ID. When packets are missing just before it and they can only be earlier packets of its own frame (the
     * packet before the gap ended the previous picture, and this one is the next picture but not its first
     * packet), they move the numbering too: they would be dropped on arrival, and must leave no gap either.
     */
    private void skip(int sequence, byte[] src, long vp8Info) {
        int pictureId = Vp8Payload.pictureId(src, vp8Info);
        int missing = ((sequence - highestSequence) & 0xffff) - 1;
        int pictureMask = Vp8Payload.longPictureId(vp8Info) ? PICTURE_ID_MASK : 0x7f;
        boolean ownFrameMissing = missing > 0 && missing < 64 && !Vp8Payload.frameStart(vp8Info)
                && highestEndedFrame && pictureId >= 0 && highestPictureId >= 0
                && ((pictureId - highestPictureId) & pictureMask) == 1;
        int moved = 1 + (ownFrameMissing ? missing : 0);
        highestSequence = sequence;
        highestPictureId = pictureId;
        highestEndedFrame = RtpPacket.marker(src, 0);
        sequenceOffset = (sequenceOffset - moved) & 0xffff;
        if (pictureId >= 0 && pictureId != lastSkippedPictureId) {
            pictureIdOffset = (pictureIdOffset - 1) & PICTURE_ID_MASK;
            lastSkippedPictureId = pictureId;
        }
        pushRange((sequence + 1) & 0xffff);
        temporalDropped++;
    }

    /** From {@code start} on, the current offsets and temporal layer are in force. */
    private void pushRange(int start) {
        if (rangeCount == 0 || rangeStart[rangeNewest] != start) {
            rangeNewest = (rangeNewest + 1) % RANGES;
            rangeCount = Math.min(RANGES, rangeCount + 1);
        }
        rangeStart[rangeNewest] = start;
        rangeSequenceOffset[rangeNewest] = sequenceOffset;
        rangePictureIdOffset[rangeNewest] = pictureIdOffset;
        rangeTemporal[rangeNewest] = (byte) currentTemporal;
    }

    /**
     * The newest range that {@code sequence} (at most {@link #LATE_LIMIT} behind the highest) falls in, or -1
     * when it is older than those remembered. Distances are counted back from the highest packet: a range can
     * start at the next packet (-1 behind), and an older range whose distance no longer fits 16 bits shows as
     * nearer than a newer one, where the walk stops.
     */
    private int rangeOf(int sequence) {
        int behind = (highestSequence - sequence) & 0xffff;
        int previous = Integer.MIN_VALUE;
        for (int n = 0, i = rangeNewest; n < rangeCount; n++, i = (i - 1 + RANGES) % RANGES) {
            int startBehind = (short) (highestSequence - rangeStart[i]);
            if (startBehind < previous) {
                return -1;
            }
            if (startBehind >= behind) {
                return i;
            }
            previous = startBehind;
        }
        return -1;
    }

    /**
     * Offsets that make the new layer's first packet follow the last one sent: the next sequence number, a
     * timestamp later by the wall-clock time since then (at least one frame), the next picture ID and
     * TL0PICIDX (a keyframe is a new picture on temporal layer 0).
     */
    private void switchTo(int layer, byte[] src, long vp8Info, int sequence, int temporal, long nowNanos) {
        long timestamp = RtpPacket.timestamp(src, 0);
        int pictureId = vp8 ? Vp8Payload.pictureId(src, vp8Info) : -1;
        int tl0 = vp8 ? Vp8Payload.tl0PicIdx(src, vp8Info) : -1;
        if (!started) {
            // The first layer keeps its own numbering, so a track without simulcast goes out as it came in.
            started = true;
            sequenceOffset = 0;
            timestampOffset = 0;
            pictureIdOffset = 0;
            tl0Offset = 0;
            lastSequence = (sequence - 1) & 0xffff;
        } else {
            long elapsedTicks = Math.max(0, nowNanos - lastSentNanos) * clockRate / 1_000_000_000L;
            long step = Math.max(clockRate / MIN_FRAME_RATE_STEP, elapsedTicks);
            sequenceOffset = (lastSequence + 1 - sequence) & 0xffff;
            timestampOffset = (lastTimestamp + step - timestamp) & 0xffffffffL;
            pictureIdOffset = pictureId >= 0 && lastPictureId >= 0 ? (lastPictureId + 1 - pictureId) & PICTURE_ID_MASK : 0;
            tl0Offset = tl0 >= 0 && lastTl0 >= 0 ? (lastTl0 + 1 - tl0) & 0xff : 0;
        }
        current = layer;
        currentTemporal = temporal;
        switchSequence = sequence;
        packetsSinceSwitch = 0;
        highestSequence = (sequence - 1) & 0xffff;
        lastSkippedPictureId = -1;
        rangeCount = 0;
        pushRange(sequence);
    }

    private static int rewritePictureId(byte[] packet, long vp8Info, int offset) {
        int pictureId = Vp8Payload.pictureId(packet, vp8Info);
        if (pictureId < 0) {
            return -1;
        }
        // An offset modulo 2^15 is also right modulo 2^7, so a 7-bit picture ID keeps its short form.
        int out = (pictureId + offset) & (Vp8Payload.longPictureId(vp8Info) ? PICTURE_ID_MASK : 0x7f);
        Vp8Payload.setPictureId(packet, vp8Info, out);
        return out;
    }

    private static int rewriteTl0(byte[] packet, long vp8Info, int offset) {
        int tl0 = Vp8Payload.tl0PicIdx(packet, vp8Info);
        if (tl0 < 0) {
            return -1;
        }
        int out = (tl0 + offset) & 0xff;
        Vp8Payload.setTl0PicIdx(packet, vp8Info, out);
        return out;
    }

    /**
     * The packet this subscriber received as {@code outSequence}, rebuilt from its layer's cache into
     * {@code dst} in this subscriber's numbering; its length, or -1 when it is no longer known.
     */
    synchronized int retransmission(int outSequence, TrackLayer[] layers, byte[] dst) {
        int slot = outSequence & HISTORY_MASK;
        if (historySequence[slot] != outSequence) {
            return -1;
        }
        int layer = historyLayer[slot];
        PacketCache cache = layer < layers.length ? layers[layer].cache : null;
        if (cache == null) {
            return -1;
        }
        int len = cache.copy(historyOrigin[slot], dst, 0);
        if (len < 0) {
            return -1;
        }
        RtpPacket.setSsrc(dst, 0, outSsrc);
        RtpPacket.setSequenceNumber(dst, 0, outSequence);
        RtpPacket.setTimestamp(dst, 0, RtpPacket.timestamp(dst, 0) + (historyTimestampOffset[slot] & 0xffffffffL));
        if (vp8) {
            long vp8Info = Vp8Payload.parse(dst, len);
            if (Vp8Payload.valid(vp8Info)) {
                rewritePictureId(dst, vp8Info, historyPictureIdOffset[slot] & PICTURE_ID_MASK);
                rewriteTl0(dst, vp8Info, historyTl0Offset[slot] & 0xff);
            }
        }
        return len;
    }

    /** A sender report's RTP timestamp of {@code layer} in this subscriber's clock; -1 for a layer not sent. */
    synchronized long senderReportTimestamp(int layer, long rtpTimestamp) {
        if (layer != current) {
            return -1;
        }
        return (rtpTimestamp + timestampOffset) & 0xffffffffL;
    }
}
