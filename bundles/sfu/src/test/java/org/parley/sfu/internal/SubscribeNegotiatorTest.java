package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.parley.sfu.internal.PublishNegotiatorTest.CANDIDATE;
import static org.parley.sfu.internal.PublishNegotiatorTest.CERTIFICATE;
import static org.parley.sfu.internal.PublishNegotiatorTest.parseSdp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.signaling.SignalingException;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.Fingerprint;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.Msid;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Setup;
import org.parley.webrtc.sdp.SsrcAttribute;
import org.parley.webrtc.sdp.SsrcGroup;

class SubscribeNegotiatorTest {
    static final NegotiatedCodec OPUS = new NegotiatedCodec("opus", 48000, 2, "minptime=10;useinbandfec=1", 109,
            111, -1, -1);
    static final NegotiatedCodec VP8 = new NegotiatedCodec("VP8", 90000, 0, null, 120, 96, 124, 97);

    static final String BROWSER_FINGERPRINT =
            "5D:21:A2:0C:88:1E:63:4F:7A:90:3B:C4:D5:E6:F7:08:19:2A:3B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08";

    /** What Chrome answers to an offer of slots 0 (audio), 1 (video) and 2 (free video). */
    static final String CHROME_ANSWER = """
            v=0
            o=- 8113624859011228876 2 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0 1 2
            a=extmap-allow-mixed
            a=msid-semantic: WMS
            m=audio 9 UDP/TLS/RTP/SAVPF 111
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:bR0w
            a=ice-pwd:Lq2Zc7Vn4Xm1Ks8Jd5Hf3Gt6
            a=ice-options:trickle
            a=fingerprint:sha-256 %1$s
            a=setup:active
            a=mid:0
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
            a=recvonly
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:111 opus/48000/2
            a=fmtp:111 minptime=10;useinbandfec=1
            m=video 9 UDP/TLS/RTP/SAVPF 96 97
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:bR0w
            a=ice-pwd:Lq2Zc7Vn4Xm1Ks8Jd5Hf3Gt6
            a=ice-options:trickle
            a=fingerprint:sha-256 %1$s
            a=setup:active
            a=mid:1
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
            a=recvonly
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:96 VP8/90000
            a=rtcp-fb:96 goog-remb
            a=rtcp-fb:96 ccm fir
            a=rtcp-fb:96 nack
            a=rtcp-fb:96 nack pli
            a=rtpmap:97 rtx/90000
            a=fmtp:97 apt=96
            m=video 9 UDP/TLS/RTP/SAVPF 96
            c=IN IP4 0.0.0.0
            a=rtcp:9 IN IP4 0.0.0.0
            a=ice-ufrag:bR0w
            a=ice-pwd:Lq2Zc7Vn4Xm1Ks8Jd5Hf3Gt6
            a=ice-options:trickle
            a=fingerprint:sha-256 %1$s
            a=setup:active
            a=mid:2
            a=inactive
            a=rtcp-mux
            a=rtcp-rsize
            a=rtpmap:96 VP8/90000
            """.formatted(BROWSER_FINGERPRINT);

    /**
     * A browser-like answer to any subscribe offer the SFU wrote: same mids and codecs, recvonly where the offer
     * sends, setup:active; RTX kept or dropped.
     */
    static String answerTo(String offerSdp, String ufrag, boolean keepRtx) {
        SessionDescription offer = parseSdp(offerSdp);
        SessionDescription answer = SessionDescription.create(4242, 1);
        List<String> mids = new ArrayList<>();
        for (MediaDescription o : offer.media()) {
            MediaDescription a = MediaDescription.create(o.kind(), 9, o.proto(), new ArrayList<>());
            String mid = o.mid().orElseThrow();
            a.setMid(mid);
            mids.add(mid);
            a.setIceUfrag(ufrag);
            a.setIcePwd("Lq2Zc7Vn4Xm1Ks8Jd5Hf3Gt6");
            a.setFingerprint(new Fingerprint("sha-256", BROWSER_FINGERPRINT));
            a.setSetup(Setup.ACTIVE);
            a.setRtcpMux(true);
            for (Codec codec : o.codecs()) {
                if (keepRtx || !codec.isRtx()) {
                    a.addCodec(codec);
                }
            }
            a.setDirection(o.effectiveDirection().reverse());
            answer.addMedia(a);
        }
        answer.addGroup(new org.parley.webrtc.sdp.Group("BUNDLE", mids));
        return answer.write();
    }

    private TransportRegistry registry;
    private MediaCounters counters;
    private MediaParticipant alice;
    private MediaTransport subscribeTransport;
    private PublishedTrack mic;
    private PublishedTrack camera;
    private List<Subscription.Slot> slots;
    private SubscribeNegotiator negotiator;

