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
     * The track an incoming packet belongs to. SSRCs come from the offer's ssrc lines; a stream the offer did
     * not list (simulcast by rid) is matched once by its mid header extension and remembered.
     */
    PublishedTrack trackBySsrc(long ssrc, byte[] buf, int len) {
        PublishedTrack[] current = tracks;
        for (PublishedTrack track : current) {
            if (track.ssrc == ssrc || track.rtxSsrc == ssrc) {
                return track;
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
            if (payloadType == track.codec.inPayloadType() && track.ssrc < 0) {
                track.ssrc = ssrc;
                return track;
            }
            if (payloadType == track.codec.inRtxPayloadType() && track.rtxSsrc < 0) {
                track.rtxSsrc = ssrc;
                return track;
            }
        }
        return null;
    }
}
