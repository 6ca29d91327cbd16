package org.parley.webrtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and bit-flipped packets: only RtpException, -1, false or null may come out. */
class RtpFuzzTest {
    private static final byte[][] SEEDS = {
        RtpPacketTest.FULL, HeaderExtensionsTest.ONE_BYTE, HeaderExtensionsTest.TWO_BYTE,
    };

    @Test
    void parsersSurviveGarbage() {
        Random random = new Random(3550);
        byte[] idMap = new byte[256];
        random.nextBytes(idMap);
        byte[] out = new byte[512];
        for (int i = 0; i < 100_000; i++) {
            byte[] input = mutate(random);
            int off = input.length > 0 ? random.nextInt(Math.min(4, input.length)) : 0;
            int len = input.length - off;
            boolean valid;
            try {
                RtpPacket.validate(input, off, len);
                valid = true;
            } catch (RtpException e) {
                valid = false;
            }
            int header = RtpPacket.headerLength(input, off, len);
            int payload = RtpPacket.payloadLength(input, off, len);
            assertThat(valid).isEqualTo(header >= 0 && payload >= 0);
            if (valid) {
                assertThat(header + payload).isLessThanOrEqualTo(len);
            }
            RtpPacket.isRtp(input, off, len);
            RtpPacket.isRtcp(input, off, len);
            for (int id : new int[] {0, 1, 3, 4, 5, 9, 14, 15, 20, 255}) {
                long element = HeaderExtensions.findElement(input, off, len, id);
                if (element >= 0) {
                    assertThat(HeaderExtensions.elementOffset(element) + HeaderExtensions.elementLength(element))
                            .isLessThanOrEqualTo(off + len);
                }
                HeaderExtensions.audioLevel(input, off, len, id);
                HeaderExtensions.absSendTime(input, off, len, id);
                HeaderExtensions.transportSequenceNumber(input, off, len, id);
                HeaderExtensions.mid(input, off, len, id);
                HeaderExtensions.setTransportSequenceNumber(input.clone(), off, len, id, 1);
            }
            HeaderExtensions.remapIds(input.clone(), off, len, idMap, 1 + random.nextInt(14));
            Rtx.wrap(input, off, len, out, random.nextInt(8), 97, 1, 2);
            int unwrapped = Rtx.unwrap(input.clone(), off, len, 96, 3);
            assertThat(unwrapped).isLessThanOrEqualTo(len);
        }
    }

    private static byte[] mutate(Random random) {
        if (random.nextInt(3) == 0) {
            byte[] input = new byte[random.nextInt(64)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) {
                input[0] = (byte) (0x80 | (input[0] & 0x3F));
            }
            return input;
        }
        byte[] seed = SEEDS[random.nextInt(SEEDS.length)];
        byte[] input = Arrays.copyOf(seed, random.nextBoolean() ? random.nextInt(seed.length + 1) : seed.length);
        for (int flips = random.nextInt(4); flips >= 0 && input.length > 0; flips--) {
            input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return input;
    }
}