    static PublishedTrack track(MediaParticipant owner, MediaTransport transport, String mid, String kind,
            String source, NegotiatedCodec codec, MediaCounters counters) {
        return new PublishedTrack(MediaServer.newTrackId(), owner, transport, mid, kind, source, codec, new byte[256],
                -1, TimeUnit.MILLISECONDS.toNanos(300), counters);
    }

    @BeforeEach
    void setUp() {
        registry = new TransportRegistry();
        counters = new MediaCounters();
        alice = new MediaParticipant("alice", "meeting-1");
        MediaParticipant bob = new MediaParticipant("bob", "meeting-1");
        MediaTransport publishTransport = PublishNegotiatorTest.transport("publish-1", MediaTransport.Direction.PUBLISH,
                alice, registry, counters);
        subscribeTransport = PublishNegotiatorTest.transport("subscribe-2", MediaTransport.Direction.SUBSCRIBE, bob,
                registry, counters);
        mic = track(alice, publishTransport, "0", "audio", "microphone", OPUS, counters);
        camera = track(alice, publishTransport, "1", "video", "camera", VP8, counters);
        Subscription.Slot audio = new Subscription.Slot("0", "audio");
        audio.track = mic;
        Subscription.Slot video = new Subscription.Slot("1", "video");
        video.track = camera;
        Subscription.Slot free = new Subscription.Slot("2", "video");
        slots = List.of(audio, video, free);
        negotiator = new SubscribeNegotiator(CERTIFICATE, CANDIDATE);
    }

    private static List<String> ssrcLines(MediaDescription m) {
        return m.ssrcs().stream().map(SsrcAttribute::format).toList();
    }

