package org.parley.sfu.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.parley.webrtc.rtcp.RtcpWriter;
import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.srtp.SrtpException;
import org.parley.webrtc.srtp.SrtpSession;

/**
 * One stream a participant publishes (microphone, camera or screen) and the subscribers it goes to.
 * Subscribers see it under an SSRC of the SFU's choosing ({@link #outSsrc}) and the SFU's payload type and
 * header extension numbers, so that a publisher's own numbering never leaks into a receiver's session.
 * Everything here except the subscriber list runs on the publisher's I/O thread.
 */
final class PublishedTrack {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DownTrack[] NONE = new DownTrack[0];

    final String id;
    final MediaParticipant owner;
    final MediaTransport transport;
    final String mid;
    final String kind;
    final String source;
    final NegotiatedCodec codec;
    final long outSsrc;
    final long outRtxSsrc;
    /** Publisher's header extension id → the SFU's id (0 = strip). */
    final byte[] extensionMap;
    final int midExtensionId;
    /** The publisher's rid and repaired-rid extension ids (learning simulcast SSRCs), or -1. */
    final int ridExtensionId;
    final int repairedRidExtensionId;
    /** Its RTP streams from the smallest picture to the largest: one, or one per simulcast rid. */
    final TrackLayer[] layers;
    private final long keyframeIntervalNanos;
    private final MediaCounters counters;
    /** How much a microphone speaks (dominant speaker, top-N audio); null for video. */
    final SpeechActivity speech;

    private volatile DownTrack[] downTracks = NONE;
    private volatile boolean ended;
    long packets;
    long bytes;

    PublishedTrack(String id, MediaParticipant owner, MediaTransport transport, String mid, String kind, String source,
            NegotiatedCodec codec, byte[] extensionMap, int midExtensionId, long keyframeIntervalNanos,
            MediaCounters counters) {
        this(id, owner, transport, mid, kind, source, codec, extensionMap, midExtensionId, -1, -1, List.of(),
                keyframeIntervalNanos, counters);
    }

    /** {@code rids}: the simulcast layers from the smallest to the largest; empty for a single stream. */
    PublishedTrack(String id, MediaParticipant owner, MediaTransport transport, String mid, String kind, String source,
            NegotiatedCodec codec, byte[] extensionMap, int midExtensionId, int ridExtensionId,
            int repairedRidExtensionId, List<String> rids, long keyframeIntervalNanos, MediaCounters counters) {
        this.id = id;
        this.owner = owner;
        this.transport = transport;
        this.mid = mid;
        this.kind = kind;
        this.source = source;
        this.codec = codec;
        this.extensionMap = extensionMap;
        this.midExtensionId = midExtensionId;
        this.ridExtensionId = ridExtensionId;
        this.repairedRidExtensionId = repairedRidExtensionId;
        this.keyframeIntervalNanos = keyframeIntervalNanos;
        this.counters = counters;
        this.outSsrc = randomSsrc();
        this.outRtxSsrc = randomSsrc();
        boolean video = isVideo();
        this.speech = video ? null : new SpeechActivity();
        if (rids.isEmpty()) {
            layers = new TrackLayer[] { new TrackLayer(this, 0, null, video) };
        } else {
            layers = new TrackLayer[rids.size()];
            for (int i = 0; i < layers.length; i++) {
                layers[i] = new TrackLayer(this, i, rids.get(i), video);
            }
        }
    }

    boolean simulcast() {
        return layers.length > 1;
    }

    /** The layer with this rid, or null. */
    TrackLayer layerByRid(String rid) {
        for (TrackLayer layer : layers) {
            if (rid != null && rid.equals(layer.rid)) {
                return layer;
            }
        }
        return null;
    }

    List<String> rids() {
        List<String> rids = new ArrayList<>();
        for (TrackLayer layer : layers) {
            if (layer.rid != null) {
                rids.add(layer.rid);
            }
        }
        return rids;
    }

