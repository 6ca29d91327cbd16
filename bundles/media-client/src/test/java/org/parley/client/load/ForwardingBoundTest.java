package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ForwardingBoundTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static LoadShape large(int subscribers, SpeakingPattern speaking, ReceiveView view) {
        // 80 kb/s at 10 fps: one packet of 1000 bytes per frame
        return new LoadShape(1, 25, subscribers, true, 80_000, 10, MINUTE, Duration.ofSeconds(20), speaking, view, 1);
    }

    @Test
    void aLargeMeetingHearsTopNAudioAndSeesItsGalleryPage() {
        ForwardingBound b = ForwardingBound.of(large(975, new SpeakingPattern(2, Duration.ofSeconds(5)),
                new ReceiveView(9, 320, 180)), ServerRules.DEFAULTS);
        // every one of the 1000 hears 4 microphones (top 3 + dominant): 2 speaking (50/s), 2 silent with DTX (2.5/s)
        assertThat(b.audioStreams()).isEqualTo(1000 * 4);
        assertThat(b.audioPerSecond()).isCloseTo(1000 * (2 * 50 + 2 * 2.5), within(1e-6));
        // and sees 9 videos of 10 packets/s; a keyframe (3 packets) at most every 300 ms adds 2 x 3.33 packets/s
        assertThat(b.videoStreams()).isEqualTo(1000 * 9);
        assertThat(b.nominal()).isCloseTo(1000 * (105 + 9 * 10), within(1e-6));
        assertThat(b.perSecond()).isCloseTo(1000 * (105 + 9 * (10 + 2 * 1000 / 300.0)), within(1e-6));
    }

    @Test
    void lastNCapsTheVideosAndEveryoneAtOnceSpeaksAtFullRate() {
        ServerRules rules = new ServerRules(5, 3, 20, 300);
        ForwardingBound b = ForwardingBound.of(large(10, SpeakingPattern.EVERYONE, ReceiveView.ALL), rules);
        assertThat(b.audioPerSecond()).isCloseTo(35 * 4 * 50, within(1e-6));
        assertThat(b.videoStreams()).isEqualTo(35 * 5);
    }

    @Test
    void aSmallMeetingGetsEverything() {
        LoadShape small = new LoadShape(2, 3, 1, false, 0, 15, MINUTE, Duration.ZERO,
                new SpeakingPattern(1, Duration.ofSeconds(4)), ReceiveView.ALL, 1);
        ForwardingBound b = ForwardingBound.of(small, ServerRules.DEFAULTS);
        // per meeting: 3 publishers hear 2 others, the subscriber 3; one speaks at a time
        assertThat(b.audioStreams()).isEqualTo(2 * (3 * 2 + 3));
        assertThat(b.audioPerSecond()).isCloseTo(2 * (3 * (50 + 2.5) + (50 + 2 * 2.5)), within(1e-6));
        assertThat(b.videoStreams()).isZero();
        assertThat(b.perSecond()).isEqualTo(b.nominal());
    }
}