    @Test
    void offerIsIceLiteActpassAndBundlesEverySlot() {
        SessionDescription offer = parseSdp(negotiator.offer(subscribeTransport, slots, 3));
        assertThat(offer.iceLite()).isTrue();
        assertThat(offer.origin().sessionVersion()).isEqualTo(3);
        assertThat(offer.group("BUNDLE")).containsExactly("0", "1", "2");
        assertThat(offer.media()).extracting(MediaDescription::kind, m -> m.mid().orElse(null))
                .containsExactly(tuple("audio", "0"), tuple("video", "1"), tuple("video", "2"));
        for (MediaDescription m : offer.media()) {
            assertThat(m.port()).isEqualTo(40000);
            assertThat(m.effectiveSetup()).contains(Setup.ACTPASS);
            assertThat(m.effectiveIceUfrag()).contains(subscribeTransport.localUfrag());
            assertThat(m.effectiveIcePwd()).contains(subscribeTransport.localPassword());
            assertThat(m.effectiveFingerprint()).contains(new Fingerprint("sha-256", CERTIFICATE.fingerprintSha256()));
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.candidates()).singleElement().satisfies(c -> {
                assertThat(c.address()).isEqualTo("192.0.2.10");
                assertThat(c.port()).isEqualTo(40000);
                assertThat(c.type()).isEqualTo("host");
            });
            PublishNegotiatorTest.assertFormatsDescribed(m);
        }
    }

    @Test
    void audioSlotSendsTheTrackUnderTheSfusOpusPayloadType() {
        MediaDescription audio = parseSdp(negotiator.offer(subscribeTransport, slots, 1)).media().get(0);
        assertThat(audio.directionAttribute()).contains(Direction.SENDONLY);
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.codecs()).extracting(Codec::payloadType, Codec::name, Codec::clockRate, Codec::channels)
                .containsExactly(tuple(111, "opus", 48000, 2));
        assertThat(audio.codecs().get(0).fmtp()).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(audio.extmaps()).extracting(Extmap::id, Extmap::uri).containsExactlyInAnyOrder(
                tuple(1, CodecTable.AUDIO_LEVEL), tuple(2, CodecTable.ABS_SEND_TIME), tuple(3, CodecTable.TRANSPORT_CC));
        assertThat(audio.codecs().get(0).feedback()).containsExactly("transport-cc");

        String stream = "alice-microphone";
        assertThat(audio.msid()).contains(new Msid(stream, mic.id));
        assertThat(audio.ssrcGroups()).isEmpty();
        assertThat(ssrcLines(audio)).containsExactlyInAnyOrder(mic.outSsrc + " cname:alice",
                mic.outSsrc + " msid:" + stream + " " + mic.id);
        assertThat(audio.ssrcs()).extracting(SsrcAttribute::ssrc).doesNotContain(3735928559L, mic.layers[0].ssrc);
    }

    @Test
    void videoSlotSendsTheTrackWithRtxUnderTheSfusPayloadTypes() {
        MediaDescription video = parseSdp(negotiator.offer(subscribeTransport, slots, 1)).media().get(1);
        assertThat(video.directionAttribute()).contains(Direction.SENDONLY);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.codec(96).orElseThrow().name()).isEqualTo("VP8");
        assertThat(video.codec(96).orElseThrow().feedback())
                .containsExactlyInAnyOrder("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc");
        assertThat(video.codec(97).orElseThrow().associatedPayloadType()).hasValue(96);
        assertThat(video.extmaps()).extracting(Extmap::uri).containsExactly(CodecTable.ABS_SEND_TIME,
                CodecTable.TRANSPORT_CC);

        String stream = "alice-camera";
        assertThat(video.msid()).contains(new Msid(stream, camera.id));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(camera.outSsrc, camera.outRtxSsrc)));
        assertThat(ssrcLines(video)).containsExactlyInAnyOrder(
                camera.outSsrc + " cname:alice", camera.outSsrc + " msid:" + stream + " " + camera.id,
                camera.outRtxSsrc + " cname:alice", camera.outRtxSsrc + " msid:" + stream + " " + camera.id);
    }

    @Test
    void aFreeSlotIsInactiveWithoutStream() {
        MediaDescription free = parseSdp(negotiator.offer(subscribeTransport, slots, 1)).media().get(2);
        assertThat(free.kind()).isEqualTo("video");
        assertThat(free.directionAttribute()).contains(Direction.INACTIVE);
        assertThat(free.msid()).isEmpty();
        assertThat(free.ssrcs()).isEmpty();
        assertThat(free.ssrcGroups()).isEmpty();
        assertThat(free.codecs()).isNotEmpty();
    }

    @Test
    void readsChromesAnswer() throws Exception {
        SubscribeNegotiator.Answer answer = negotiator.readAnswer(CHROME_ANSWER, slots);
        assertThat(answer.iceUfrag()).isEqualTo("bR0w");
        assertThat(answer.fingerprintHash()).isEqualTo("sha-256");
        assertThat(answer.fingerprint()).isEqualTo(BROWSER_FINGERPRINT);
        assertThat(answer.rtxAccepted()).containsExactly("1");
    }

    @Test
    void anAnswerWithoutRtxAcceptsNone() throws Exception {
        String offer = negotiator.offer(subscribeTransport, slots, 1);
        SubscribeNegotiator.Answer answer = negotiator.readAnswer(answerTo(offer, "x9Yz", false), slots);
        assertThat(answer.iceUfrag()).isEqualTo("x9Yz");
        assertThat(answer.rtxAccepted()).isEmpty();
        assertThat(negotiator.readAnswer(answerTo(offer, "x9Yz", true), slots).rtxAccepted()).contains("1");
    }

    @Test
    void anAnswerWithTheWrongNumberOfMlinesIsRefused() {
        String twoLines = CHROME_ANSWER.substring(0, CHROME_ANSWER.lastIndexOf("m=video"))
                .replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1");
        assertRefused(twoLines, "invalid-sdp");
        assertThatThrownBy(() -> negotiator.readAnswer(CHROME_ANSWER, slots.subList(0, 2)))
                .isInstanceOf(SignalingException.class);
    }

    @Test
    void anAnswerWithAWrongMidIsRefused() {
        assertRefused(CHROME_ANSWER.replace("a=mid:1", "a=mid:7").replace("BUNDLE 0 1 2", "BUNDLE 0 7 2"),
                "invalid-sdp");
        // the same mids in another order
        String swapped = CHROME_ANSWER.replace("a=mid:1", "a=mid:X").replace("a=mid:2", "a=mid:1")
                .replace("a=mid:X", "a=mid:2");
        assertRefused(swapped, "invalid-sdp");
    }

    @Test
    void anAnswerThatMakesTheSfuDtlsClientIsRefused() {
        assertRefused(CHROME_ANSWER.replace("a=setup:active", "a=setup:passive"), "unsupported-dtls-role");
        assertRefused(CHROME_ANSWER.replace("a=setup:active", "a=setup:actpass"), "unsupported-dtls-role");
    }

    @Test
    void anAnswerWithoutIceOrDtlsIdentityIsRefused() {
        assertRefused(PublishNegotiatorTest.withoutLines(CHROME_ANSWER, "a=ice-ufrag:"), "invalid-sdp");
        assertRefused(PublishNegotiatorTest.withoutLines(CHROME_ANSWER, "a=fingerprint:"), "invalid-sdp");
        assertRefused("not sdp", "invalid-sdp");
    }

    private void assertRefused(String sdp, String code) {
        assertThatThrownBy(() -> negotiator.readAnswer(sdp, slots)).isInstanceOfSatisfying(SignalingException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
