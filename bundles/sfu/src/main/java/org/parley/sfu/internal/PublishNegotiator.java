package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.parley.api.signaling.SignalingException;
import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.sdp.Candidate;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Connection;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.Fingerprint;
import org.parley.webrtc.sdp.Group;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.SdpException;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Rid;
import org.parley.webrtc.sdp.Setup;
import org.parley.webrtc.sdp.Simulcast;
import org.parley.webrtc.sdp.SsrcAttribute;
import org.parley.webrtc.sdp.SsrcGroup;

/**
 * Answers a participant's publish offer: picks one codec per m-line (Opus; the first configured video
 * codec the browser has), accepts the header extensions the SFU understands, and works out which tracks
 * this offer adds and ends compared with the last one. The SFU answers as ICE-lite and DTLS server.
 */
final class PublishNegotiator {
    static final Set<String> SOURCES = Set.of("microphone", "camera", "screen");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Result(String sdp, List<PublishedTrack> added, List<PublishedTrack> removed) {
    }

    private final DtlsCertificate certificate;
    private final InetSocketAddress candidate;
    private final List<String> videoCodecs;
    private final long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
    private long version;

    PublishNegotiator(DtlsCertificate certificate, InetSocketAddress candidate, List<String> videoCodecs) {
        this.certificate = certificate;
        this.candidate = candidate;
        this.videoCodecs = videoCodecs.stream().map(c -> c.trim().toUpperCase(Locale.ROOT)).toList();
    }

