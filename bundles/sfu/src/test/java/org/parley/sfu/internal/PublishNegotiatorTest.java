package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.api.signaling.SignalingException;
import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.sdp.Candidate;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.Fingerprint;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.SdpException;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Setup;

class PublishNegotiatorTest {
    static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    static final InetSocketAddress CANDIDATE = new InetSocketAddress("192.0.2.10", 40000);
    static final List<String> DEFAULT_CODECS = List.of("VP8", "VP9", "H264");

    static final String AUDIO_LEVEL = CodecTable.AUDIO_LEVEL;
    static final String ABS_SEND_TIME = CodecTable.ABS_SEND_TIME;
    static final String MID = CodecTable.MID;
    static final String RID = CodecTable.RID;
    static final String REPAIRED_RID = CodecTable.REPAIRED_RID;

    private TransportRegistry registry;
    private MediaCounters counters;
    private MediaParticipant participant;
    private Publication publication;
    private PublishNegotiator negotiator;

    // ---- shared fixtures (also used by the subscribe tests of this package)

    static String resource(String name) {
        try (InputStream in = PublishNegotiatorTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MediaTransport transport(String id, MediaTransport.Direction direction, MediaParticipant owner,
            TransportRegistry registry, MediaCounters counters) {
        return new MediaTransport(id, direction, owner, registry, counters, CERTIFICATE, List.of(8, 7, 1),
                new MediaTransport.Listener() {
                    @Override
                    public void onConnected(MediaTransport transport) {
                    }

                    @Override
                    public void onClosed(MediaTransport transport, String reason) {
                    }
                });
    }

    static SessionDescription parseSdp(String sdp) {
        try {
            return SessionDescription.parse(sdp);
        } catch (SdpException e) {
            throw new AssertionError("the SFU wrote SDP its own parser rejects: " + e.getMessage() + "\n" + sdp, e);
        }
    }

    /** Every payload type an m-line lists is described by an rtpmap (or is one of the static ones browsers use). */
    static void assertFormatsDescribed(MediaDescription m) {
        if (m.port() == 0 || !m.isRtp()) {
            return;
        }
        Set<String> statics = Set.of("0", "8", "9", "13");
        List<String> described = m.codecs().stream().map(c -> String.valueOf(c.payloadType())).toList();
        for (String format : m.formats()) {
            assertThat(statics.contains(format) || described.contains(format))
                    .as("payload type %s of m-line %s has an rtpmap", format, m.mid().orElse("?")).isTrue();
        }
        for (Codec codec : m.codecs()) {
            if (codec.isRtx()) {
                assertThat(m.formats()).as("apt of RTX %d is listed", codec.payloadType())
                        .contains(String.valueOf(codec.associatedPayloadType().getAsInt()));
            }
        }
    }

    /** The offer split at its m-lines: element 0 is the session part, element i the i-th m-line. */
    static List<String> sections(String sdp) {
        List<String> parts = new ArrayList<>(Arrays.asList(sdp.split("(?m)(?=^m=)")));
        return parts;
    }

    static String editSection(String sdp, int mline, UnaryOperator<String> edit) {
        List<String> parts = sections(sdp);
        parts.set(mline + 1, edit.apply(parts.get(mline + 1)));
        return String.join("", parts);
    }

    static String withoutLines(String sdp, String prefix) {
        return sdp.replaceAll("(?m)^" + Pattern.quote(prefix) + ".*\\R", "");
    }

    @BeforeEach
    void setUp() {
        registry = new TransportRegistry();
        counters = new MediaCounters();
        participant = new MediaParticipant("alice", "meeting-1");
        publication = new Publication(transport("publish-1", MediaTransport.Direction.PUBLISH, participant, registry,
                counters));
        participant.setPublication(publication);
        negotiator = new PublishNegotiator(CERTIFICATE, CANDIDATE, DEFAULT_CODECS);
    }

    /** Answers like MediaServer does, and applies the result to the publication. */
    private PublishNegotiator.Result publish(PublishNegotiator with, String sdp, Map<String, String> sources)
            throws SignalingException {
        PublishNegotiator.Result result = with.answer(sdp, sources, publication, participant, 300, counters);
        for (PublishedTrack ended : result.removed()) {
            ended.end();
            publication.remove(ended);
        }
        for (PublishedTrack added : result.added()) {
            publication.add(added);
        }
        SessionDescription answer = parseSdp(result.sdp());
        answer.media().forEach(PublishNegotiatorTest::assertFormatsDescribed);
        return result;
    }

    private PublishNegotiator.Result publish(String sdp, Map<String, String> sources) throws SignalingException {
        return publish(negotiator, sdp, sources);
    }

    private PublishNegotiator.Result publish(String sdp) throws SignalingException {
        return publish(sdp, Map.of());
    }

    private static PublishedTrack track(List<PublishedTrack> tracks, String mid) {
        return tracks.stream().filter(t -> t.mid.equals(mid)).findFirst()
                .orElseThrow(() -> new AssertionError("no track for mid " + mid + " in " + tracks));
    }

    private static List<Extmap> extmaps(MediaDescription m) {
        return m.extmaps();
    }

    private static byte[] map(int... publisherToSfu) {
        byte[] map = new byte[256];
        for (int i = 0; i < publisherToSfu.length; i += 2) {
            map[publisherToSfu[i]] = (byte) publisherToSfu[i + 1];
        }
        return map;
    }

    private String chrome() {
        return resource("chrome-audio-video.sdp");
    }

    // ---- the answer to Chrome's audio + video offer

    @Test
    void answersChromeAsIceLiteDtlsServerOnOneBundledHostCandidate() throws Exception {
        PublishNegotiator.Result result = publish(chrome());
        SessionDescription answer = parseSdp(result.sdp());
        MediaTransport transport = publication.transport();

        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.group("BUNDLE")).containsExactly("0", "1");
        assertThat(answer.media()).extracting(MediaDescription::kind).containsExactly("audio", "video");
        assertThat(answer.media()).extracting(m -> m.mid().orElse(null)).containsExactly("0", "1");
        for (MediaDescription m : answer.media()) {
            assertThat(m.port()).isEqualTo(40000);
            assertThat(m.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
            assertThat(m.directionAttribute()).contains(Direction.RECVONLY);
            assertThat(m.effectiveSetup()).contains(Setup.PASSIVE);
            assertThat(m.effectiveIceUfrag()).contains(transport.localUfrag());
            assertThat(m.effectiveIcePwd()).contains(transport.localPassword());
            assertThat(m.effectiveFingerprint()).contains(new Fingerprint("sha-256", CERTIFICATE.fingerprintSha256()));
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.effectiveConnection().orElseThrow().address()).isEqualTo("192.0.2.10");
            List<Candidate> candidates = m.candidates();
            assertThat(candidates).hasSize(1);
            Candidate host = candidates.get(0);
            assertThat(host.type()).isEqualTo("host");
            assertThat(host.transport()).isEqualToIgnoringCase("udp");
            assertThat(host.component()).isEqualTo(1);
            assertThat(host.address()).isEqualTo("192.0.2.10");
            assertThat(host.port()).isEqualTo(40000);
        }
        // the credentials are the SFU's own, not an echo of the browser's
        assertThat(transport.localUfrag()).isNotEqualTo("Vq3e");
        assertThat(registry.byUfrag(transport.localUfrag())).isSameAs(transport);
        assertThat(transport.remoteUfrag()).isEqualTo("Vq3e");
        assertThat(transport.hasRemoteDescription()).isTrue();
    }

    @Test
    void answersOnlyOpusForAudioUnderChromesPayloadType() throws Exception {
        SessionDescription answer = parseSdp(publish(chrome()).sdp());
        MediaDescription audio = answer.media().get(0);
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.codecs()).hasSize(1);
        Codec opus = audio.codecs().get(0);
        assertThat(opus.name()).isEqualToIgnoringCase("opus");
        assertThat(opus.clockRate()).isEqualTo(48000);
        assertThat(opus.channels()).isEqualTo(2);
        assertThat(opus.fmtpParameters()).containsEntry("useinbandfec", "1");
        assertThat(opus.feedback()).doesNotContain("transport-cc");
    }

