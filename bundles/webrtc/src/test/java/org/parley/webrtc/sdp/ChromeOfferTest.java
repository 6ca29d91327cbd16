package org.parley.webrtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChromeOfferTest {
    private static final String FINGERPRINT =
            "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";
    private static final String STREAM = "6f4bd5a4-3b8e-4c21-9d0a-1b2c3d4e5f60";

    @Test
    void sessionLevelOfAudioVideoOffer() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(SdpResources.crlf(SdpResources.AUDIO_VIDEO));

        assertThat(sdp.origin()).isEqualTo(new Origin("-", 4611731400430051336L, 2, "IN", "IP4", "127.0.0.1"));
        assertThat(sdp.sessionName()).isEqualTo("-");
        assertThat(sdp.timing()).isEqualTo(Timing.UNBOUNDED);
        assertThat(sdp.group("BUNDLE")).containsExactly("0", "1");
        assertThat(sdp.group("LS")).isEmpty();
        assertThat(sdp.extmapAllowMixed()).isTrue();
        assertThat(sdp.msidSemantic()).contains("WMS");
        assertThat(sdp.iceLite()).isFalse();
        assertThat(sdp.iceUfrag()).isEmpty();
        assertThat(sdp.media()).extracting(MediaDescription::kind).containsExactly("audio", "video");
        assertThat(sdp.media()).extracting(m -> m.mid().orElseThrow()).containsExactly("0", "1");
    }

    @Test
    void audioSection() throws SdpException {
        MediaDescription audio = SessionDescription.parse(SdpResources.crlf(SdpResources.AUDIO_VIDEO)).media().get(0);

        assertThat(audio.port()).isEqualTo(9);
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).containsExactly("111", "63", "9", "0", "8", "13", "110", "126");
        assertThat(audio.connection()).contains(new Connection("IN", "IP4", "0.0.0.0"));
        assertThat(audio.iceUfrag()).contains("Vq3e");
        assertThat(audio.icePwd()).contains("fk3Xb2VwT7nQeZ0yS1uA9rHc");
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(audio.fingerprint()).contains(new Fingerprint("sha-256", FINGERPRINT));
        assertThat(audio.fingerprint().orElseThrow().bytes()).hasSize(32);
        assertThat(audio.setup()).contains(Setup.ACTPASS);
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.attributeValue("rtcp")).contains("9 IN IP4 0.0.0.0");

        List<Codec> codecs = audio.codecs();
        assertThat(codecs).extracting(Codec::payloadType).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        Codec opus = codecs.get(0);
        assertThat(opus).isEqualTo(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1",
                List.of("transport-cc")));
        assertThat(opus.fmtpParameters()).containsExactly(Map.entry("minptime", "10"),
                Map.entry("useinbandfec", "1"));
        assertThat(audio.codec(63).orElseThrow().fmtpParameters()).containsOnlyKeys("111/111");
        assertThat(audio.codec(0)).contains(new Codec(0, "PCMU", 8000, 0));
        assertThat(audio.codec(126).orElseThrow().name()).isEqualTo("telephone-event");
        assertThat(audio.rtxFor(111)).isEmpty();

        assertThat(audio.extmaps()).containsExactly(
                new Extmap(1, Extmap.AUDIO_LEVEL),
                new Extmap(2, Extmap.ABS_SEND_TIME),
                new Extmap(3, Extmap.TRANSPORT_WIDE_CC),
                new Extmap(4, Extmap.SDES_MID));
        assertThat(audio.extmapId(Extmap.SDES_MID)).hasValue(4);

        assertThat(audio.msid()).contains(new Msid(STREAM, "9c7f5a2e-8d41-4b6e-a3c9-0e1f2d3c4b5a"));
        assertThat(audio.ssrcs()).containsExactly(
                new SsrcAttribute(3735928559L, "cname", "f3Jx8ZyQp1mV2kLw"),
                new SsrcAttribute(3735928559L, "msid", STREAM + " 9c7f5a2e-8d41-4b6e-a3c9-0e1f2d3c4b5a"));
        assertThat(audio.ssrcGroups()).isEmpty();
        assertThat(audio.candidates()).isEmpty();
    }

    @Test
    void videoSectionCodecsRtxAndSsrcGroups() throws SdpException {
        MediaDescription video = SessionDescription.parse(SdpResources.crlf(SdpResources.AUDIO_VIDEO)).media().get(1);

        List<Codec> codecs = video.codecs();
        assertThat(codecs).hasSize(23);
        Codec vp8 = video.codec(96).orElseThrow();
        assertThat(vp8.name()).isEqualTo("VP8");
        assertThat(vp8.clockRate()).isEqualTo(90000);
        assertThat(vp8.channels()).isZero();
        assertThat(vp8.fmtp()).isNull();
        assertThat(vp8.feedback()).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.rtxFor(96)).contains(Codec.rtx(97, 96, 90000));
        assertThat(video.codec(97).orElseThrow().associatedPayloadType()).hasValue(96);

        Codec h264 = video.codec(102).orElseThrow();
        assertThat(h264.fmtpParameters()).containsEntry("profile-level-id", "42001f")
                .containsEntry("packetization-mode", "1");
        assertThat(video.rtxFor(102).orElseThrow().payloadType()).isEqualTo(103);
        assertThat(video.codec(98).orElseThrow().fmtp()).isEqualTo("profile-id=0");
        assertThat(video.rtxFor(98).orElseThrow().payloadType()).isEqualTo(99);
        Codec av1 = video.codec(45).orElseThrow();
        assertThat(av1.name()).isEqualTo("AV1");
        assertThat(av1.hasFeedback("nack pli")).isTrue();
        assertThat(video.rtxFor(45).orElseThrow().payloadType()).isEqualTo(46);
        assertThat(video.rtxFor(116).orElseThrow().payloadType()).isEqualTo(117);
        assertThat(video.codec(118).orElseThrow().name()).isEqualTo("ulpfec");
        assertThat(video.rtxFor(118)).isEmpty();
        assertThat(codecs.stream().filter(Codec::isRtx).count()).isEqualTo(11);

        assertThat(video.extmaps()).extracting(Extmap::id).containsExactly(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11);
        assertThat(video.extmapId(Extmap.TRANSPORT_WIDE_CC)).hasValue(3);
        assertThat(video.extmapId(Extmap.SDES_RTP_STREAM_ID)).hasValue(10);
        assertThat(video.extmapId(Extmap.SDES_REPAIRED_RTP_STREAM_ID)).hasValue(11);

        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(1181463432L, 2902446237L)));
        assertThat(video.ssrcs()).hasSize(4).extracting(SsrcAttribute::ssrc)
                .containsExactly(1181463432L, 1181463432L, 2902446237L, 2902446237L);
        assertThat(video.rids()).isEmpty();
        assertThat(video.simulcast()).isEmpty();
    }

    @Test
    void simulcastOfferHasRidsAndNoSsrcs() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(SdpResources.crlf(SdpResources.SIMULCAST));
        assertThat(sdp.group("BUNDLE")).containsExactly("0", "1", "2");

        MediaDescription video = sdp.mediaByMid("1").orElseThrow();
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.rids()).containsExactly(new Rid("q", "send"), new Rid("h", "send"), new Rid("f", "send"));
        Simulcast simulcast = video.simulcast().orElseThrow();
        assertThat(simulcast.sendRids()).containsExactly("q", "h", "f");
        assertThat(simulcast.recv()).isEmpty();
        assertThat(simulcast.send()).hasSize(3).allSatisfy(stream -> assertThat(stream).hasSize(1));
        assertThat(simulcast).isEqualTo(Simulcast.sending(List.of("q", "h", "f")));
        assertThat(sdp.media()).allSatisfy(m -> {
            assertThat(m.ssrcs()).isEmpty();
            assertThat(m.ssrcGroups()).isEmpty();
        });

        MediaDescription data = sdp.mediaByMid("2").orElseThrow();
        assertThat(data.kind()).isEqualTo("application");
        assertThat(data.proto()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.isRtp()).isFalse();
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.codecs()).isEmpty();
        assertThat(data.sctpPort()).hasValue(5000);
        assertThat(data.maxMessageSize()).hasValue(262144);
    }

    @Test
    void screenShareOfferHasThreeSectionsAndCandidates() throws SdpException {
        SessionDescription sdp = SessionDescription.parse(SdpResources.crlf(SdpResources.SCREENSHARE));
        assertThat(sdp.group("BUNDLE")).containsExactly("0", "1", "2");
        assertThat(sdp.media()).extracting(MediaDescription::kind).containsExactly("audio", "video", "video");

        MediaDescription screen = sdp.media().get(2);
        assertThat(screen.mid()).contains("2");
        assertThat(screen.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(screen.msid()).contains(new Msid("8a9b0c1d-2e3f-4a5b-9c6d-7e8f9a0b1c2d",
                "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"));
        assertThat(screen.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(3379421510L, 624810357L)));

        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.port()).isEqualTo(54400);
        assertThat(audio.connection()).contains(Connection.of("192.168.1.23"));
        assertThat(audio.endOfCandidates()).isTrue();
        List<Candidate> candidates = audio.candidates();
        assertThat(candidates).hasSize(3);
        Candidate host = candidates.get(0);
        assertThat(host.foundation()).isEqualTo("1467250027");
        assertThat(host.component()).isEqualTo(1);
        assertThat(host.transport()).isEqualTo("udp");
        assertThat(host.priority()).isEqualTo(2122260223L);
        assertThat(host.address()).isEqualTo("192.168.1.23");
        assertThat(host.port()).isEqualTo(54400);
        assertThat(host.type()).isEqualTo("host");
        assertThat(host.relatedAddress()).isNull();
        assertThat(host.extensions()).containsExactly(Map.entry("generation", "0"), Map.entry("network-id", "1"),
                Map.entry("network-cost", "10"));
        assertThat(candidates.get(1).tcpType()).contains("active");
        Candidate srflx = candidates.get(2);
        assertThat(srflx.type()).isEqualTo("srflx");
        assertThat(srflx.relatedAddress()).isEqualTo("192.168.1.23");
        assertThat(srflx.relatedPort()).isEqualTo(54400);
    }

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.AUDIO_VIDEO, SdpResources.SIMULCAST, SdpResources.SCREENSHARE})
    void writeReproducesTheOfferAndParsesBackEqual(String name) throws SdpException {
        String text = SdpResources.crlf(name);
        SessionDescription sdp = SessionDescription.parse(text);

        String written = sdp.write();
        assertThat(written).isEqualTo(text);
        SessionDescription again = SessionDescription.parse(written);
        assertThat(again).isEqualTo(sdp).hasSameHashCodeAs(sdp);
        for (int i = 0; i < sdp.media().size(); i++) {
            assertThat(again.media().get(i).codecs()).isEqualTo(sdp.media().get(i).codecs());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SdpResources.AUDIO_VIDEO, SdpResources.SIMULCAST, SdpResources.SCREENSHARE})
    void lfLineEndingsAndMissingLastNewlineAreAccepted(String name) throws SdpException {
        String lf = SdpResources.crlf(name).replace("\r\n", "\n");
        String noLastNewline = lf.substring(0, lf.length() - 1);
        SessionDescription expected = SessionDescription.parse(SdpResources.crlf(name));

        assertThat(SessionDescription.parse(lf)).isEqualTo(expected);
        assertThat(SessionDescription.parse(noLastNewline)).isEqualTo(expected);
    }
}