    static SessionDescription parse(String sdp) throws SignalingException {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpException e) {
            throw new SignalingException("invalid-sdp", "The SDP could not be read: " + e.getMessage());
        }
    }

    Result answer(String sdp, Map<String, String> sources, Publication publication, MediaParticipant participant,
            int keyframeIntervalMs, MediaCounters counters) throws SignalingException {
        SessionDescription offer = parse(sdp);
        if (offer.media().isEmpty()) {
            throw new SignalingException("invalid-sdp", "The offer has no media sections");
        }
        List<String> bundle = offer.group("BUNDLE");
        MediaDescription first = offer.media().get(0);
        String ufrag = first.effectiveIceUfrag()
                .orElseThrow(() -> new SignalingException("invalid-sdp", "The offer has no a=ice-ufrag"));
        first.effectiveIcePwd().orElseThrow(() -> new SignalingException("invalid-sdp", "The offer has no a=ice-pwd"));
        Fingerprint fingerprint = first.effectiveFingerprint()
                .orElseThrow(() -> new SignalingException("invalid-sdp", "The offer has no a=fingerprint"));
        Setup setup = first.effectiveSetup().orElse(Setup.ACTPASS);
        if (setup != Setup.ACTPASS && setup != Setup.ACTIVE) {
            throw new SignalingException("unsupported-dtls-role", "The SFU is the DTLS server: offer a=setup:actpass or active");
        }
        for (MediaDescription m : offer.media()) {
            // Refuse before touching the transport: a refused offer must leave the running session as it was.
            String mid = m.mid().orElseThrow(() -> new SignalingException("invalid-sdp", "Every m-line needs a=mid"));
            if (accepts(m, bundle, mid) && !m.rtcpMux()) {
                throw new SignalingException("invalid-sdp", "m-line " + mid + " must use a=rtcp-mux");
            }
        }
        MediaTransport transport = publication.transport();
        if (transport.remoteUfrag() != null && !transport.remoteUfrag().equals(ufrag)) {
            transport.newLocalCredentials(); // ICE restart: both sides take new credentials (RFC 8445 9)
        }
        transport.setRemote(ufrag, fingerprint.hashFunction(), fingerprint.value());

        SessionDescription answer = SessionDescription.create(sessionId, ++version);
        answer.setIceLite(true);
        List<String> accepted = new ArrayList<>();
        List<PublishedTrack> added = new ArrayList<>();
        List<PublishedTrack> removed = new ArrayList<>();
        Set<String> live = new HashSet<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow();
            if (!accepts(m, bundle, mid)) {
                answer.addMedia(rejected(m, mid));
                continue;
            }
            Optional<Codec> chosen = choose(m);
            MediaDescription a = MediaDescription.create(m.kind(), candidate.getPort(), m.proto(), new ArrayList<>());
            accepted.add(mid);
            a.setConnection(Connection.of(candidate.getAddress().getHostAddress()));
            a.setMid(mid);
            transportAttributes(a, transport, Setup.PASSIVE);
            if (m.rtcpRsize()) {
                a.setRtcpRsize(true);
            }
            Direction direction = m.effectiveDirection();
            if (chosen.isEmpty()) {
                // Nothing we take: inactive, naming one offered format with its rtpmap (an answer lists at least one).
                Optional<Codec> any = m.codecs().stream().filter(c -> !c.isRtx()).findFirst();
                if (any.isPresent()) {
                    Codec c = any.get();
                    a.addCodec(new Codec(c.payloadType(), c.name(), c.clockRate(), c.channels(), c.fmtp(), List.of()));
                } else {
                    a.setFormats(m.formats());
                }
                a.setDirection(Direction.INACTIVE);
                answer.addMedia(a);
                continue;
            }
            Codec codec = chosen.get();
            Optional<Codec> rtx = "video".equals(m.kind()) ? m.rtxFor(codec.payloadType()) : Optional.empty();
            List<String> feedback = "video".equals(m.kind())
                    ? codec.feedback().stream().filter(CodecTable.VIDEO_FEEDBACK::contains).toList()
                    : List.of();
            a.addCodec(new Codec(codec.payloadType(), codec.name(), codec.clockRate(), codec.channels(), codec.fmtp(),
                    feedback));
            rtx.ifPresent(r -> a.addCodec(Codec.rtx(r.payloadType(), codec.payloadType(), r.clockRate())));
            if (!direction.sends()) {
                a.setDirection(Direction.INACTIVE); // same codec lines as when it sends, so the m-line stays consistent
                answer.addMedia(a);
                continue;
            }
            byte[] extensionMap = new byte[256];
            int midExtension = -1;
            int ridExtension = -1;
            int repairedRidExtension = -1;
            for (Extmap extmap : m.extmaps()) {
                if (!CodecTable.ACCEPTED_FROM_PUBLISHERS.contains(extmap.uri())
                        || (CodecTable.AUDIO_LEVEL.equals(extmap.uri()) && !"audio".equals(m.kind()))) {
                    continue;
                }
                a.addExtmap(new Extmap(extmap.id(), extmap.uri()));
                if (extmap.id() > 0 && extmap.id() < 256) {
                    extensionMap[extmap.id()] = (byte) CodecTable.subscriberExtensionId(extmap.uri());
                }
                if (CodecTable.MID.equals(extmap.uri())) {
                    midExtension = extmap.id();
                } else if (CodecTable.RID.equals(extmap.uri())) {
                    ridExtension = extmap.id();
                } else if (CodecTable.REPAIRED_RID.equals(extmap.uri())) {
                    repairedRidExtension = extmap.id();
                }
            }
            List<String> rids = simulcastRids(m, codec, ridExtension);
            if (!rids.isEmpty()) {
                for (String rid : rids) {
                    a.addRid(new Rid(rid, "recv"));
                }
                a.setSimulcast(Simulcast.receiving(rids));
            }
            a.setDirection(Direction.RECVONLY);
            answer.addMedia(a);

            String name = codec.name().toUpperCase(Locale.ROOT);
            NegotiatedCodec negotiated = new NegotiatedCodec(codec.name(), codec.clockRate(), codec.channels(),
                    codec.fmtp(), codec.payloadType(), CodecTable.payloadType(name),
                    rtx.map(Codec::payloadType).orElse(-1), rtx.isPresent() ? CodecTable.rtxPayloadType(name) : -1);
            live.add(mid);
            PublishedTrack existing = publication.byMid(mid);
            if (existing != null && existing.kind.equals(m.kind()) && existing.codec.equals(negotiated)
                    && existing.rids().equals(rids)) {
                assignSsrcs(existing, m);
                continue;
            }
            if (existing != null) {
                removed.add(existing);
            }
            String source = sources.get(mid);
            if (source == null || !SOURCES.contains(source)) {
                source = "audio".equals(m.kind()) ? "microphone" : "camera";
            }
            PublishedTrack track = new PublishedTrack(MediaServer.newTrackId(), participant, transport, mid, m.kind(),
                    source, negotiated, extensionMap, midExtension, ridExtension, repairedRidExtension, rids,
                    TimeUnit.MILLISECONDS.toNanos(keyframeIntervalMs), counters);
            assignSsrcs(track, m);
            added.add(track);
        }
        for (PublishedTrack track : publication.tracks()) {
            if (!live.contains(track.mid) && !removed.contains(track)) {
                removed.add(track);
            }
        }
        if (!accepted.isEmpty()) {
            answer.addGroup(new Group("BUNDLE", accepted));
        }
        return new Result(answer.write(), added, removed);
    }

    /** An audio or video m-line that is not rejected and not outside the BUNDLE group. */
    private static boolean accepts(MediaDescription m, List<String> bundle, String mid) {
        boolean media = m.isRtp() && ("audio".equals(m.kind()) || "video".equals(m.kind()));
        return media && m.port() != 0 && (bundle.isEmpty() || bundle.contains(mid));
    }

    /** The first codec of ours the offer has: Opus for audio, the configured video order for video. */
    private Optional<Codec> choose(MediaDescription m) {
        List<Codec> codecs = m.codecs();
        if ("audio".equals(m.kind())) {
            return codecs.stream().filter(c -> "opus".equalsIgnoreCase(c.name()) && c.clockRate() == 48000).findFirst();
        }
        for (String wanted : videoCodecs) {
            Optional<Codec> match = codecs.stream().filter(c -> c.name().equalsIgnoreCase(wanted))
                    .filter(c -> !"H264".equals(wanted) || "1".equals(c.fmtpParameters().get("packetization-mode")))
                    .findFirst();
            if (match.isPresent() && CodecTable.payloadType(wanted) >= 0) {
                return match;
            }
        }
        return Optional.empty();
    }

    /**
     * The rids of a VP8 video the browser offers to send as simulcast ({@code a=simulcast:send} with matching
     * {@code a=rid:<id> send} lines), in the offer's order, which the SFU takes as smallest picture first
     * (the web client lists q, h, f: scaled down by 4, by 2, not at all). Empty without simulcast, or when
     * the SFU cannot switch between the layers: it finds keyframes only in VP8, and it learns each layer's
     * SSRC from the rid extension unless the offer lists them (a=ssrc-group:SIM).
     */
    private static List<String> simulcastRids(MediaDescription m, Codec codec, int ridExtension) {
        Optional<Simulcast> simulcast = m.simulcast();
        if (simulcast.isEmpty() || simulcast.get().send().isEmpty() || !"VP8".equalsIgnoreCase(codec.name())) {
            return List.of();
        }
        Set<String> offered = new HashSet<>();
        for (Rid rid : m.rids()) {
            if ("send".equals(rid.direction())) {
                offered.add(rid.id());
            }
        }
        List<String> rids = new ArrayList<>();
        for (List<Simulcast.Alternative> stream : simulcast.get().send()) {
            // Alternatives are for codecs the SFU does not choose between: the first one names the stream.
            String rid = stream.get(0).rid();
            if (offered.contains(rid) && !rids.contains(rid)) {
                rids.add(rid);
            }
        }
        boolean simGroup = m.ssrcGroups().stream().anyMatch(g -> "SIM".equals(g.semantics()));
        if (ridExtension <= 0 && !simGroup) {
            return List.of();
        }
        return rids;
    }

    /**
     * SSRCs the offer lists: per layer from a=ssrc-group:SIM (with FID groups for RTX) for simulcast,
     * else from the FID group or first ssrc line; layers without them are learnt from their first packets.
     */
    private static void assignSsrcs(PublishedTrack track, MediaDescription m) {
        if (track.simulcast()) {
            for (SsrcGroup group : m.ssrcGroups()) {
                if ("SIM".equals(group.semantics()) && group.ssrcs().size() == track.layers.length) {
                    for (int i = 0; i < track.layers.length; i++) {
                        long primary = group.ssrcs().get(i);
                        track.layers[i].ssrc = primary;
                        for (SsrcGroup fid : m.ssrcGroups()) {
                            if ("FID".equals(fid.semantics()) && fid.ssrcs().size() == 2 && fid.ssrcs().get(0) == primary) {
                                track.layers[i].rtxSsrc = fid.ssrcs().get(1);
                            }
                        }
                    }
                }
            }
            return;
        }
        long[] ssrcs = ssrcs(m);
        if (ssrcs[0] >= 0) {
            track.layers[0].ssrc = ssrcs[0];
            track.layers[0].rtxSsrc = ssrcs[1];
        }
    }

    /** Primary and RTX SSRC from the offer's ssrc lines (FID group), or -1 when the stream is to be learnt. */
    private static long[] ssrcs(MediaDescription m) {
        for (SsrcGroup group : m.ssrcGroups()) {
            if ("FID".equals(group.semantics()) && group.ssrcs().size() == 2) {
                return new long[] { group.ssrcs().get(0), group.ssrcs().get(1) };
            }
        }
        List<SsrcAttribute> lines = m.ssrcs();
        return new long[] { lines.isEmpty() ? -1 : lines.get(0).ssrc(), -1 };
    }

    private static MediaDescription rejected(MediaDescription offered, String mid) {
        MediaDescription a = MediaDescription.create(offered.kind(), 0, offered.proto(), offered.formats());
        a.setMid(mid);
        return a;
    }

    void transportAttributes(MediaDescription a, MediaTransport transport, Setup setup) {
        a.setIceUfrag(transport.localUfrag());
        a.setIcePwd(transport.localPassword());
        a.setIceOptions(List.of());
        a.setFingerprint(new Fingerprint("sha-256", certificate.fingerprintSha256()));
        a.setSetup(setup);
        a.setRtcpMux(true);
        a.addCandidate(new Candidate("1", 1, "udp", Candidate.priority(126, 65535, 1),
                candidate.getAddress().getHostAddress(), candidate.getPort(), "host", null, null, Map.of()));
        a.setEndOfCandidates(true);
    }
}