    private static long randomSsrc() {
        return (RANDOM.nextInt() & 0xffffffffL) | 1;
    }

    boolean isVideo() {
        return "video".equals(kind);
    }

    boolean isVp8() {
        return "VP8".equalsIgnoreCase(codec.name());
    }

    boolean ended() {
        return ended;
    }

    void end() {
        ended = true;
        downTracks = NONE;
    }

    synchronized void attach(DownTrack down) {
        if (ended) {
            return;
        }
        DownTrack[] current = downTracks;
        DownTrack[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = down;
        downTracks = next;
    }

    synchronized void detach(DownTrack down) {
        DownTrack[] current = downTracks;
        int index = -1;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == down) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return;
        }
        DownTrack[] next = new DownTrack[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, current.length - index - 1);
        downTracks = next;
    }

    int subscriberCount() {
        return downTracks.length;
    }

    /** Who receives this track now. */
    DownTrack[] downTracks() {
        return downTracks;
    }

    /** A packet of the track's only (or first) stream; see {@link #forward(PacketWorker, TrackLayer, byte[], int)}. */
    void forward(PacketWorker worker, byte[] buf, int len) {
        forward(worker, layers[0], buf, len);
    }

    /**
     * A decrypted RTP packet of one of this track's layers in {@code buf}: map its payload type and header
     * extensions to the SFU's, keep it for retransmission, then give each subscriber its own rewrite of it
     * (if that subscriber gets this layer now), encrypted for that subscriber.
     */
    void forward(PacketWorker worker, TrackLayer layer, byte[] buf, int len) {
        packets++;
        bytes += len;
        long now = System.nanoTime();
        if (RtpPacket.extension(buf, 0)) {
            HeaderExtensions.remapIds(buf, 0, len, extensionMap);
        }
        RtpPacket.setPayloadType(buf, 0, codec.outPayloadType());
        if (speech != null) {
            speech.onPacket(buf, len);
        }
        long vp8Info = isVp8() ? Vp8Payload.parse(buf, len) : Vp8Payload.INVALID;
        boolean changed = !layer.active(now);
        layer.lastPacketNanos = now;
        layer.countPacket(vp8Info, len);
        if (layer.cache != null) {
            int sequence = RtpPacket.sequenceNumber(buf, 0);
            layer.onSequence(worker, sequence, counters);
            layer.cache.put(sequence, buf, 0, len);
        }
        int size = Vp8Payload.keyframeSize(buf, len, vp8Info);
        if (size >= 0 && (size >>> 16 != layer.width || (size & 0xffff) != layer.height)) {
            layer.width = size >>> 16;
            layer.height = size & 0xffff;
            changed = true;
        }
        if (changed && simulcast()) {
            // A layer started, came back, or changed size: the best layer for each subscriber may differ now.
            refreshLayers(worker);
        }
        DownTrack[] targets = downTracks;
        byte[] out = worker.out;
        boolean keyframeWanted = false;
        for (DownTrack down : targets) {
            MediaTransport to = down.transport;
            SrtpSession srtp = to.srtpOut();
            if (srtp == null || !to.isConnected()) {
                continue;
            }
            int outLength = down.rewriter.rewrite(layer.index, buf, len, vp8Info, out, now);
            if (outLength < 0) {
                if (speech != null && down.rewriter.target() == SimulcastLayerSelector.NONE) {
                    counters.topNAudioDropped.increment();
                }
                keyframeWanted |= down.rewriter.awaitedLayer() == layer.index;
                continue;
            }
            outLength = to.sequencer.stamp(out, outLength, now);
            try {
                int protectedLength = srtp.protectRtp(out, 0, outLength);
                worker.send(to.remote(), out, 0, protectedLength);
                counters.rtpForwarded.increment();
            } catch (SrtpException e) {
                counters.drop(MediaCounters.Drop.SEND_FAILED);
            }
        }
        if (keyframeWanted) {
            requestKeyframe(layer.index, worker); // rate-limited: repeats only if the first request was lost
        }
    }

    /** The spatial layer a subscriber with this constraint gets now ({@link SimulcastLayerSelector}). */
    int selectLayer(VideoConstraint constraint) {
        if (!isVideo()) {
            return 0;
        }
        return SimulcastLayerSelector.select(layerViews(System.nanoTime()), constraint, "screen".equals(source),
                SimulcastLayerSelector.UNLIMITED);
    }

    List<SimulcastLayerSelector.Layer> layerViews(long now) {
        List<SimulcastLayerSelector.Layer> views = new ArrayList<>(layers.length);
        for (TrackLayer layer : layers) {
            views.add(layer.view(now));
        }
        return views;
    }

    /** Chooses the layer of every subscriber again (layers came or went, or changed size). */
    void refreshLayers(PacketWorker via) {
        if (!isVideo()) {
            return;
        }
        List<SimulcastLayerSelector.Layer> views = layerViews(System.nanoTime());
        boolean screen = "screen".equals(source);
        for (DownTrack down : downTracks) {
            retarget(down, down.chooseLayer(views, screen), via);
        }
    }

    /** A subscriber said something new about this video: choose its layer again. */
    void constrain(DownTrack down, VideoConstraint constraint, PacketWorker via) {
        down.constraint = constraint;
        if (isVideo()) {
            retarget(down, down.chooseLayer(layerViews(System.nanoTime()), "screen".equals(source)), via);
        }
    }

    /** A temporal step needs no keyframe: only a new spatial layer asks for one. */
    private void retarget(DownTrack down, SimulcastLayerSelector.Choice choice, PacketWorker via) {
        int layer = choice.spatial();
        int before = down.rewriter.target();
        if (before == layer && down.rewriter.targetTemporal() == choice.temporal()) {
            return;
        }
        down.rewriter.setTarget(layer, choice.temporal());
        if (layer != before && layer != SimulcastLayerSelector.NONE && layer != down.rewriter.current()) {
            requestKeyframe(layer, via);
        }
    }

    /** Samples each layer's bitrate; once a second, from the SFU's timer. */
    void sampleLayers() {
        long now = System.nanoTime();
        for (TrackLayer layer : layers) {
            layer.sampleBitrate(now);
        }
    }

    /** The publisher's sender report for one layer, in each subscriber's clock for those that get that layer. */
    void forwardSenderReport(PacketWorker worker, TrackLayer layer, long ntp, long rtpTimestamp, long packetCount,
            long octetCount) {
        DownTrack[] targets = downTracks;
        if (targets.length == 0) {
            return;
        }
        byte[] report = new byte[28];
        for (DownTrack down : targets) {
            long timestamp = down.rewriter.senderReportTimestamp(layer.index, rtpTimestamp);
            if (timestamp < 0) {
                continue;
            }
            int len = RtcpWriter.senderReport(report, 0, outSsrc, ntp, timestamp, packetCount, octetCount);
            down.transport.sendRtcp(worker, report, 0, len);
        }
    }

    /** Asks the publisher for a keyframe of every layer someone gets or waits for. */
    void requestKeyframe(PacketWorker via) {
        for (DownTrack down : downTracks) {
            down.requestKeyframe(via);
        }
    }

    /** Asks the publisher for a keyframe (PLI) of one layer, at most once per configured interval. */
    void requestKeyframe(int layerIndex, PacketWorker via) {
        if (!isVideo() || ended || layerIndex < 0 || layerIndex >= layers.length) {
            return;
        }
        TrackLayer layer = layers[layerIndex];
        long ssrc = layer.ssrc;
        if (ssrc < 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - layer.lastKeyframeRequestNanos < keyframeIntervalNanos) {
            return;
        }
        layer.lastKeyframeRequestNanos = now;
        byte[] pli = new byte[16];
        int len = RtcpWriter.pli(pli, 0, outSsrc, ssrc);
        transport.sendRtcp(via, pli, 0, len);
        counters.keyframeRequests.increment();
    }
}