    @Test
    void answersVp8AndItsRtxWithFilteredFeedbackByDefault() throws Exception {
        SessionDescription answer = parseSdp(publish(chrome()).sdp());
        MediaDescription video = answer.media().get(1);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.codecs()).extracting(Codec::payloadType, Codec::name)
                .containsExactly(tuple(96, "VP8"), tuple(97, "rtx"));
        assertThat(video.rtxFor(96)).isPresent();
        assertThat(video.codec(96).orElseThrow().feedback())
                .containsExactlyInAnyOrder("nack", "nack pli", "ccm fir", "goog-remb");
    }

    @Test
    void answersVp9WhenThePreferenceStartsWithVp9() throws Exception {
        PublishNegotiator vp9First = new PublishNegotiator(CERTIFICATE, CANDIDATE, List.of("VP9", "VP8", "H264"));
        PublishNegotiator.Result result = publish(vp9First, chrome(), Map.of());
        MediaDescription video = parseSdp(result.sdp()).media().get(1);
        assertThat(video.formats()).containsExactly("98", "99");
        Codec vp9 = video.codec(98).orElseThrow();
        assertThat(vp9.name()).isEqualTo("VP9");
        assertThat(vp9.fmtpParameters()).containsEntry("profile-id", "0");
        assertThat(video.codec(99).orElseThrow().associatedPayloadType()).hasValue(98);

        NegotiatedCodec codec = track(result.added(), "1").codec;
        assertThat(codec.name()).isEqualTo("VP9");
        assertThat(codec.inPayloadType()).isEqualTo(98);
        assertThat(codec.outPayloadType()).isEqualTo(CodecTable.payloadType("VP9"));
        assertThat(codec.inRtxPayloadType()).isEqualTo(99);
        assertThat(codec.outRtxPayloadType()).isEqualTo(CodecTable.rtxPayloadType("VP9"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "H264", " h264 ,VP8" })
    void answersH264OnlyWithPacketizationMode1(String preference) throws Exception {
        PublishNegotiator h264 = new PublishNegotiator(CERTIFICATE, CANDIDATE, List.of(preference.split(",")));
        // Put Chrome's packetization-mode=0 variant (104) before the mode-1 one (102) in the m= line order.
        String offer = chrome().replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97 104 105 102 103");
        PublishNegotiator.Result result = publish(h264, offer, Map.of());
        MediaDescription video = parseSdp(result.sdp()).media().get(1);
        assertThat(video.formats()).containsExactly("102", "103");
        Codec codec = video.codec(102).orElseThrow();
        assertThat(codec.name()).isEqualTo("H264");
        assertThat(codec.fmtpParameters()).containsEntry("packetization-mode", "1")
                .containsEntry("profile-level-id", "42001f");
        assertThat(video.codec(103).orElseThrow().associatedPayloadType()).hasValue(102);
        NegotiatedCodec negotiated = track(result.added(), "1").codec;
        assertThat(negotiated.outPayloadType()).isEqualTo(102);
        assertThat(negotiated.outRtxPayloadType()).isEqualTo(103);
    }

    @Test
    void h264InPacketizationMode0IsNotTaken() throws Exception {
        PublishNegotiator h264First = new PublishNegotiator(CERTIFICATE, CANDIDATE, List.of("H264", "VP8"));
        String offer = resource("renumbered-audio-video.sdp").replace("packetization-mode=1", "packetization-mode=0");
        MediaDescription video = parseSdp(publish(h264First, offer, Map.of()).sdp()).media().get(1);
        assertThat(video.codecs()).extracting(Codec::name).containsExactly("VP8", "rtx");
    }

    @Test
    void acceptsOnlyTheHeaderExtensionsTheSfuUnderstandsUnderTheOffersIds() throws Exception {
        SessionDescription answer = parseSdp(publish(chrome()).sdp());
        assertThat(extmaps(answer.media().get(0))).extracting(Extmap::id, Extmap::uri)
                .containsExactlyInAnyOrder(tuple(1, AUDIO_LEVEL), tuple(2, ABS_SEND_TIME), tuple(4, MID));
        assertThat(extmaps(answer.media().get(1))).extracting(Extmap::id, Extmap::uri)
                .containsExactlyInAnyOrder(tuple(2, ABS_SEND_TIME), tuple(4, MID), tuple(10, RID),
                        tuple(11, REPAIRED_RID));
    }

    @Test
    void resultListsTheOfferedTracksWithTheirSsrcsAndTheSfuNumbering() throws Exception {
        PublishNegotiator.Result result = publish(chrome());
        assertThat(result.removed()).isEmpty();
        assertThat(result.added()).hasSize(2);

        PublishedTrack audio = track(result.added(), "0");
        assertThat(audio.kind).isEqualTo("audio");
        assertThat(audio.source).isEqualTo("microphone");
        assertThat(audio.owner).isSameAs(participant);
        assertThat(audio.transport).isSameAs(publication.transport());
        assertThat(audio.layers[0].ssrc).isEqualTo(3735928559L);
        assertThat(audio.layers[0].rtxSsrc).isEqualTo(-1);
        assertThat(audio.codec).isEqualTo(new NegotiatedCodec("opus", 48000, 2, "minptime=10;useinbandfec=1", 111,
                CodecTable.payloadType("OPUS"), -1, -1));
        assertThat(audio.extensionMap).isEqualTo(map(1, 1, 2, 2));
        assertThat(audio.midExtensionId).isEqualTo(4);

        PublishedTrack video = track(result.added(), "1");
        assertThat(video.kind).isEqualTo("video");
        assertThat(video.source).isEqualTo("camera");
        assertThat(video.layers[0].ssrc).isEqualTo(1181463432L);
        assertThat(video.layers[0].rtxSsrc).isEqualTo(2902446237L);
        assertThat(video.codec.name()).isEqualTo("VP8");
        assertThat(video.codec.inPayloadType()).isEqualTo(96);
        assertThat(video.codec.outPayloadType()).isEqualTo(CodecTable.payloadType("VP8"));
        assertThat(video.codec.inRtxPayloadType()).isEqualTo(97);
        assertThat(video.codec.outRtxPayloadType()).isEqualTo(CodecTable.rtxPayloadType("VP8"));
        assertThat(video.extensionMap).isEqualTo(map(2, 2));
        assertThat(video.midExtensionId).isEqualTo(4);
        assertThat(video.id).isNotEqualTo(audio.id);
    }

    @Test
    void translatesAnOfferWithItsOwnNumberingIntoTheSfus() throws Exception {
        String offer = resource("renumbered-audio-video.sdp");
        // an audio-level extension offered on video too: it is only accepted on audio
        offer = editSection(offer, 1, s -> s.replace("a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:9 urn:ietf:params:rtp-hdrext:ssrc-audio-level\na=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid"));
        PublishNegotiator.Result result = publish(offer);
        SessionDescription answer = parseSdp(result.sdp());

        assertThat(answer.group("BUNDLE")).containsExactly("a", "v");
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        assertThat(audio.formats()).containsExactly("109");
        assertThat(video.formats()).containsExactly("120", "124");
        assertThat(video.codec(124).orElseThrow().associatedPayloadType()).hasValue(120);
        assertThat(extmaps(audio)).extracting(Extmap::id, Extmap::uri)
                .containsExactlyInAnyOrder(tuple(9, AUDIO_LEVEL), tuple(3, MID), tuple(12, ABS_SEND_TIME));
        assertThat(extmaps(video)).extracting(Extmap::id, Extmap::uri)
                .containsExactlyInAnyOrder(tuple(3, MID), tuple(12, ABS_SEND_TIME));
        // the browser's fingerprint is at session level in this offer
        assertThat(publication.transport().remoteUfrag()).isEqualTo("5f3e2d1c");

        PublishedTrack mic = track(result.added(), "a");
        assertThat(mic.codec.inPayloadType()).isEqualTo(109);
        assertThat(mic.codec.outPayloadType()).isEqualTo(111);
        assertThat(mic.layers[0].ssrc).isEqualTo(1111111111L);
        assertThat(mic.extensionMap).isEqualTo(map(9, 1, 12, 2));
        assertThat(mic.midExtensionId).isEqualTo(3);

        PublishedTrack camera = track(result.added(), "v");
        assertThat(camera.codec.inPayloadType()).isEqualTo(120);
        assertThat(camera.codec.outPayloadType()).isEqualTo(96);
        assertThat(camera.codec.inRtxPayloadType()).isEqualTo(124);
        assertThat(camera.codec.outRtxPayloadType()).isEqualTo(97);
        assertThat(camera.layers[0].ssrc).isEqualTo(2222222222L);
        assertThat(camera.layers[0].rtxSsrc).isEqualTo(3333333333L);
        assertThat(camera.extensionMap).isEqualTo(map(12, 2));
    }

    // ---- sources

    @Test
    void aThirdVideoMarkedScreenIsAScreenTrack() throws Exception {
        PublishNegotiator.Result result = publish(resource("chrome-screenshare.sdp"), Map.of("2", "screen"));
        assertThat(result.added()).extracting(t -> t.mid, t -> t.kind, t -> t.source).containsExactlyInAnyOrder(
                tuple("0", "audio", "microphone"), tuple("1", "video", "camera"), tuple("2", "video", "screen"));
        PublishedTrack screen = track(result.added(), "2");
        assertThat(screen.layers[0].ssrc).isEqualTo(3379421510L);
        assertThat(screen.layers[0].rtxSsrc).isEqualTo(624810357L);
        SessionDescription answer = parseSdp(result.sdp());
        assertThat(answer.group("BUNDLE")).containsExactly("0", "1", "2");
        assertThat(answer.media().get(2).directionAttribute()).contains(Direction.RECVONLY);
    }

    @Test
    void anUnknownSourceFallsBackToMicrophoneOrCamera() throws Exception {
        PublishNegotiator.Result result = publish(resource("chrome-screenshare.sdp"),
                Map.of("0", "loudspeaker", "1", "webcam", "2", "screen"));
        assertThat(result.added()).extracting(t -> t.mid, t -> t.source).containsExactlyInAnyOrder(
                tuple("0", "microphone"), tuple("1", "camera"), tuple("2", "screen"));
    }

    // ---- renegotiation

    @Test
    void theSameOfferAgainChangesNothing() throws Exception {
        PublishNegotiator.Result first = publish(chrome());
        List<PublishedTrack> tracks = publication.tracks();
        String ufrag = publication.transport().localUfrag();

        PublishNegotiator.Result again = publish(chrome());
        assertThat(again.added()).isEmpty();
        assertThat(again.removed()).isEmpty();
        assertThat(publication.tracks()).containsExactlyElementsOf(tracks);
        assertThat(publication.transport().localUfrag()).isEqualTo(ufrag);
        SessionDescription a1 = parseSdp(first.sdp());
        SessionDescription a2 = parseSdp(again.sdp());
        assertThat(a2.origin().sessionId()).isEqualTo(a1.origin().sessionId());
        assertThat(a2.origin().sessionVersion()).isGreaterThan(a1.origin().sessionVersion());
        assertThat(a2.media().get(0).effectiveIceUfrag()).contains(ufrag);
    }

    @Test
    void rejectingTheScreenMlineRemovesExactlyTheScreenTrack() throws Exception {
        String offer = resource("chrome-screenshare.sdp");
        publish(offer, Map.of("2", "screen"));
        PublishedTrack screen = publication.byMid("2");
        PublishedTrack camera = publication.byMid("1");

        String stopped = editSection(offer, 2, s -> s.replaceFirst("m=video 9 ", "m=video 0 "))
                .replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1");
        PublishNegotiator.Result result = publish(stopped, Map.of());
        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).containsExactly(screen);
        assertThat(publication.tracks()).hasSize(2).doesNotContain(screen).contains(camera);

        SessionDescription answer = parseSdp(result.sdp());
        assertThat(answer.media()).hasSize(3);
        assertThat(answer.media().get(2).port()).isZero();
        assertThat(answer.media().get(2).mid()).contains("2");
        assertThat(answer.group("BUNDLE")).containsExactly("0", "1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "recvonly", "inactive" })
    void aScreenMlineThatNoLongerSendsRemovesExactlyTheScreenTrack(String direction) throws Exception {
        String offer = resource("chrome-screenshare.sdp");
        publish(offer, Map.of("2", "screen"));
        PublishedTrack screen = publication.byMid("2");

        String stopped = editSection(offer, 2, s -> s.replace("a=sendonly", "a=" + direction));
        PublishNegotiator.Result result = publish(stopped, Map.of("2", "screen"));
        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).containsExactly(screen);

        MediaDescription m = parseSdp(result.sdp()).media().get(2);
        assertThat(m.port()).isEqualTo(40000);
        assertThat(m.directionAttribute()).contains(Direction.INACTIVE);

        // sharing again on the same m-line is a new track
        PublishNegotiator.Result again = publish(offer, Map.of("2", "screen"));
        assertThat(again.removed()).isEmpty();
        assertThat(again.added()).singleElement().satisfies(t -> {
            assertThat(t.mid).isEqualTo("2");
            assertThat(t.source).isEqualTo("screen");
            assertThat(t).isNotSameAs(screen);
        });
    }

    @Test
    void anIceRestartGivesTheSfuNewCredentials() throws Exception {
        SessionDescription first = parseSdp(publish(chrome()).sdp());
        String oldUfrag = first.media().get(0).effectiveIceUfrag().orElseThrow();
        String oldPwd = first.media().get(0).effectiveIcePwd().orElseThrow();

        String restart = chrome().replace("a=ice-ufrag:Vq3e", "a=ice-ufrag:R3st")
                .replace("a=ice-pwd:fk3Xb2VwT7nQeZ0yS1uA9rHc", "a=ice-pwd:Nw9Kp2Lm5Qr8St1Uv4Wx7Yz0");
        PublishNegotiator.Result result = publish(restart);
        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).isEmpty();
        SessionDescription answer = parseSdp(result.sdp());
        for (MediaDescription m : answer.media()) {
            assertThat(m.effectiveIceUfrag()).isPresent().get().isNotEqualTo(oldUfrag);
            assertThat(m.effectiveIcePwd()).isPresent().get().isNotEqualTo(oldPwd);
            assertThat(m.effectiveIceUfrag()).contains(publication.transport().localUfrag());
        }
        assertThat(publication.transport().remoteUfrag()).isEqualTo("R3st");
        assertThat(registry.byUfrag(oldUfrag)).isNull();
        assertThat(registry.byUfrag(publication.transport().localUfrag())).isSameAs(publication.transport());
    }

    // ---- rejections

    @Test
    void aDataChannelMlineIsRejectedAndSimulcastVideoLearnsItsSsrcs() throws Exception {
        PublishNegotiator.Result result = publish(resource("chrome-simulcast.sdp"));
        SessionDescription answer = parseSdp(result.sdp());
        assertThat(answer.media()).hasSize(3);
        MediaDescription data = answer.media().get(2);
        assertThat(data.kind()).isEqualTo("application");
        assertThat(data.port()).isZero();
        assertThat(data.mid()).contains("2");
        assertThat(answer.group("BUNDLE")).containsExactly("0", "1");

        assertThat(result.added()).extracting(t -> t.mid).containsExactlyInAnyOrder("0", "1");
        PublishedTrack video = track(result.added(), "1");
        assertThat(video.layers[0].ssrc).isEqualTo(-1); // no ssrc lines: learnt from the mid extension
        assertThat(video.midExtensionId).isEqualTo(4);
    }

    @Test
    void simulcastIsAnsweredPerRidAndEachLayerLearnsItsSsrcFromItsRid() throws Exception {
        PublishNegotiator.Result result = publish(resource("chrome-simulcast.sdp"));
        MediaDescription answered = parseSdp(result.sdp()).media().get(1);
        assertThat(answered.rids()).extracting(r -> r.id(), r -> r.direction())
                .containsExactly(tuple("q", "recv"), tuple("h", "recv"), tuple("f", "recv"));
        assertThat(answered.simulcast()).hasValueSatisfying(s -> {
            assertThat(s.recvRids()).containsExactly("q", "h", "f");
            assertThat(s.send()).isEmpty();
        });
        PublishedTrack video = track(result.added(), "1");
        assertThat(video.layers).extracting(l -> l.rid).containsExactly("q", "h", "f");
        assertThat(video.ridExtensionId).isEqualTo(10);
        assertThat(video.repairedRidExtensionId).isEqualTo(11);

        publication.add(video);
        int vp8 = video.codec.inPayloadType();
        int rtx = video.codec.inRtxPayloadType();
        byte[] high = packetWithMidAndRid(vp8, 5555, "1", 10, "h");
        assertThat(publication.layerBySsrc(5555, high, high.length)).isSameAs(video.layers[1]);
        byte[] highRtx = packetWithMidAndRid(rtx, 5556, "1", 11, "h");
        assertThat(publication.layerBySsrc(5556, highRtx, highRtx.length)).isSameAs(video.layers[1]);
        assertThat(video.layers[1].ssrc).isEqualTo(5555);
        assertThat(video.layers[1].rtxSsrc).isEqualTo(5556);
        assertThat(video.layers[0].ssrc).isEqualTo(-1);
        // Later packets carry no extensions: the SSRC alone finds the layer.
        byte[] plain = new byte[20];
        org.parley.webrtc.rtp.RtpPacket.writeHeader(plain, 0, vp8, 2, 2, 5555, false);
        assertThat(publication.layerBySsrc(5555, plain, plain.length)).isSameAs(video.layers[1]);
        // A rid the offer did not name belongs to no layer.
        byte[] unknown = packetWithMidAndRid(vp8, 7777, "1", 10, "x");
        assertThat(publication.layerBySsrc(7777, unknown, unknown.length)).isNull();

        // The same offer again keeps the track and its layers.
        PublishNegotiator.Result again = publish(resource("chrome-simulcast.sdp"));
        assertThat(again.added()).isEmpty();
        assertThat(again.removed()).isEmpty();
    }

    @Test
    void withoutTheRidExtensionSimulcastIsNotAccepted() throws Exception {
        String offer = withoutLines(resource("chrome-simulcast.sdp"), "a=extmap:10 ");
        PublishNegotiator.Result result = publish(offer);
        MediaDescription answered = parseSdp(result.sdp()).media().get(1);
        assertThat(answered.rids()).isEmpty();
        assertThat(answered.simulcast()).isEmpty();
        assertThat(track(result.added(), "1").layers).hasSize(1);
    }

    /** An RTP packet with a one-byte header extension block holding mid and a rid (RFC 8285). */
    private static byte[] packetWithMidAndRid(int payloadType, long ssrc, String mid, int ridId, String rid) {
        byte[] p = new byte[12 + 4 + 8 + 10];
        org.parley.webrtc.rtp.RtpPacket.writeHeader(p, 0, payloadType, 1, 1, ssrc, false);
        p[0] |= 0x10;
        p[12] = (byte) 0xbe;
        p[13] = (byte) 0xde;
        p[15] = 2; // two words of elements
        int i = 16;
        p[i++] = (byte) (4 << 4 | (mid.length() - 1));
        for (char c : mid.toCharArray()) {
            p[i++] = (byte) c;
        }
        p[i++] = (byte) (ridId << 4 | (rid.length() - 1));
        for (char c : rid.toCharArray()) {
            p[i++] = (byte) c;
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = { "hello", "v=0\no=broken\ns=-\nt=0 0\n", "" })
    void malformedSdpIsInvalidSdp(String sdp) {
        assertThatThrownBy(() -> publish(sdp)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-sdp"));
        assertThat(publication.tracks()).isEmpty();
    }

    @Test
    void anOfferWithoutMediaIsInvalidSdp() {
        String offer = sections(chrome()).get(0);
        assertThatThrownBy(() -> publish(offer)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-sdp"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a=fingerprint:", "a=ice-ufrag:", "a=ice-pwd:", "a=rtcp-mux" })
    void anOfferWithoutATransportAttributeIsInvalidSdp(String missing) {
        String offer = withoutLines(chrome(), missing);
        assertThat(offer).doesNotContain(missing + (missing.endsWith(":") ? "" : "\n"));
        assertThatThrownBy(() -> publish(offer)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-sdp"));
        assertThat(publication.tracks()).isEmpty();
    }

    @Test
    void aRefusedRestartOfferLeavesTheRunningSessionAlone() throws Exception {
        publish(chrome());
        MediaTransport transport = publication.transport();
        String ufrag = transport.localUfrag();
        List<PublishedTrack> tracks = publication.tracks();

        String broken = withoutLines(chrome().replace("a=ice-ufrag:Vq3e", "a=ice-ufrag:R3st"), "a=rtcp-mux");
        assertThatThrownBy(() -> publish(broken)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-sdp"));
        String noMid = withoutLines(chrome().replace("a=ice-ufrag:Vq3e", "a=ice-ufrag:R3st"), "a=mid:1");
        assertThatThrownBy(() -> publish(noMid)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("invalid-sdp"));

        // the browser keeps checking with the old credentials: they must still work
        assertThat(transport.localUfrag()).isEqualTo(ufrag);
        assertThat(registry.byUfrag(ufrag)).isSameAs(transport);
        assertThat(transport.remoteUfrag()).isEqualTo("Vq3e");
        assertThat(publication.tracks()).containsExactlyElementsOf(tracks);
    }

    @Test
    void anOfferThatWantsTheSfuAsDtlsClientIsRefused() {
        String offer = chrome().replace("a=setup:actpass", "a=setup:passive");
        assertThatThrownBy(() -> publish(offer)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo("unsupported-dtls-role"));
        assertThat(publication.tracks()).isEmpty();
    }

    @Test
    void anOfferAsDtlsClientGetsAPassiveAnswer() throws Exception {
        String offer = chrome().replace("a=setup:actpass", "a=setup:active");
        PublishNegotiator.Result result = publish(offer);
        assertThat(parseSdp(result.sdp()).media()).allSatisfy(m -> assertThat(m.effectiveSetup()).contains(Setup.PASSIVE));
        assertThat(result.added()).hasSize(2);
    }

    @Test
    void videoWithNoCodecWeTakeIsInactiveAndNoTrack() throws Exception {
        // only AV1 (and its RTX) left on the video m-line
        String offer = editSection(chrome(), 1, s -> {
            String kept = s.replaceFirst("m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 45 46");
            return kept.replaceAll("(?m)^a=(rtpmap|fmtp|rtcp-fb):(?!45 |46 ).*\\R", "");
        });
        assertThat(sections(offer).get(2)).doesNotContain("VP8").contains("AV1/90000");
        PublishNegotiator.Result result = publish(offer);
        MediaDescription video = parseSdp(result.sdp()).media().get(1);
        assertThat(video.directionAttribute()).contains(Direction.INACTIVE);
        assertThat(video.codecs()).extracting(Codec::name).doesNotContain("VP8", "VP9", "H264");
        assertThat(result.added()).extracting(t -> t.mid).containsExactly("0");
        assertThat(publication.byMid("1")).isNull();
    }

    @Test
    void aRecvonlyOfferGetsNoTrack() throws Exception {
        String offer = chrome().replace("a=sendrecv", "a=recvonly");
        PublishNegotiator.Result result = publish(offer);
        assertThat(result.added()).isEmpty();
        assertThat(parseSdp(result.sdp()).media())
                .allSatisfy(m -> assertThat(m.directionAttribute()).contains(Direction.INACTIVE));
    }
}
