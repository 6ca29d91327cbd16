package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

import org.parley.webrtc.rtcp.RtcpCompound;
import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.RtcpVisitor;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;
import org.parley.webrtc.srtp.SrtpException;
import org.parley.webrtc.srtp.SrtpSession;
import org.parley.webrtc.stun.StunException;
import org.parley.webrtc.stun.StunMessage;
import org.parley.webrtc.stun.StunMessageWriter;

/**
 * Demultiplexes what arrives on the media port (RFC 7983: STUN, DTLS, SRTP/SRTCP by first byte) and sends
 * each packet where it belongs. Answers ICE connectivity checks itself (ICE-lite). Runs on the I/O thread
 * that read the packet; anything malformed or unexpected is dropped and counted, never thrown.
 */
final class PacketRouter {
    private static final int BINDING_REQUEST = 0x0001;
    private static final int BINDING_SUCCESS = 0x0101;

    private final TransportRegistry registry;
    private final MediaCounters counters;
    private final Executor handshakes;
    private final int handshakeTimeoutSeconds;
    private final boolean loopbackOnly;

    PacketRouter(TransportRegistry registry, MediaCounters counters, Executor handshakes, int handshakeTimeoutSeconds,
            boolean loopbackOnly) {
        this.registry = registry;
        this.counters = counters;
        this.handshakes = handshakes;
        this.handshakeTimeoutSeconds = handshakeTimeoutSeconds;
        this.loopbackOnly = loopbackOnly;
    }

    void onDatagram(PacketWorker worker, InetSocketAddress from, byte[] buf, int len) {
        if (len < 1) {
            counters.drop(MediaCounters.Drop.UNKNOWN_PROTOCOL);
            return;
        }
        if (loopbackOnly && !from.getAddress().isLoopbackAddress()) {
            counters.drop(MediaCounters.Drop.FOREIGN_ADDRESS);
            return;
        }
        int first = buf[0] & 0xff;
        if (first <= 3) {
            onStun(worker, from, buf, len);
        } else if (first >= 20 && first <= 63) {
            MediaTransport transport = registry.byAddress(from);
            if (transport == null) {
                counters.drop(MediaCounters.Drop.UNKNOWN_ADDRESS);
            } else {
                transport.onDtlsRecord(buf, 0, len);
            }
        } else if (first >= 128 && first <= 191) {
            onSrtp(worker, from, buf, len);
        } else {
            counters.drop(MediaCounters.Drop.UNKNOWN_PROTOCOL);
        }
    }

    private void onStun(PacketWorker worker, InetSocketAddress from, byte[] buf, int len) {
        StunMessage message;
        try {
            if (!StunMessage.isStun(buf, 0, len)) {
                counters.drop(MediaCounters.Drop.STUN_MALFORMED);
                return;
            }
            message = StunMessage.parse(buf, 0, len);
        } catch (StunException e) {
            counters.drop(MediaCounters.Drop.STUN_MALFORMED);
            return;
        }
        if (message.type() != BINDING_REQUEST) {
            // ICE-lite sends no checks of its own, so responses and indications (keepalives) need no answer.
            return;
        }
        String username = message.username();
        int colon = username == null ? -1 : username.indexOf(':');
        if (colon <= 0) {
            counters.drop(MediaCounters.Drop.STUN_UNKNOWN_USER);
            return;
        }
        MediaTransport transport = registry.byUfrag(username.substring(0, colon));
        if (transport == null) {
            counters.drop(MediaCounters.Drop.STUN_UNKNOWN_USER);
            return;
        }
        String remoteUfrag = transport.remoteUfrag();
        if (remoteUfrag != null && !remoteUfrag.equals(username.substring(colon + 1))) {
            counters.drop(MediaCounters.Drop.STUN_UNKNOWN_USER);
            return;
        }
        byte[] key = transport.localPasswordBytes();
        if (!message.hasMessageIntegrity() || !message.verifyMessageIntegrity(key)) {
            counters.drop(MediaCounters.Drop.STUN_BAD_INTEGRITY);
            return;
        }
        if (message.hasFingerprint() && !message.verifyFingerprint()) {
            counters.drop(MediaCounters.Drop.STUN_BAD_FINGERPRINT);
            return;
        }
        counters.stunRequests.increment();
        byte[] response = new StunMessageWriter(BINDING_SUCCESS, message.transactionId()).xorMappedAddress(from)
                .build(key, true);
        worker.send(from, response, 0, response.length);
        transport.onConsent(from, worker, message.useCandidate(), handshakes, handshakeTimeoutSeconds);
    }

    private void onSrtp(PacketWorker worker, InetSocketAddress from, byte[] buf, int len) {
        MediaTransport transport = registry.byAddress(from);
        if (transport == null) {
            counters.drop(MediaCounters.Drop.UNKNOWN_ADDRESS);
            return;
        }
        SrtpSession in = transport.srtpIn();
        if (in == null || !transport.isConnected()) {
            counters.drop(MediaCounters.Drop.NOT_READY);
            return;
        }
        if (len < 12) {
            counters.drop(MediaCounters.Drop.RTP_MALFORMED);
            return;
        }
        if (RtpPacket.isRtcp(buf, 0, len)) {
            int plain;
            try {
                plain = in.unprotectRtcp(buf, 0, len);
            } catch (SrtpException e) {
                countSrtp(e);
                return;
            }
            counters.rtcpIn.increment();
            onRtcp(worker, transport, buf, plain);
        } else {
            int plain;
            try {
                plain = in.unprotectRtp(buf, 0, len);
            } catch (SrtpException e) {
                countSrtp(e);
                return;
            }
            onRtp(worker, transport, buf, plain);
        }
    }

