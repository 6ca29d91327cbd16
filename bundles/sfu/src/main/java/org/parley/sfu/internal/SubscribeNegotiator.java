package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.parley.api.signaling.SignalingException;
import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Connection;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.Fingerprint;
import org.parley.webrtc.sdp.Group;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.Msid;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Setup;
import org.parley.webrtc.sdp.SsrcGroup;

/**
 * Writes the SFU's offers for a subscribe session (one m-line per slot: the track's codec under the SFU's
 * payload type, its SSRCs and msid, or inactive for a free slot) and reads the browser's answers.
 */
final class SubscribeNegotiator {

    /** What an answer tells: the browser's ICE and DTLS identity, and where it accepted RTX. */
    record Answer(String iceUfrag, String fingerprintHash, String fingerprint, Set<String> rtxAccepted,
            Set<String> rejected) {
    }

    private final InetSocketAddress candidate;
    private final PublishNegotiator transportWriter;

    SubscribeNegotiator(DtlsCertificate certificate, InetSocketAddress candidate) {
        this.candidate = candidate;
        this.transportWriter = new PublishNegotiator(certificate, candidate, List.of());
    }

    String offer(MediaTransport transport, List<Subscription.Slot> slots, long version) {
        SessionDescription offer = SessionDescription.create(Math.abs((long) transport.id.hashCode()) + 1, version);
        offer.setIceLite(true);
        offer.setMsidSemantic("WMS *");
        List<String> mids = new ArrayList<>();
        for (Subscription.Slot slot : slots) {
            PublishedTrack track = slot.track;
            boolean audio = "audio".equals(slot.kind);
            NegotiatedCodec codec = track != null ? track.codec
                    : audio ? new NegotiatedCodec("opus", 48000, 2, "minptime=10;useinbandfec=1", 111, 111, -1, -1)
                            : new NegotiatedCodec("VP8", 90000, 0, null, 96, 96, 97, 97);
            List<String> formats = new ArrayList<>();
            formats.add(String.valueOf(codec.outPayloadType()));
            if (codec.outRtxPayloadType() >= 0) {
                formats.add(String.valueOf(codec.outRtxPayloadType()));
            }
            MediaDescription m = MediaDescription.create(slot.kind, candidate.getPort(), "UDP/TLS/RTP/SAVPF", formats);
            m.setConnection(Connection.of(candidate.getAddress().getHostAddress()));
            m.setMid(slot.mid);
            transportWriter.transportAttributes(m, transport, Setup.ACTPASS);
            m.setRtcpRsize(true);
            m.addCodec(new Codec(codec.outPayloadType(), codec.name(), codec.clockRate(), codec.channels(), codec.fmtp(),
                    audio ? CodecTable.SUBSCRIBER_AUDIO_FEEDBACK : CodecTable.SUBSCRIBER_VIDEO_FEEDBACK));
            if (codec.outRtxPayloadType() >= 0) {
                m.addCodec(Codec.rtx(codec.outRtxPayloadType(), codec.outPayloadType(), codec.clockRate()));
            }
            if (audio) {
                m.addExtmap(new Extmap(1, CodecTable.AUDIO_LEVEL));
            }
            m.addExtmap(new Extmap(2, CodecTable.ABS_SEND_TIME));
            m.addExtmap(new Extmap(CodecTable.SUBSCRIBER_TRANSPORT_CC_ID, CodecTable.TRANSPORT_CC));
            if (track != null) {
                m.setDirection(Direction.SENDONLY);
                String stream = track.owner.id + "-" + track.source;
                m.setMsid(new Msid(stream, track.id));
                String cname = track.owner.id;
                if (codec.outRtxPayloadType() >= 0) {
                    m.addSsrcGroup(new SsrcGroup("FID", List.of(track.outSsrc, track.outRtxSsrc)));
                }
                m.addSsrc(track.outSsrc, "cname", cname);
                m.addSsrc(track.outSsrc, "msid", stream + " " + track.id);
                if (codec.outRtxPayloadType() >= 0) {
                    m.addSsrc(track.outRtxSsrc, "cname", cname);
                    m.addSsrc(track.outRtxSsrc, "msid", stream + " " + track.id);
                }
            } else {
                m.setDirection(Direction.INACTIVE);
            }
            offer.addMedia(m);
            mids.add(slot.mid);
        }
        offer.addGroup(new Group("BUNDLE", mids));
        return offer.write();
    }

    Answer readAnswer(String sdp, List<Subscription.Slot> slots) throws SignalingException {
        SessionDescription answer = PublishNegotiator.parse(sdp);
        if (answer.media().size() != slots.size()) {
            throw new SignalingException("invalid-sdp", "The answer has " + answer.media().size()
                    + " m-lines; the offer had " + slots.size());
        }
        MediaDescription first = answer.media().get(0);
        String ufrag = first.effectiveIceUfrag()
                .orElseThrow(() -> new SignalingException("invalid-sdp", "The answer has no a=ice-ufrag"));
        Fingerprint fingerprint = first.effectiveFingerprint()
                .orElseThrow(() -> new SignalingException("invalid-sdp", "The answer has no a=fingerprint"));
        Setup setup = first.effectiveSetup().orElse(Setup.ACTIVE);
        if (setup != Setup.ACTIVE) {
            throw new SignalingException("unsupported-dtls-role", "Answer a=setup:active: the SFU is the DTLS server");
        }
        Set<String> rtx = new HashSet<>();
        Set<String> rejected = new HashSet<>();
        for (int i = 0; i < slots.size(); i++) {
            MediaDescription m = answer.media().get(i);
            String mid = m.mid().orElse(null);
            if (!slots.get(i).mid.equals(mid)) {
                throw new SignalingException("invalid-sdp", "Answer m-line " + i + " has mid " + mid + ", expected "
                        + slots.get(i).mid);
            }
            if (m.codecs().stream().anyMatch(Codec::isRtx)) {
                rtx.add(mid);
            }
            if (m.port() == 0 || !m.effectiveDirection().receives()) {
                rejected.add(mid); // the browser refused this m-line: forwarding to it would be wasted
            }
        }
        return new Answer(ufrag, fingerprint.hashFunction(), fingerprint.value(), rtx, rejected);
    }
}
