package org.parley.sfu.internal;

import java.util.Arrays;
import java.util.List;

import org.parley.webrtc.rtp.HeaderExtensions;
import org.parley.webrtc.rtp.RtpPacket;

/** What one participant publishes over its publish transport: its tracks, found by SSRC on every packet. */
final class Publication {
    private static final PublishedTrack[] NONE = new PublishedTrack[0];

    private final MediaTransport transport;
    private volatile PublishedTrack[] tracks = NONE;

    Publication(MediaTransport transport) {
        this.transport = transport;
    }

    MediaTransport transport() {
        return transport;
    }

    List<PublishedTrack> tracks() {
        return List.of(tracks);
    }

    PublishedTrack byMid(String mid) {
        for (PublishedTrack track : tracks) {
            if (track.mid.equals(mid)) {
                return track;
            }
        }
        return null;
    }

    synchronized void add(PublishedTrack track) {
        PublishedTrack[] next = Arrays.copyOf(tracks, tracks.length + 1);
        next[tracks.length] = track;
        tracks = next;
    }

    synchronized void remove(PublishedTrack track) {
        tracks = Arrays.stream(tracks).filter(t -> t != track).toArray(PublishedTrack[]::new);
    }

    /**
     * The track layer an incoming packet belongs to. SSRCs come from the offer's ssrc lines; a stream the
     * offer did not list is matched once by its mid header extension (and, for simulcast, its rid, or
     * repaired-rid for RTX) and remembered.
     */
    TrackLayer layerBySsrc(long ssrc, byte[] buf, int len) {
        PublishedTrack[] current = tracks;
        for (PublishedTrack track : current) {
            for (TrackLayer layer : track.layers) {
                if (layer.ssrc == ssrc || layer.rtxSsrc == ssrc) {
                    return layer;
                }
            }
        }
        for (PublishedTrack track : current) {
            if (track.midExtensionId <= 0) {
                continue;
            }
            String mid = HeaderExtensions.mid(buf, 0, len, track.midExtensionId);
            if (!track.mid.equals(mid)) {
                continue;
            }
            int payloadType = RtpPacket.payloadType(buf, 0);
            boolean primary = payloadType == track.codec.inPayloadType();
            boolean rtx = payloadType == track.codec.inRtxPayloadType();
            TrackLayer layer;
            if (!track.simulcast()) {
                layer = track.layers[0];
            } else if (primary && track.ridExtensionId > 0) {
                layer = track.layerByRid(HeaderExtensions.rid(buf, 0, len, track.ridExtensionId));
            } else if (rtx && track.repairedRidExtensionId > 0) {
                layer = track.layerByRid(HeaderExtensions.rid(buf, 0, len, track.repairedRidExtensionId));
            } else {
                layer = null;
            }
            if (layer == null) {
                continue;
            }
            if (primary && layer.ssrc < 0) {
                layer.ssrc = ssrc;
                return layer;
            }
            if (rtx && layer.rtxSsrc < 0) {
                layer.rtxSsrc = ssrc;
                return layer;
            }
        }
        return null;
    }
}
