package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.api.media.SessionDescription;
import org.parley.api.room.Participant;
import org.parley.api.signaling.SignalingException;
import org.parley.client.MediaClientPeer;
import org.parley.client.MediaReceiver;
import org.parley.client.SyntheticPublisher;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.stun.StunMessageWriter;

/**
 * What arrives on the media port that is not a well-behaved peer's traffic is dropped and counted under its
 * reason, and the call on the same port goes on; bad SDP is refused with a signaling error, not a crash.
 */
class HostileInputTest {
    private static SfuRig rig;
    private static MediaClientPeer publisher;
    private static SyntheticPublisher media;
    private static MediaClientPeer subscriber;
    private static MediaReceiver receiver;
    private static String sfuPublishUfrag;
    private static final AtomicReference<byte[]> sentByPublisher = new AtomicReference<>();

    @BeforeAll
    static void startCall() throws Exception {
        rig = new SfuRig(Map.of());
        Participant alice = SfuRig.participant("hostile", "alice");
        publisher = rig.publish(alice);
        publisher.addListener(new MediaClientPeer.Listener() {
            @Override
            public void onSent(byte[] datagram, int length) {
                if (!RtpPacket.isRtcp(datagram, 0, length)) {
                    sentByPublisher.set(Arrays.copyOf(datagram, length));
                }
            }
        });
        media = SyntheticPublisher.start(publisher, 30);
        subscriber = rig.subscribe(SfuRig.participant("hostile", "bob"));
        receiver = MediaReceiver.attach(subscriber);
        sfuPublishUfrag = org.parley.webrtc.sdp.SessionDescription.parse(rig.publishAnswers.get(alice.id())).media()
                .get(0).effectiveIceUfrag().orElseThrow();
        SfuRig.await("media flows", Duration.ofSeconds(5), () -> packets() > 20);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        media.close();
        subscriber.close();
        publisher.close();
        rig.close();
    }

    private static long packets() {
        return receiver.allStats().stream().mapToLong(MediaReceiver.StreamStats::packets).sum();
    }

    private static void sendRaw(byte[] datagram) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.send(new DatagramPacket(datagram, datagram.length, rig.mediaAddress()));
        }
    }

    /** Sends the datagram, waits until the reason's drop counter moved by one, and checks media still flows. */
    private static void assertDroppedAs(String reason, ThrowingRunnable send) throws Exception {
        long before = rig.dropped(reason);
        send.run();
        SfuRig.await("a drop counted as " + reason, Duration.ofSeconds(2), () -> rig.dropped(reason) == before + 1);
        long had = packets();
        SfuRig.await("media still flows after " + reason, Duration.ofSeconds(2), () -> packets() > had + 5);
        assertThat(rig.dropped(reason)).isEqualTo(before + 1);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static byte[] bindingRequest(String username, String password) {
        return new StunMessageWriter(StunMessageWriter.BINDING_REQUEST, StunMessageWriter.newTransactionId())
                .username(username).priority(1).iceControlling(1).useCandidate()
                .build(password.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void truncatedStunIsMalformed() throws Exception {
        byte[] request = bindingRequest("abc:def", "password-password-pass");
        assertDroppedAs("stun-malformed", () -> sendRaw(Arrays.copyOf(request, 36)));
    }

    @Test
    void stunForAKnownUfragWithTheWrongPasswordFailsIntegrity() throws Exception {
        String username = sfuPublishUfrag + ":" + publisher.localUfrag();
        assertDroppedAs("stun-bad-integrity", () -> sendRaw(bindingRequest(username, "not-the-sfus-password-at-all")));
    }

    @Test
    void stunForAnUnknownUfragIsUnknownUser() throws Exception {
        assertDroppedAs("stun-unknown-user", () -> sendRaw(bindingRequest("nosuchfrag:abcd", "whatever-password-1234")));
    }

    @Test
    void randomBytesAreAnUnknownProtocol() throws Exception {
        byte[] noise = new byte[200];
        new Random(7).nextBytes(noise);
        noise[0] = 0x50; // outside every RFC 7983 range
        assertDroppedAs("unknown-protocol", () -> sendRaw(noise));
    }

    @Test
    void dtlsLookingGarbageFromAStrangerIsFromAnUnknownAddress() throws Exception {
        byte[] garbage = new byte[100];
        new Random(8).nextBytes(garbage);
        garbage[0] = 22; // handshake record
        assertDroppedAs("unknown-address", () -> sendRaw(garbage));
    }

    @Test
    void dtlsGarbageFromAConnectedPeerDoesNotBreakItsAssociation() throws Exception {
        byte[] garbage = new byte[100];
        new Random(9).nextBytes(garbage);
        garbage[0] = 23; // application data with a bogus epoch and MAC
        long had = packets();
        assertThat(publisher.sendRaw(garbage, 0, garbage.length)).isTrue();
        SfuRig.await("media still flows", Duration.ofSeconds(2), () -> packets() > had + 10);
    }

    @Test
    void rtpFromAnUnknownAddressIsDropped() throws Exception {
        byte[] rtp = new byte[60];
        RtpPacket.writeHeader(rtp, 0, 96, 1, 1, publisher.videoSsrc(), false);
        assertDroppedAs("unknown-address", () -> sendRaw(rtp));
    }

    @Test
    void aReplayedSrtpPacketIsDropped() throws Exception {
        SfuRig.await("a packet to replay", Duration.ofSeconds(1), () -> sentByPublisher.get() != null);
        byte[] captured = sentByPublisher.get();
        assertDroppedAs("srtp-replayed", () -> publisher.sendRaw(captured, 0, captured.length));
    }

    @Test
    void aTamperedSrtpPacketFailsAuthentication() throws Exception {
        byte[] tampered = sentByPublisher.get().clone();
        tampered[tampered.length - 20] ^= 0x01;
        RtpPacket.setSequenceNumber(tampered, 0, RtpPacket.sequenceNumber(tampered, 0) + 30000);
        assertDroppedAs("srtp-auth-failed", () -> publisher.sendRaw(tampered, 0, tampered.length));
    }

    @Test
    void malformedSdpIsRefusedAsInvalidSdp() {
        Participant mallory = SfuRig.participant("hostile-sdp", "mallory");
        assertThatThrownBy(() -> rig.server.onDescription(mallory,
                new SessionDescription("offer", "v=0\r\nthis is not SDP\r\n", "publish", null)))
                .isInstanceOf(SignalingException.class)
                .satisfies(e -> assertThat(((SignalingException) e).code()).isEqualTo("invalid-sdp"));
    }

    @Test
    void anOfferThatWantsTheSfuAsDtlsClientIsRefused() throws Exception {
        Participant mallory = SfuRig.participant("hostile-sdp", "mallory2");
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            String passive = peer.publishOffer().replace("a=setup:actpass", "a=setup:passive");
            assertThatThrownBy(() -> rig.server.onDescription(mallory,
                    new SessionDescription("offer", passive, "publish", null)))
                    .isInstanceOf(SignalingException.class)
                    .satisfies(e -> assertThat(((SignalingException) e).code()).isEqualTo("unsupported-dtls-role"));
        }
    }
}
