package org.parley.sfu.internal;

import org.parley.webrtc.rtp.Rtx;
import org.parley.webrtc.srtp.SrtpException;

/** One published track as one subscriber receives it: where it goes, and that subscriber's RTX numbering. */
final class DownTrack {
    final PublishedTrack track;
    final MediaTransport transport;
    final String mid;
    /** RTX payload type the subscriber accepted for this track's codec, or -1. */
    final int rtxPayloadType;
    /** Only the subscriber's thread answers its NACKs, so this counter has one writer. */
    private int rtxSequence = (int) (Math.random() * 65536);

    DownTrack(PublishedTrack track, MediaTransport transport, String mid, int rtxPayloadType) {
        this.track = track;
        this.transport = transport;
        this.mid = mid;
        this.rtxPayloadType = rtxPayloadType;
    }

    /** Resends one packet from the track's cache as RTX (RFC 4588); false when it is no longer cached. */
    boolean retransmit(PacketWorker worker, int sequence, MediaCounters counters) {
        PacketCache cache = track.cache;
        if (cache == null || rtxPayloadType < 0 || transport.srtpOut() == null) {
            return false;
        }
        int len = cache.copy(sequence, worker.aux, 0);
        if (len < 0) {
            return false;
        }
        int rtxLength = Rtx.wrap(worker.aux, 0, len, worker.out, 0, rtxPayloadType, track.outRtxSsrc, rtxSequence);
        if (rtxLength < 0) {
            return false;
        }
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
