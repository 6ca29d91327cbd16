package org.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.parley.webrtc.dtls.DtlsRole;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.SdpException;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Setup;
import org.parley.webrtc.stun.StunMessage;
import org.parley.webrtc.stun.StunMessageWriter;

class MediaClientPeerTest {

    @Test
    void decryptingOnlySomePacketsTakesOneIn1To256() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            peer.decryptOneIn(16);
            peer.decryptOneIn(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.decryptOneIn(0))
                    .isInstanceOf(IllegalArgumentException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.decryptOneIn(257))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void publishOfferHasWhatTheSfuNeeds() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            SessionDescription offer = SessionDescription.parse(peer.publishOffer());
            assertThat(offer.group("BUNDLE")).containsExactly("0", "1");
            MediaDescription audio = offer.media().get(0);
            MediaDescription video = offer.media().get(1);
            for (MediaDescription m : offer.media()) {
                assertThat(m.effectiveIceUfrag()).contains(peer.localUfrag());
                assertThat(m.effectiveIcePwd()).isPresent();
                assertThat(m.effectiveFingerprint().orElseThrow().hashFunction()).isEqualTo("sha-256");
                assertThat(m.effectiveSetup()).contains(Setup.ACTPASS);
                assertThat(m.rtcpMux()).isTrue();
                assertThat(m.effectiveDirection()).isEqualTo(Direction.SENDONLY);
                assertThat(m.extmapId(Extmap.SDES_MID)).hasValue(MediaClientPeer.MID_ID);
                assertThat(m.extmapId(Extmap.ABS_SEND_TIME)).hasValue(MediaClientPeer.ABS_SEND_TIME_ID);
                assertThat(m.candidates()).singleElement()
                        .satisfies(c -> assertThat(c.port()).isEqualTo(peer.localAddress().getPort()));
            }
            assertThat(audio.mid()).contains("0");
            assertThat(audio.extmapId(Extmap.AUDIO_LEVEL)).hasValue(MediaClientPeer.AUDIO_LEVEL_ID);
            assertThat(audio.codecs()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("opus");
                assertThat(c.payloadType()).isEqualTo(111);
                assertThat(c.clockRate()).isEqualTo(48000);
            });
            assertThat(audio.ssrcs()).extracting(s -> s.ssrc()).containsOnly(peer.audioSsrc());
            assertThat(video.codecs()).extracting(Codec::payloadType).containsExactly(96, 97);
            assertThat(video.codec(96).orElseThrow().hasFeedback("nack pli")).isTrue();
            assertThat(video.rtxFor(96).map(Codec::payloadType)).contains(97);
            assertThat(video.ssrcGroups()).singleElement().satisfies(g -> {
                assertThat(g.semantics()).isEqualTo("FID");
                assertThat(g.ssrcs()).containsExactly(peer.videoSsrc(), peer.videoRtxSsrc());
            });
        }
    }

    /** An offer as the SFU writes it for a subscriber: one active audio slot and one inactive video slot. */
    private static String subscribeOffer() {
        return String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite",
                "a=group:BUNDLE 0 1",
                "m=audio 40000 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 127.0.0.1", "a=mid:0", "a=ice-ufrag:sfuufrag",
                "a=ice-pwd:sfupasswordsfupassword12",
                "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=rtcp-mux",
                "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host", "a=sendonly",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=rtpmap:111 opus/48000/2",
                "a=ssrc:1111 cname:x",
                "m=video 40000 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 127.0.0.1", "a=mid:1", "a=ice-ufrag:sfuufrag",
                "a=ice-pwd:sfupasswordsfupassword12",
                "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB", "a=setup:actpass", "a=rtcp-mux", "a=inactive",
                "a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000", "a=fmtp:97 apt=96",
                "a=ssrc-group:FID 2222 3333", "a=ssrc:2222 cname:x", "a=ssrc:3333 cname:x", "") ;
    }

    @Test
    void subscribeAnswerReceivesWhatIsOfferedAsDtlsClient() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            SessionDescription answer = SessionDescription.parse(peer.answer(subscribeOffer()));
            assertThat(answer.group("BUNDLE")).containsExactly("0", "1");
            MediaDescription audio = answer.media().get(0);
            MediaDescription video = answer.media().get(1);
            assertThat(audio.effectiveSetup()).contains(Setup.ACTIVE);
            assertThat(audio.effectiveDirection()).isEqualTo(Direction.RECVONLY);
            assertThat(video.effectiveDirection()).isEqualTo(Direction.INACTIVE);
            assertThat(video.rtxFor(96)).isPresent();
            assertThat(audio.extmapId(Extmap.AUDIO_LEVEL)).hasValue(1);
            assertThat(peer.remoteAddress().getPort()).isEqualTo(40000);
            assertThat(peer.remoteTracks()).containsExactly(
                    new RemoteTrack("0", "audio", true, 1111, -1, "opus", 111, -1, 48000),
                    new RemoteTrack("1", "video", false, 2222, 3333, "VP8", 96, 97, 90000));
        }
    }

    @Test
    void aPassiveAnswerKeepsThePeerDtlsClientAnActiveOneMakesItServer() throws Exception {
        try (MediaClientPeer client = MediaClientPeer.open(); MediaClientPeer server = MediaClientPeer.open()) {
            client.publishOffer();
            client.acceptAnswer(subscribeOffer().replace("a=setup:actpass", "a=setup:passive"));
            assertThat(client.dtlsRole()).isEqualTo(DtlsRole.CLIENT);
            // Janus answers a publish offer with a=setup:active: it opens DTLS.
            server.publishOffer();
            server.acceptAnswer(subscribeOffer().replace("a=setup:actpass", "a=setup:active"));
            assertThat(server.dtlsRole()).isEqualTo(DtlsRole.SERVER);
        }
    }

    @Test
    void anOfferThatIsDtlsClientGetsAPassiveAnswer() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            SessionDescription answer = SessionDescription.parse(
                    peer.answer(subscribeOffer().replace("a=setup:actpass", "a=setup:active")));
            assertThat(answer.media()).allSatisfy(m -> assertThat(m.effectiveSetup()).contains(Setup.PASSIVE));
            assertThat(peer.dtlsRole()).isEqualTo(DtlsRole.SERVER);
        }
    }

    @Test
    void remoteDescriptionsItCannotUseAreSdpErrors() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            assertThatThrownBy(() -> peer.answer("v=0\r\nnot sdp")).isInstanceOf(SdpException.class);
            assertThatThrownBy(() -> peer.acceptAnswer(subscribeOffer().replace("a=setup:actpass", "a=setup:holdconn")))
                    .isInstanceOf(SdpException.class);
            assertThatThrownBy(() -> peer.answer(subscribeOffer().replace("127.0.0.1 40000 typ host",
                    "abc.local 40000 typ host"))).isInstanceOf(SdpException.class);
            assertThat(peer.connect()).isCompletedExceptionally();
        }
    }

    @Test
    void aCheckOfTheRemoteSideIsAnsweredWithItsSourceAndThisPeersPassword() throws Exception {
        byte[] transaction = StunMessageWriter.newTransactionId();
        java.net.InetSocketAddress source = new java.net.InetSocketAddress("127.0.0.1", 40000);
        byte[] response = MediaClientPeer.bindingSuccess(transaction, source,
                "local-password".getBytes(StandardCharsets.UTF_8));
        StunMessage message = StunMessage.parse(response, 0, response.length);
        assertThat(message.type()).isEqualTo(StunMessageWriter.BINDING_SUCCESS);
        assertThat(message.hasTransactionId(transaction)).isTrue();
        assertThat(message.xorMappedAddress()).isEqualTo(source);
        assertThat(message.verifyMessageIntegrity("local-password".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(message.verifyFingerprint()).isTrue();
    }

    @Test
    void bindingRequestVerifiesWithTheRemotePasswordOnly() throws Exception {
        byte[] transaction = StunMessageWriter.newTransactionId();
        byte[] request = MediaClientPeer.bindingRequest(transaction, "remote", "local",
                "remote-password".getBytes(StandardCharsets.UTF_8), 42);
        StunMessage message = StunMessage.parse(request, 0, request.length);
        assertThat(message.type()).isEqualTo(StunMessageWriter.BINDING_REQUEST);
        assertThat(message.username()).isEqualTo("remote:local");
        assertThat(message.useCandidate()).isTrue();
        assertThat(message.iceControlling()).isEqualTo(42L);
        assertThat(message.priority()).isPositive();
        assertThat(message.hasTransactionId(transaction)).isTrue();
        assertThat(message.verifyFingerprint()).isTrue();
        assertThat(message.verifyMessageIntegrity("remote-password".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(message.verifyMessageIntegrity("local-password".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
