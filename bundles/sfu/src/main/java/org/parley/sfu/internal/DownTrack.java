package org.parley.sfu.internal;

import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;
import org.parley.webrtc.srtp.SrtpException;

/**
 * One published track as one subscriber receives it: where it goes, the layer it gets and that subscriber's
 * numbering of it ({@link SimulcastRewriter}), and its RTX numbering.
 */
final class DownTrack {
    final PublishedTrack track;
    final MediaTransport transport;
    final String mid;
    /** RTX payload type the subscriber accepted for this track's codec, or -1. */
    final int rtxPayloadType;
    final SimulcastRewriter rewriter;
    /** What the subscriber said about this video (receive-video); the layer choice follows it. */
    volatile VideoConstraint constraint;
    /** Set by the receiver's {@link BandwidthAllocator}: no layer fits the bandwidth left for this video. */
    volatile boolean pausedForBandwidth;
    /** The bitrate the allocator leaves this video: the layer choice steps down to fit it. */
    volatile long bitrateShare = SimulcastLayerSelector.UNLIMITED;
    /** Only the subscriber's thread answers its NACKs, so this counter has one writer. */
    private int rtxSequence = (int) (Math.random() * 65536);

    DownTrack(PublishedTrack track, MediaTransport transport, String mid, int rtxPayloadType) {
        this(track, transport, mid, rtxPayloadType, VideoConstraint.UNSPECIFIED);
    }

    DownTrack(PublishedTrack track, MediaTransport transport, String mid, int rtxPayloadType,
            VideoConstraint constraint) {
        this.track = track;
        this.transport = transport;
        this.mid = mid;
        this.rtxPayloadType = rtxPayloadType;
        this.constraint = constraint;
        this.rewriter = new SimulcastRewriter(track.outSsrc, track.codec.clockRate(), track.isVp8(),
                track.layers.length > 1, track.selectLayer(constraint));
    }

    /**
     * The layer and temporal layer this subscriber gets now, from the track's layers as they stand and the
     * bandwidth it was left.
     */
    SimulcastLayerSelector.Choice chooseLayer(java.util.List<SimulcastLayerSelector.Layer> layers, boolean screen) {
        return pausedForBandwidth ? SimulcastLayerSelector.Choice.NONE
                : SimulcastLayerSelector.choose(layers, constraint, screen, bitrateShare);
    }

    /** Asks for a keyframe of the layer this subscriber gets, or waits for. */
    void requestKeyframe(PacketWorker via) {
        int layer = rewriter.awaitedLayer();
        track.requestKeyframe(layer != SimulcastRewriter.NONE ? layer : rewriter.current(), via);
    }

    /**
     * Writes a padding-only RTX packet with {@code padding} bytes of padding (1..255) into {@code buf} and returns
     * its length, or -1 when the subscriber took no RTX. It has no original sequence number, so receivers drop it
     * before their decoder; it is there for the bandwidth it takes ({@link BandwidthProber}). On the subscriber's
     * thread, like {@link #retransmit}: both number the RTX stream.
     */
    int writePadding(byte[] buf, int padding, long nowNanos) {
        if (rtxPayloadType < 0 || padding < 1 || padding > 255) {
            return -1;
        }
        long timestamp = (long) (nowNanos / 1e9 * track.codec.clockRate()) & 0xffffffffL;
        int len = RtpPacket.writeHeader(buf, 0, rtxPayloadType, rtxSequence, timestamp, track.outRtxSsrc, false);
        buf[0] |= 0x20;
        java.util.Arrays.fill(buf, len, len + padding - 1, (byte) 0);
        buf[len + padding - 1] = (byte) padding;
        rtxSequence = (rtxSequence + 1) & 0xffff;
        return len + padding;
    }

    /** Resends one packet as RTX (RFC 4588), rebuilt from its layer's cache; false when it is no longer cached. */
    boolean retransmit(PacketWorker worker, int sequence, MediaCounters counters) {
        if (rtxPayloadType < 0 || transport.srtpOut() == null) {
            return false;
        }
        int len = rewriter.retransmission(sequence, track.layers, worker.aux);
        if (len < 0) {
            return false;
        }
        int rtxLength = Rtx.wrap(worker.aux, 0, len, worker.out, 0, rtxPayloadType, track.outRtxSsrc, rtxSequence);
        if (rtxLength < 0) {
            return false;
        }
        rtxLength = transport.sequencer.stamp(worker.out, rtxLength, System.nanoTime());
        rtxSequence = (rtxSequence + 1) & 0xffff;
        try {
            int protectedLength = transport.srtpOut().protectRtp(worker.out, 0, rtxLength);
            worker.send(transport.remote(), worker.out, 0, protectedLength);
            counters.retransmissions.increment();
            return true;
        } catch (SrtpException e) {
            return false;
        }
    }
}
