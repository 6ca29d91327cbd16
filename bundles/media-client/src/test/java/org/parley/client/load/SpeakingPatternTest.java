package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SpeakingPatternTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void twoSpeakersOverlapAndTheTurnMovesOnByOne() {
        SpeakingPattern p = new SpeakingPattern(2, Duration.ofSeconds(5));
        assertThat(p.speaks(0, 25, 0)).isTrue();
        assertThat(p.speaks(1, 25, 4 * SECOND)).isTrue();
        assertThat(p.speaks(2, 25, 4 * SECOND)).isFalse();
        // turn 1: publishers 1 and 2
        assertThat(p.speaks(0, 25, 5 * SECOND)).isFalse();
        assertThat(p.speaks(1, 25, 5 * SECOND)).isTrue();
        assertThat(p.speaks(2, 25, 5 * SECOND)).isTrue();
        // turn 24 wraps round: publishers 24 and 0
        assertThat(p.speaksIn(24, 25, 24)).isTrue();
        assertThat(p.speaksIn(0, 25, 24)).isTrue();
        assertThat(p.speaksIn(1, 25, 24)).isFalse();
        assertThat(p.turnOf(-SECOND)).isZero();
    }

    @Test
    void everyoneSpeaksASecondAndPausesASecond() {
        assertThat(SpeakingPattern.EVERYONE.speaks(3, 25, SECOND / 2)).isTrue();
        assertThat(SpeakingPattern.EVERYONE.speaks(7, 25, SECOND + 1)).isFalse();
        assertThat(SpeakingPattern.EVERYONE.speaksIn(3, 25, 0)).isFalse();
    }

    @Test
    void moreSpeakersThanPublishersAllSpeak() {
        SpeakingPattern p = new SpeakingPattern(3, Duration.ofSeconds(2));
        assertThat(p.speaks(0, 2, 0)).isTrue();
        assertThat(p.speaks(1, 2, 0)).isTrue();
    }

    @Test
    void turnsTooShortToTellAreRefused() {
        assertThatThrownBy(() -> new SpeakingPattern(1, Duration.ofSeconds(1))).hasMessageContaining("at least");
        assertThatThrownBy(() -> new SpeakingPattern(-1, Duration.ofSeconds(5))).hasMessageContaining("speakers");
    }
}
