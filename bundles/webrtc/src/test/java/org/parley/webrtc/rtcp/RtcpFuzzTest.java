package org.parley.webrtc.rtcp;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random, truncated and bit-flipped compounds: only RtcpException may come out of the walk. */
class RtcpFuzzTest {
    @Test
    void walkSurvivesGarbage() {
        byte[] feedback = new byte[256];
        int length = RtcpWriter.pli(feedback, 0, 1, 2);
        length += RtcpWriter.fir(feedback, length, 1, 2, 3);
        length += RtcpWriter.nack(feedback, length, 1, 2, new int[] {1, 3, 40}, 3);
        length += RtcpWriter.remb(feedback, length, 1, 123_456_789, new long[] {2, 3});
        length += RtcpWriter.receiverReport(feedback, length, 1, 2, 3, 4, 5, 6, 7, 8);
        length += RtcpWriter.sdesCname(feedback, length, 1, "cname");
        length += RtcpWriter.bye(feedback, length, 1);
        byte[][] seeds = {RtcpTest.SR_SDES, Arrays.copyOf(feedback, length)};

        Random random = new Random(4585);
        RecordingVisitor visitor = new RecordingVisitor();
        for (int i = 0; i < 100_000; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(80)];
                random.nextBytes(input);
                for (int at = 0; at + 4 <= input.length && random.nextBoolean(); at += 4) {
                    input[at] = (byte) (0x80 | (input[at] & 0x1F));
                    input[at + 1] = (byte) (200 + random.nextInt(8));
                }
            } else {
                byte[] seed = seeds[random.nextInt(seeds.length)];
                input = Arrays.copyOf(seed, i % 3 == 1 ? random.nextInt(seed.length + 1) : seed.length);
                for (int flips = random.nextInt(4); flips >= 0 && input.length > 0; flips--) {
                    input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            try {
                RtcpCompound.forEach(input, 0, input.length, visitor);
            } catch (RtcpException expected) {
                // the only exception the walk documents
            }
            visitor.events.clear();
        }
    }
}
