package org.parley.sfu.internal;

import java.security.SecureRandom;
import java.util.Arrays;

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
    final PacketCache cache;
    private final long keyframeIntervalNanos;
    private final MediaCounters counters;

    volatile long ssrc = -1;
    volatile long rtxSsrc = -1;
    private volatile DownTrack[] downTracks = NONE;
    private volatile long lastKeyframeRequestNanos;
    private volatile boolean ended;
    long packets;
    long bytes;

    PublishedTrack(String id, MediaParticipant owner, MediaTransport transport, String mid, String kind, String source,
            NegotiatedCodec codec, byte[] extensionMap, int midExtensionId, long keyframeIntervalNanos,
            MediaCounters counters) {
        this.id = id;
        this.owner = owner;
        this.transport = transport;
        this.mid = mid;
        this.kind = kind;
        this.source = source;
        this.codec = codec;
        this.extensionMap = extensionMap;
        this.midExtensionId = midExtensionId;
        this.keyframeIntervalNanos = keyframeIntervalNanos;
        this.counters = counters;
        this.outSsrc = randomSsrc();
        this.outRtxSsrc = randomSsrc();
        this.cache = isVideo() ? new PacketCache(1024, PacketWorker.MAX_DATAGRAM + 32) : null;
    }

    private static long randomSsrc() {
        return (RANDOM.nextInt() & 0xffffffffL) | 1;
    }

    boolean isVideo() {
        return "video".equals(kind);
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

    /**
     * A decrypted RTP packet of this track in {@code buf}: rewrite it into the subscribers' numbering, keep it
     * for retransmission, then encrypt a copy for each subscriber and send it.
     */
    void forward(PacketWorker worker, byte[] buf, int len) {
        packets++;
        bytes += len;
        if (RtpPacket.extension(buf, 0)) {
            HeaderExtensions.remapIds(buf, 0, len, extensionMap);
        }
        RtpPacket.setSsrc(buf, 0, outSsrc);
        RtpPacket.setPayloadType(buf, 0, codec.outPayloadType());
        if (cache != null) {
            cache.put(RtpPacket.sequenceNumber(buf, 0), buf, 0, len);
        }
        DownTrack[] targets = downTracks;
        byte[] out = worker.out;
        for (DownTrack down : targets) {
            MediaTransport to = down.transport;
            SrtpSession srtp = to.srtpOut();
            if (srtp == null || !to.isConnected()) {
                continue;
            }
            System.arraycopy(buf, 0, out, 0, len);
            try {
                int protectedLength = srtp.protectRtp(out, 0, len);
                worker.send(to.remote(), out, 0, protectedLength);
                counters.rtpForwarded.increment();
            } catch (SrtpException e) {
                counters.drop(MediaCounters.Drop.SEND_FAILED);
            }
        }
    }

    /** The publisher's sender report, as the SFU's stream: same clocks and counts, the SFU's SSRC. */
    void forwardSenderReport(PacketWorker worker, long ntp, long rtpTimestamp, long packetCount, long octetCount) {
        DownTrack[] targets = downTracks;
        if (targets.length == 0) {
            return;
        }
        byte[] report = new byte[28];
        int len = RtcpWriter.senderReport(report, 0, outSsrc, ntp, rtpTimestamp, packetCount, octetCount);
        for (DownTrack down : targets) {
            down.transport.sendRtcp(worker, report, 0, len);
        }
    }

    /** Asks the publisher for a keyframe (PLI), at most once per configured interval. */
    void requestKeyframe(PacketWorker via) {
        if (!isVideo() || ended || ssrc < 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastKeyframeRequestNanos < keyframeIntervalNanos) {
            return;
        }
        lastKeyframeRequestNanos = now;
        byte[] pli = new byte[16];
        int len = RtcpWriter.pli(pli, 0, outSsrc, ssrc);
        transport.sendRtcp(via, pli, 0, len);
        counters.keyframeRequests.increment();
    }
}
