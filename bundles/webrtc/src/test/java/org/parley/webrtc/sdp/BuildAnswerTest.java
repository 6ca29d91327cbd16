package org.parley.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class BuildAnswerTest {
    private static final Fingerprint FINGERPRINT = Fingerprint.of("SHA-256", new byte[] {1, 2, (byte) 0xab, (byte) 0xff});

    /** What an SFU answers to a one-audio, one-video offer: ice-lite, passive DTLS, one host candidate. */
    private static SessionDescription answer() {
        SessionDescription sdp = SessionDescription.create(7_000_000_000_000_000_001L, 1);
        sdp.addGroup(new Group("BUNDLE", List.of("0", "1")));
        sdp.setIceLite(true);
        sdp.setExtmapAllowMixed(true);
        sdp.setMsidSemantic("WMS");

        MediaDescription audio = MediaDescription.create("audio", 9, "UDP/TLS/RTP/SAVPF", List.of());
        audio.setConnection(Connection.of("0.0.0.0"));
        audio.setIceUfrag("sfu1");
        audio.setIcePwd("0123456789abcdefghijklmn");
        audio.setIceOptions(List.of("trickle"));
        audio.setFingerprint(FINGERPRINT);
        audio.setSetup(Setup.PASSIVE);
        audio.setMid("0");
        audio.addExtmap(new Extmap(1, Extmap.AUDIO_LEVEL));
        audio.addExtmap(new Extmap(3, Extmap.TRANSPORT_WIDE_CC));
        audio.setDirection(Direction.RECVONLY);
        audio.setRtcpMux(true);
        audio.addCodec(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")));
        audio.addCandidate(new Candidate("1", 1, "udp", Candidate.priority(126, 65535, 1), "203.0.113.10", 40000,
                "host"));
        audio.setEndOfCandidates(true);
        sdp.addMedia(audio);

        MediaDescription video = MediaDescription.create("video", 9, "UDP/TLS/RTP/SAVPF", List.of());
        video.setConnection(Connection.of("0.0.0.0"));
        video.setMid("1");
        video.setDirection(Direction.SENDONLY);
        video.setRtcpMux(true);
        video.setRtcpRsize(true);
        video.addCodec(new Codec(96, "VP8", 90000, 0, null, List.of("nack", "nack pli", "ccm fir", "transport-cc")));
        video.addCodec(Codec.rtx(97, 96, 90000));
        video.setMsid(new Msid("stream-a", "track-v"));
        video.addSsrcGroup(new SsrcGroup("FID", List.of(1111L, 2222L)));
        video.addSsrc(1111, "cname", "sfu");
        video.addSsrc(2222, "cname", "sfu");
        sdp.addMedia(video);
        return sdp;
    }

    @Test
    void writesCanonicalText() {
        assertThat(answer().write()).isEqualTo(String.join("\r\n",
                "v=0",
                "o=- 7000000000000000001 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1",
                "a=ice-lite",
                "a=extmap-allow-mixed",
                "a=msid-semantic: WMS",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:sfu1",
                "a=ice-pwd:0123456789abcdefghijklmn",
                "a=ice-options:trickle",
                "a=fingerprint:sha-256 01:02:AB:FF",
                "a=setup:passive",
                "a=mid:0",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=recvonly",
                "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=rtcp-fb:111 transport-cc",
                "a=candidate:1 1 udp 2130706431 203.0.113.10 40000 typ host",
                "a=end-of-candidates",
                "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
                "c=IN IP4 0.0.0.0",
                "a=mid:1",
                "a=sendonly",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=rtcp-fb:96 ccm fir",
                "a=rtcp-fb:96 transport-cc",
                "a=rtpmap:97 rtx/90000",
                "a=fmtp:97 apt=96",
                "a=msid:stream-a track-v",
                "a=ssrc-group:FID 1111 2222",
                "a=ssrc:1111 cname:sfu",
                "a=ssrc:2222 cname:sfu",
                "") );
    }

    @Test
    void builtModelParsesBackEqualAndReadsBackTyped() throws SdpException {
        SessionDescription built = answer();
        SessionDescription parsed = SessionDescription.parse(built.write());

        assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(parsed.origin().sessionId()).isEqualTo(7_000_000_000_000_000_001L);
        assertThat(parsed.iceLite()).isTrue();
        assertThat(parsed.msidSemantic()).contains("WMS");
        MediaDescription audio = parsed.media().get(0);
        assertThat(audio.codecs()).containsExactly(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                List.of("transport-cc")));
        assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(audio.candidates()).singleElement().extracting(Candidate::priority).isEqualTo(2130706431L);
        MediaDescription video = parsed.media().get(1);
        assertThat(video.rtxFor(96)).contains(Codec.rtx(97, 96, 90000));
        assertThat(video.codec(96).orElseThrow().feedback()).containsExactly("nack", "nack pli", "ccm fir",
                "transport-cc");
        assertThat(video.ssrcs()).extracting(SsrcAttribute::ssrc).containsExactly(1111L, 2222L);
    }

    @Test
    void unsignedSessionIdsAboveLongMaxRoundTrip() throws SdpException {
        SessionDescription sdp = SessionDescription.create(-1L, 5);
        assertThat(sdp.write()).contains("o=- 18446744073709551615 5 IN IP4 127.0.0.1");
        assertThat(SessionDescription.parse(sdp.write()).origin().sessionId()).isEqualTo(-1L);
    }

    @Test
    void effectiveGettersFallBackToTheSessionLevel() throws SdpException {
        SessionDescription sdp = SessionDescription.parse("""
                v=0
                o=- 1 1 IN IP4 127.0.0.1
                s=-
                c=IN IP4 198.51.100.1
                t=0 0
                a=ice-ufrag:sess
                a=ice-pwd:sessionpassword1234567
                a=fingerprint:sha-256 AA:BB
                a=setup:actpass
                a=sendonly
                m=audio 9 UDP/TLS/RTP/SAVPF 0
                a=mid:a
                m=video 9 UDP/TLS/RTP/SAVPF 96
                a=mid:v
                a=ice-ufrag:own
                a=inactive
                a=rtpmap:96 VP8/90000
                """);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.iceUfrag()).isEmpty();
        assertThat(audio.effectiveIceUfrag()).contains("sess");
        assertThat(audio.effectiveIcePwd()).contains("sessionpassword1234567");
        assertThat(audio.effectiveFingerprint()).contains(new Fingerprint("sha-256", "AA:BB"));
        assertThat(audio.effectiveSetup()).contains(Setup.ACTPASS);
        assertThat(audio.effectiveConnection()).contains(Connection.of("198.51.100.1"));
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.effectiveDirection()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.codecs()).containsExactly(new Codec(0, "PCMU", 8000, 0));

        MediaDescription video = sdp.media().get(1);
        assertThat(video.effectiveIceUfrag()).contains("own");
        assertThat(video.effectiveDirection()).isEqualTo(Direction.INACTIVE);

        MediaDescription detached = MediaDescription.create("audio", 9, "RTP/AVP", List.of("0"));
        assertThat(detached.effectiveIceUfrag()).isEmpty();
        assertThat(detached.effectiveDirection()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void settersReplaceInPlaceAndRemove() {
        MediaDescription m = MediaDescription.create("video", 9, "UDP/TLS/RTP/SAVPF", List.of("96"));
        m.setMid("v");
        m.setDirection(Direction.SENDRECV);
        m.setRtcpMux(true);
        m.setDirection(Direction.INACTIVE);
        m.setMid("w");
        assertThat(m.attributes()).containsExactly(new Attribute("mid", "w"), Attribute.flag("inactive"),
                Attribute.flag("rtcp-mux"));

        m.addAttribute("x-custom", "one");
        m.addAttribute("x-custom", "two");
        assertThat(m.attributeValues("x-custom")).containsExactly("one", "two");
        assertThat(m.removeAttributes("x-custom")).isEqualTo(2);
        m.setRtcpMux(false);
        m.setDirection(null);
        m.setMid(null);
        assertThat(m.attributes()).isEmpty();

        m.setAttributes(List.of(new Attribute("mid", "z"), Attribute.flag("rtcp-rsize")));
        assertThat(m.mid()).contains("z");
        assertThat(m.rtcpRsize()).isTrue();
    }

    @Test
    void simulcastAnswerRoundTrips() throws SdpException {
        MediaDescription m = MediaDescription.create("video", 9, "UDP/TLS/RTP/SAVPF", List.of());
        m.addCodec(new Codec(96, "VP8", 90000, 0));
        m.addRid(new Rid("q", "recv"));
        m.addRid(new Rid("h", "recv"));
        m.addRid(new Rid("f", "recv", "max-width=1280;max-height=720"));
        m.setSimulcast(Simulcast.receiving(List.of("q", "h", "f")));
        SessionDescription sdp = SessionDescription.create(1, 1);
        sdp.addMedia(m);

        String text = sdp.write();
        assertThat(text).contains("a=rid:f recv max-width=1280;max-height=720\r\na=simulcast:recv q;h;f\r\n");
        MediaDescription back = SessionDescription.parse(text).media().get(0);
        assertThat(back).isEqualTo(m);
        assertThat(back.simulcast().orElseThrow().recvRids()).containsExactly("q", "h", "f");
        assertThat(back.rids().get(2).restrictions()).containsEntry("max-width", "1280");
    }

    @Test
    void refusesValuesThatWouldWriteBrokenOrInjectedText() {
        MediaDescription m = MediaDescription.create("audio", 9, "UDP/TLS/RTP/SAVPF", List.of());
        assertThatThrownBy(() -> m.setMid("0\r\na=ice-lite")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.addAttribute("rtpmap", "x opus/48000")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rtpmap payload type");
        assertThatThrownBy(() -> m.addAttribute("bad name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Codec(128, "opus", 48000, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Extmap(0, Extmap.SDES_MID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaDescription.create("video", 9, "UDP/TLS/RTP/SAVPF", List.of("vp8")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaDescription.create("application", 9, "UDP/DTLS/SCTP", List.of("webrtc-datachannel"))
                .addCodec(new Codec(96, "VP8", 90000, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keptLinesAndBandwidthGoToTheirCanonicalPlace() throws SdpException {
        SessionDescription sdp = SessionDescription.parse("""
                v=0
                o=alice 2890844526 2890842807 IN IP4 10.47.16.5
                s=SDP Seminar
                u=http://www.example.com/seminars/sdp.pdf
                i=A Seminar on the session description protocol
                e=j.doe@example.com (Jane Doe)
                t=2873397496 2873404696
                r=604800 3600 0 90000
                c=IN IP4 224.2.17.12/127
                b=AS:256
                a=recvonly
                m=audio 49170/2 RTP/AVP 0
                k=prompt
                b=TIAS:64000
                i=voice
                m=video 51372 RTP/AVP 99
                a=rtpmap:99 h263-1998/90000
                """);
        assertThat(sdp.otherLines()).extracting(Line::type).containsExactly('i', 'u', 'e', 'r');
        assertThat(sdp.bandwidths()).containsExactly(new Bandwidth("AS", 256));
        assertThat(sdp.timing()).isEqualTo(new Timing(2873397496L, 2873404696L));
        assertThat(sdp.media().get(0).numberOfPorts()).isEqualTo(2);
        assertThat(sdp.media().get(0).bandwidths()).containsExactly(new Bandwidth("TIAS", 64000));
        assertThat(sdp.media().get(1).codec(99)).contains(new Codec(99, "h263-1998", 90000, 0));
        assertThat(sdp.write()).isEqualTo(String.join("\r\n",
                "v=0",
                "o=alice 2890844526 2890842807 IN IP4 10.47.16.5",
                "s=SDP Seminar",
                "i=A Seminar on the session description protocol",
                "u=http://www.example.com/seminars/sdp.pdf",
                "e=j.doe@example.com (Jane Doe)",
                "c=IN IP4 224.2.17.12/127",
                "b=AS:256",
                "t=2873397496 2873404696",
                "r=604800 3600 0 90000",
                "a=recvonly",
                "m=audio 49170/2 RTP/AVP 0",
                "i=voice",
                "b=TIAS:64000",
                "k=prompt",
                "m=video 51372 RTP/AVP 99",
                "a=rtpmap:99 h263-1998/90000",
                ""));
        assertThat(SessionDescription.parse(sdp.write())).isEqualTo(sdp);
        assertThatThrownBy(() -> sdp.media().get(0).addOtherLine(new Line('u', "http://x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mediaSectionBelongsToOneSession() {
        MediaDescription m = MediaDescription.create("audio", 9, "UDP/TLS/RTP/SAVPF", List.of());
        SessionDescription first = SessionDescription.create(1, 1);
        first.addMedia(m);
        assertThat(m.session()).contains(first);
        assertThatThrownBy(() -> SessionDescription.create(2, 1).addMedia(m)).isInstanceOf(IllegalStateException.class);
        assertThat(first.removeMedia(m)).isTrue();
        assertThat(m.session()).isEmpty();
        SessionDescription.create(2, 1).addMedia(m);
    }
}
