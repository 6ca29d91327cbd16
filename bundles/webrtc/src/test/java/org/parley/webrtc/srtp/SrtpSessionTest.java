package org.parley.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    private static final long SSRC = 0x1234_5678L;
    private static final int SPARE = 32;

    /** A sender and a receiver on the same master key, as the two ends of one direction. */
    private record Pair(SrtpSession sender, SrtpSession receiver) {
        static Pair of(SrtpProfile profile) {
            byte[] key = filled(profile.keyLength(), 0x11);
            byte[] salt = filled(profile.saltLength(), 0x22);
            return new Pair(new SrtpSession(profile, key, salt), new SrtpSession(profile, key, salt));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsWithCsrcsAndHeaderExtension(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] plain = rtp(1000, SSRC, 2, true, 160);
        byte[] wire = protect(pair.sender, plain);

        assertThat(wire.length).isEqualTo(plain.length + profile.authTagLength());
        int headerLength = 12 + 8 + 8;
        assertThat(Arrays.copyOf(wire, headerLength)).isEqualTo(Arrays.copyOf(plain, headerLength));
        assertThat(Arrays.copyOfRange(wire, headerLength, plain.length))
                .isNotEqualTo(Arrays.copyOfRange(plain, headerLength, plain.length));
        assertThat(unprotect(pair.receiver, wire)).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpWithEmptyPayloadRoundTrips(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] plain = rtp(7, SSRC, 0, false, 0);
        assertThat(unprotect(pair.receiver, protect(pair.sender, plain))).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndCountsIndexPerSsrc(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        for (int i = 0; i < 3; i++) {
            byte[] plain = rtcp(SSRC, 40);
            byte[] wire = protectRtcp(pair.sender, plain);
            assertThat(wire.length).isEqualTo(plain.length + profile.rtcpOverhead());
            int indexWordAt = profile.isAead() ? wire.length - 4 : wire.length - profile.rtcpAuthTagLength() - 4;
            assertThat(readInt(wire, indexWordAt)).isEqualTo(0x8000_0000 | i);
            assertThat(unprotectRtcp(pair.receiver, wire)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsSequenceWrap(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] beforeWrap = null;
        byte[] afterWrap = null;
        for (int step = 0; step < 12; step++) {
            int seq = (65530 + step) & 0xFFFF;
            byte[] plain = rtp(seq, SSRC, 0, false, 20);
            byte[] wire = protect(pair.sender, plain);
            assertThat(unprotect(pair.receiver, wire)).isEqualTo(plain);
            if (seq == 65535) {
                beforeWrap = wire;
            }
            if (seq == 0) {
                afterWrap = wire;
            }
        }
        assertThat(beforeWrap).isNotNull();
        // The same SEQ under ROC 0 and ROC 1 must encrypt differently (different IV).
        byte[] seqZeroRocZero = protect(Pair.of(profile).sender, rtp(0, SSRC, 0, false, 20));
        assertThat(afterWrap).isNotEqualTo(seqZeroRocZero);
        // A straggler from before the wrap is still placed in ROC 0 and accepted once.
        SrtpSession freshSender = Pair.of(profile).sender;
        List<byte[]> wires = new ArrayList<>();
        for (int seq : new int[] {65534, 65535, 0, 1}) {
            wires.add(protect(freshSender, rtp(seq, SSRC, 0, false, 20)));
        }
        SrtpSession freshReceiver = Pair.of(profile).receiver;
        unprotect(freshReceiver, wires.get(0));
        unprotect(freshReceiver, wires.get(2));
        unprotect(freshReceiver, wires.get(3));
        assertThat(unprotect(freshReceiver, wires.get(1))).isEqualTo(rtp(65535, SSRC, 0, false, 20));
        assertReason(() -> freshReceiver.unprotectRtp(wires.get(1).clone(), 0, wires.get(1).length),
                SrtpException.Reason.REPLAYED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reorderedPacketsInsideWindowAreAcceptedAndReplaysAreNot(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        List<byte[]> wires = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++) {
            wires.add(protect(pair.sender, rtp(seq, SSRC, 0, false, 10)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(7));
        for (int i : order) {
            assertThat(unprotect(pair.receiver, wires.get(i))).isEqualTo(rtp(i, SSRC, 0, false, 10));
        }
        for (int i : new int[] {0, 50, 99}) {
            byte[] replay = wires.get(i).clone();
            assertReason(() -> pair.receiver.unprotectRtp(replay, 0, replay.length), SrtpException.Reason.REPLAYED);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetBehindTheWindowIsTooOld(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] old = protect(pair.sender, rtp(10, SSRC, 0, false, 10));
        byte[] edge = protect(pair.sender, rtp(10 + 300 - ReplayWindow.SIZE + 1, SSRC, 0, false, 10));
        unprotect(pair.receiver, protect(pair.sender, rtp(300, SSRC, 0, false, 10)));

        assertReason(() -> pair.receiver.unprotectRtp(old, 0, old.length), SrtpException.Reason.TOO_OLD);
        // The oldest index still inside the window is accepted.
        unprotect(pair.receiver, edge);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketsFailAuthenticationWithoutChangingState(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        unprotect(pair.receiver, protect(pair.sender, rtp(1, SSRC, 0, false, 50)));
        byte[] plain = rtp(2, SSRC, 0, false, 50);
        byte[] wire = protect(pair.sender, plain);

        for (int position : new int[] {1, 3, 5, 20, wire.length - 1}) { // header, payload, tag
            byte[] tampered = wire.clone();
            tampered[position] ^= 0x01;
            byte[] asReceived = tampered.clone();
            assertReason(() -> pair.receiver.unprotectRtp(tampered, 0, tampered.length), SrtpException.Reason.AUTH_FAILED);
            assertThat(tampered).isEqualTo(asReceived);
        }
        // A forged packet far ahead must not move the window either.
        byte[] ahead = protect(pair.sender, rtp(5000, SSRC, 0, false, 50));
        ahead[ahead.length - 1] ^= 0x01;
        assertReason(() -> pair.receiver.unprotectRtp(ahead, 0, ahead.length), SrtpException.Reason.AUTH_FAILED);

        assertThat(unprotect(pair.receiver, wire)).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void forgedPacketsOfUnknownSsrcsCreateNoState(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        SrtpSession forger = new SrtpSession(profile, filled(profile.keyLength(), 0x77), filled(profile.saltLength(), 0x33));
        for (long ssrc = 1; ssrc <= 50; ssrc++) {
            byte[] forged = protect(forger, rtp(1, ssrc, 0, false, 30));
            assertReason(() -> pair.receiver.unprotectRtp(forged, 0, forged.length), SrtpException.Reason.AUTH_FAILED);
            byte[] forgedRtcp = Arrays.copyOf(rtcp(ssrc, 40), 40 + profile.rtcpOverhead());
            assertReason(() -> pair.receiver.unprotectRtcp(forgedRtcp, 0, forgedRtcp.length), SrtpException.Reason.AUTH_FAILED);
        }
        assertThat(pair.receiver.ssrcCount()).isZero();
        // The spare context the forgeries used carries no state into a genuine stream.
        byte[] plain = rtp(1, 7, 0, false, 30);
        assertThat(unprotect(pair.receiver, protect(pair.sender, plain))).isEqualTo(plain);
        assertThat(pair.receiver.ssrcCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpReplayTamperingAndTruncationAreRejected(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] plain = rtcp(SSRC, 28);
        byte[] wire = protectRtcp(pair.sender, plain);

        byte[] tampered = wire.clone();
        tampered[10] ^= 0x40;
        assertReason(() -> pair.receiver.unprotectRtcp(tampered, 0, tampered.length), SrtpException.Reason.AUTH_FAILED);
        assertThat(unprotectRtcp(pair.receiver, wire.clone())).isEqualTo(plain);
        assertReason(() -> pair.receiver.unprotectRtcp(wire.clone(), 0, wire.length), SrtpException.Reason.REPLAYED);

        int minimum = profile.isAead() ? 28 : 22;
        byte[] tooShort = wire.clone();
        assertReason(() -> pair.receiver.unprotectRtcp(tooShort, 0, minimum - 1), SrtpException.Reason.MALFORMED);
        assertReason(() -> pair.receiver.unprotectRtcp(tooShort, 0, 0), SrtpException.Reason.MALFORMED);
        byte[] version1 = wire.clone();
        version1[0] = 0x41;
        assertReason(() -> pair.receiver.unprotectRtcp(version1, 0, version1.length), SrtpException.Reason.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedAndMalformedRtpIsMalformed(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        byte[] wire = protect(pair.sender, rtp(3, SSRC, 1, true, 0));
        int headerLength = 12 + 4 + 8;
        for (int len = 0; len < headerLength + profile.authTagLength(); len++) {
            int cut = len;
            assertReason(() -> pair.receiver.unprotectRtp(wire.clone(), 0, cut), SrtpException.Reason.MALFORMED);
        }
        byte[] extensionTooLong = wire.clone();
        extensionTooLong[12 + 4 + 3] = (byte) 0xFF;
        assertReason(() -> pair.receiver.unprotectRtp(extensionTooLong, 0, extensionTooLong.length),
                SrtpException.Reason.MALFORMED);
        byte[] version0 = wire.clone();
        version0[0] &= 0x3F;
        assertReason(() -> pair.receiver.unprotectRtp(version0, 0, version0.length), SrtpException.Reason.MALFORMED);
        assertThat(pair.receiver.ssrcCount()).isZero();

        assertReason(() -> pair.sender.protectRtp(new byte[40], 0, 8), SrtpException.Reason.MALFORMED);
        assertReason(() -> pair.sender.protectRtcp(new byte[40], 0, 4), SrtpException.Reason.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomBytesOnlyEverRaiseSrtpException(SrtpProfile profile) throws Exception {
        Pair pair = Pair.of(profile);
        Random random = new Random(42);
        byte[] genuine = protect(pair.sender, rtp(9, SSRC, 1, true, 64));
        byte[] buf = new byte[256];
        for (int round = 0; round < 20_000; round++) {
            int len;
            if (round % 2 == 0) {
                len = random.nextInt(buf.length);
                random.nextBytes(buf);
                buf[0] = (byte) (random.nextBoolean() ? 0x80 | (buf[0] & 0x3F) : buf[0]);
            } else {
                // Mutations of a genuine packet reach deeper than pure noise.
                len = genuine.length;
                System.arraycopy(genuine, 0, buf, 0, len);
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    buf[random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                }
                len = random.nextInt(4) == 0 ? random.nextInt(len + 1) : len;
            }
            int off = random.nextInt(buf.length - len + 1);
            int fuzzedLength = len;
            if (off > 0) {
                System.arraycopy(buf, 0, buf, off, len);
            }
            Throwable rtp = catchThrowable(() -> pair.receiver.unprotectRtp(buf, off, fuzzedLength));
            Throwable rtcp = catchThrowable(() -> pair.receiver.unprotectRtcp(buf, off, fuzzedLength));
            if (rtp != null) {
                assertThat(rtp).isInstanceOf(SrtpException.class);
            }
            if (rtcp != null) {
                assertThat(rtcp).isInstanceOf(SrtpException.class);
            }
        }
    }

    @Test
    void offsetsInsideALargerBufferAreHonoured() throws Exception {
        Pair pair = Pair.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] plain = rtp(77, SSRC, 0, false, 40);
        byte[] buf = new byte[100 + plain.length + 10 + 100];
        Arrays.fill(buf, (byte) 0x5A);
        System.arraycopy(plain, 0, buf, 100, plain.length);

        int protectedLength = pair.sender.protectRtp(buf, 100, plain.length);
        int plainLength = pair.receiver.unprotectRtp(buf, 100, protectedLength);

        assertThat(Arrays.copyOfRange(buf, 100, 100 + plainLength)).isEqualTo(plain);
        assertThat(buf[99]).isEqualTo((byte) 0x5A);
        assertThat(buf[100 + plain.length + 10]).isEqualTo((byte) 0x5A);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void retransmissionReprotectsToTheSameBytes(SrtpProfile profile) throws Exception {
        SrtpSession sender = Pair.of(profile).sender;
        byte[] plain = rtp(500, SSRC, 0, false, 30);
        byte[] first = protect(sender, plain);
        byte[] again = protect(sender, plain);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void bufferWithoutRoomForTheTagIsACallerError() {
        SrtpSession sender = Pair.of(SrtpProfile.AEAD_AES_128_GCM).sender;
        byte[] plain = rtp(1, SSRC, 0, false, 10);
        assertThatThrownBy(() -> sender.protectRtp(plain, 0, plain.length)).isInstanceOf(IllegalArgumentException.class);
        byte[] rtcpPlain = rtcp(SSRC, 20);
        assertThatThrownBy(() -> sender.protectRtcp(rtcpPlain, 0, rtcpPlain.length))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ssrcsAreCountedAndForgotten() throws Exception {
        Pair pair = Pair.of(SrtpProfile.AEAD_AES_128_GCM);
        for (long ssrc = 0xFFFF_FFF0L; ssrc <= 0xFFFF_FFFFL; ssrc++) {
            unprotect(pair.receiver, protect(pair.sender, rtp(1, ssrc, 0, false, 10)));
        }
        unprotectRtcp(pair.receiver, protectRtcp(pair.sender, rtcp(0xFFFF_FFF0L, 8)));
        unprotectRtcp(pair.receiver, protectRtcp(pair.sender, rtcp(99, 8)));
        assertThat(pair.receiver.ssrcCount()).isEqualTo(17);
        assertThat(pair.sender.ssrcCount()).isEqualTo(17);

        pair.receiver.removeSsrc(0xFFFF_FFF0L);
        pair.receiver.removeSsrc(99);
        pair.receiver.removeSsrc(12345);
        assertThat(pair.receiver.ssrcCount()).isEqualTo(15);
        for (long ssrc = 0xFFFF_FFF1L; ssrc <= 0xFFFF_FFFFL; ssrc++) {
            pair.receiver.removeSsrc(ssrc);
        }
        assertThat(pair.receiver.ssrcCount()).isZero();
    }

    @Test
    void differentSsrcsMayRunOnDifferentThreads() throws Exception {
        Pair pair = Pair.of(SrtpProfile.AEAD_AES_128_GCM);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long ssrc = 0xA000_0000L + t;
                results.add(threads.submit(() -> {
                    for (int seq = 0; seq < 3000; seq++) {
                        byte[] plain = rtp(seq & 0xFFFF, ssrc, 0, false, 100);
                        assertThat(unprotect(pair.receiver, protect(pair.sender, plain))).isEqualTo(plain);
                        if (seq % 100 == 0) {
                            byte[] rtcpPlain = rtcp(ssrc, 20);
                            assertThat(unprotectRtcp(pair.receiver, protectRtcp(pair.sender, rtcpPlain))).isEqualTo(rtcpPlain);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pair.receiver.ssrcCount()).isEqualTo(8);
    }

    @Test
    void wrongMasterKeyLengthsAreRefused() {
        assertThatThrownBy(() -> new SrtpSession(SrtpProfile.AEAD_AES_256_GCM, new byte[16], new byte[12]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[12]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- packet helpers -------------------------------------------------------------------------

    static byte[] rtp(int seq, long ssrc, int csrcCount, boolean extension, int payloadLength) {
        int extensionLength = extension ? 8 : 0;
        byte[] packet = new byte[12 + 4 * csrcCount + extensionLength + payloadLength];
        packet[0] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[4] = 0x01; // timestamp
        writeInt(packet, 8, (int) ssrc);
        for (int i = 0; i < csrcCount; i++) {
            writeInt(packet, 12 + 4 * i, 0xC5C0_0000 + i);
        }
        int at = 12 + 4 * csrcCount;
        if (extension) {
            packet[at] = (byte) 0xBE; // one-byte header extension profile, one word of elements
            packet[at + 1] = (byte) 0xDE;
            packet[at + 3] = 1;
            packet[at + 4] = 0x10;
            packet[at + 5] = 0x42;
            at += 8;
        }
        for (int i = 0; i < payloadLength; i++) {
            packet[at + i] = (byte) (seq + i);
        }
        return packet;
    }

    static byte[] rtcp(long ssrc, int length) {
        byte[] packet = new byte[length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 201; // receiver report
        int words = length / 4 - 1;
        packet[2] = (byte) (words >>> 8);
        packet[3] = (byte) words;
        writeInt(packet, 4, (int) ssrc);
        for (int i = 8; i < length; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }

    private static byte[] protect(SrtpSession session, byte[] plain) throws SrtpException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SPARE);
        return Arrays.copyOf(buf, session.protectRtp(buf, 0, plain.length));
    }

    private static byte[] unprotect(SrtpSession session, byte[] wire) throws SrtpException {
        byte[] buf = wire.clone();
        return Arrays.copyOf(buf, session.unprotectRtp(buf, 0, buf.length));
    }

    private static byte[] protectRtcp(SrtpSession session, byte[] plain) throws SrtpException {
        byte[] buf = Arrays.copyOf(plain, plain.length + SPARE);
        return Arrays.copyOf(buf, session.protectRtcp(buf, 0, plain.length));
    }

    private static byte[] unprotectRtcp(SrtpSession session, byte[] wire) throws SrtpException {
        byte[] buf = wire.clone();
        return Arrays.copyOf(buf, session.unprotectRtcp(buf, 0, buf.length));
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, SrtpException.Reason reason) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(SrtpException.class);
        assertThat(((SrtpException) thrown).reason()).isEqualTo(reason);
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (value + i);
        }
        return bytes;
    }

    private static void writeInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    private static int readInt(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }
}
