package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.client.RemoteTrack;
import org.parley.webrtc.rtp.RtpPacket;

class HeardSpeechTest {
    private static final long SECOND = 1_000_000_000L;

    private static byte[] packet(long ssrc) {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        RtpPacket.setSsrc(p, 0, ssrc);
        return p;
    }

    @Test
    void countsEachMicrophonesPacketsByTheTurnTheyWereSentInAfterTheHearingDelay() {
        long start = 100 * SECOND;
        HeardSpeech heard = new HeardSpeech(new SpeakingPattern(1, Duration.ofSeconds(4)), start, Duration.ofSeconds(20));
        heard.tracks(List.of(new RemoteTrack("0", "audio", true, 11, -1, "opus", 111, -1, 48000),
                new RemoteTrack("1", "video", true, 22, 23, "VP8", 96, 97, 90000)),
                List.of(new TrackInfo("0", "alice", "audio", "microphone", "t0"),
                        new TrackInfo("1", "alice", "video", "camera", "t1")));
        heard.onPacket(packet(11), start + SECOND / 2); // within the hearing delay of turn 0
        heard.onPacket(packet(11), start + 2 * SECOND);
        heard.onPacket(packet(11), start + 5 * SECOND + SECOND / 2); // turn 1
        heard.onPacket(packet(22), start + 2 * SECOND); // video: not a microphone
        heard.onPacket(packet(99), start + 2 * SECOND); // nobody's
        heard.onPacket(packet(11), start - SECOND); // before the run
        heard.onPacket(packet(11), start + 90 * SECOND); // after it
        assertThat(heard.heard("alice", 0)).isEqualTo(1);
        assertThat(heard.heard("alice", 1)).isEqualTo(1);
        assertThat(heard.heard("alice", 2)).isZero();
        assertThat(heard.heard("bob", 0)).isZero();
        assertThat(heard.heard("alice", -1)).isZero();
    }
}