    private void countSrtp(SrtpException e) {
        switch (e.reason()) {
            case AUTH_FAILED -> counters.drop(MediaCounters.Drop.SRTP_AUTH_FAILED);
            case REPLAYED -> counters.drop(MediaCounters.Drop.SRTP_REPLAYED);
            default -> counters.drop(MediaCounters.Drop.SRTP_MALFORMED);
        }
    }

    private void onRtp(PacketWorker worker, MediaTransport transport, byte[] buf, int len) {
        if (RtpPacket.headerLength(buf, 0, len) < 0) {
            counters.drop(MediaCounters.Drop.RTP_MALFORMED);
            return;
        }
        Publication publication = transport.owner.publication();
        if (publication == null || publication.transport() != transport) {
            // Subscribers send no media; anything else on their connection is noise.
            counters.drop(MediaCounters.Drop.UNKNOWN_SSRC);
            return;
        }
        long ssrc = RtpPacket.ssrc(buf, 0);
        TrackLayer layer = publication.layerBySsrc(ssrc, buf, len);
        if (layer == null) {
            counters.drop(MediaCounters.Drop.UNKNOWN_SSRC);
            return;
        }
        PublishedTrack track = layer.track;
        int length = len;
        if (ssrc == layer.rtxSsrc) {
            if (RtpPacket.payloadLength(buf, 0, len) <= 2) {
                return; // padding-only RTX: the publisher probing bandwidth
            }
            length = Rtx.unwrap(buf, 0, len, track.codec.inPayloadType(), layer.ssrc);
            if (length < 0) {
                counters.drop(MediaCounters.Drop.RTP_MALFORMED);
                return;
            }
        } else if (RtpPacket.payloadType(buf, 0) != track.codec.inPayloadType()) {
            counters.drop(MediaCounters.Drop.UNKNOWN_PAYLOAD_TYPE);
            return;
        }
        track.forward(worker, layer, buf, length);
    }

    private void onRtcp(PacketWorker worker, MediaTransport transport, byte[] buf, int len) {
        RtcpVisitor visitor = transport.direction == MediaTransport.Direction.SUBSCRIBE
                ? new SubscriberFeedback(worker, transport)
                : new PublisherReports(worker, transport);
        try {
            RtcpCompound.forEach(buf, 0, len, visitor);
        } catch (RtcpException e) {
            counters.drop(MediaCounters.Drop.RTCP_MALFORMED);
        }
    }

    /**
     * Reports from a publisher. Its sender reports go on to every subscriber of the track, under the SFU's
     * SSRC, since the receiving browser needs them to line up audio with video (RTP to wall-clock mapping).
     */
    private static final class PublisherReports implements RtcpVisitor {
        private final PacketWorker worker;
        private final MediaTransport transport;

        PublisherReports(PacketWorker worker, MediaTransport transport) {
            this.worker = worker;
            this.transport = transport;
        }

        @Override
        public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            Publication publication = transport.owner.publication();
            if (publication == null) {
                return;
            }
            for (PublishedTrack track : publication.tracks()) {
                for (TrackLayer layer : track.layers) {
                    if (layer.ssrc == ssrc) {
                        track.forwardSenderReport(worker, layer, ntpTimestamp, rtpTimestamp, packetCount, octetCount);
                        return;
                    }
                }
            }
        }
    }

    /** Feedback from a subscriber about the tracks it receives: keyframe requests and NACKs. */
    private final class SubscriberFeedback implements RtcpVisitor {
        private final PacketWorker worker;
        private final MediaTransport transport;

        SubscriberFeedback(PacketWorker worker, MediaTransport transport) {
            this.worker = worker;
            this.transport = transport;
        }

        private DownTrack downTrack(long mediaSsrc) {
            Subscription subscription = transport.owner.subscription();
            return subscription == null ? null : subscription.downTrackBySsrc(mediaSsrc);
        }

        @Override
        public void onPli(long senderSsrc, long mediaSsrc) {
            DownTrack down = downTrack(mediaSsrc);
            if (down != null) {
                down.requestKeyframe(worker);
            }
        }

        @Override
        public void onFir(long senderSsrc, long mediaSsrc, int seqNr) {
            onPli(senderSsrc, mediaSsrc);
        }

        @Override
        public void onTransportCc(long senderSsrc, long mediaSsrc, byte[] buf, int fciOff, int fciLen) {
            long now = System.nanoTime();
            try {
                transport.bandwidth.onTransportCc(buf, fciOff, fciLen, now);
            } catch (org.parley.webrtc.rtcp.RtcpException e) {
                counters.drop(MediaCounters.Drop.RTCP_MALFORMED);
            }
            BandwidthTraceRecorder trace = transport.bandwidthTrace();
            if (trace != null) {
                trace.onTransportCc(buf, fciOff, fciLen, now);
            }
        }

        @Override
        public void onRemb(long senderSsrc, long bitrate, byte[] buf, int ssrcsOff, int ssrcCount) {
            long now = System.nanoTime();
            transport.bandwidth.onRemb(bitrate, now);
            BandwidthTraceRecorder trace = transport.bandwidthTrace();
            if (trace != null) {
                trace.onRemb(bitrate, now);
            }
        }

        @Override
        public void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            DownTrack down = downTrack(mediaSsrc);
            if (down == null) {
                return;
            }
            boolean missed = false;
            for (int bit = -1; bit < 16; bit++) {
                if (bit >= 0 && (blp & (1 << bit)) == 0) {
                    continue;
                }
                int sequence = (pid + bit + 1) & 0xffff;
                counters.nacksReceived.increment();
                if (!down.retransmit(worker, sequence, counters)) {
                    missed = true;
                }
            }
            if (missed) {
                // What the cache no longer has is best repaired by a fresh keyframe.
                down.requestKeyframe(worker);
            }
        }
    }
}
