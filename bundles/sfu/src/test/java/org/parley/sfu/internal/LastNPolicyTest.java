package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LastNPolicyTest {
    private static final LastNPolicy.Video A_CAM = new LastNPolicy.Video("a-cam", "a", false);
    private static final LastNPolicy.Video B_CAM = new LastNPolicy.Video("b-cam", "b", false);
    private static final LastNPolicy.Video C_CAM = new LastNPolicy.Video("c-cam", "c", false);
    private static final LastNPolicy.Video D_CAM = new LastNPolicy.Video("d-cam", "d", false);
    private static final LastNPolicy.Video D_SCREEN = new LastNPolicy.Video("d-screen", "d", true);
    private static final List<LastNPolicy.Video> PUBLISHED = List.of(A_CAM, B_CAM, C_CAM, D_CAM, D_SCREEN);

    @Test
    void screensComeFirstThenTheCamerasOfTheMostRecentSpeakersThenTheRestInPublishOrder() {
        List<LastNPolicy.Video> ranked = LastNPolicy.rank(PUBLISHED, List.of("c", "b"));
        assertThat(ranked).containsExactly(D_SCREEN, C_CAM, B_CAM, A_CAM, D_CAM);
    }

    @Test
    void aReceiverGetsScreensAndTheNMostRecentOtherSpeakersButNeverItself() {
        List<LastNPolicy.Video> ranked = LastNPolicy.rank(PUBLISHED, List.of("c", "b"));
        assertThat(LastNPolicy.videosFor("c", ranked, List.of(), 2)).containsExactly("d-screen", "b-cam", "a-cam");
        assertThat(LastNPolicy.videosFor("x", ranked, List.of(), 1)).containsExactly("d-screen", "c-cam");
        assertThat(LastNPolicy.videosFor("d", ranked, List.of(), 10)).containsExactly("c-cam", "b-cam", "a-cam");
    }

    @Test
    void pinnedVideosComeFirstAndDoNotTakeASpeakersPlace() {
        List<LastNPolicy.Video> ranked = LastNPolicy.rank(PUBLISHED, List.of("c"));
        assertThat(LastNPolicy.videosFor("x", ranked, List.of("d-cam", "gone", "x-own"), 1))
                .containsExactly("d-cam", "d-screen", "c-cam");
    }

    @Test
    void unlimitedListsEveryOtherVideo() {
        List<LastNPolicy.Video> ranked = LastNPolicy.rank(PUBLISHED, List.of());
        assertThat(LastNPolicy.videosFor("a", ranked, List.of(), LastNPolicy.UNLIMITED))
                .containsExactly("d-screen", "b-cam", "c-cam", "d-cam");
    }

    @Test
    void nShrinksInProportionAboveTheRateLimitAndClimbsBackByOneWellBelowIt() {
        assertThat(LastNPolicy.adjustForLoad(25, 25, 200_000, 100_000)).isEqualTo(12);
        assertThat(LastNPolicy.adjustForLoad(12, 25, 101_000, 100_000)).isEqualTo(11);
        assertThat(LastNPolicy.adjustForLoad(2, 25, 1_000_000, 100_000)).isEqualTo(LastNPolicy.MIN_N);
        assertThat(LastNPolicy.adjustForLoad(11, 25, 90_000, 100_000)).as("between 80% and the limit: hold")
                .isEqualTo(11);
        assertThat(LastNPolicy.adjustForLoad(11, 25, 50_000, 100_000)).isEqualTo(12);
        assertThat(LastNPolicy.adjustForLoad(25, 25, 0, 100_000)).isEqualTo(25);
        assertThat(LastNPolicy.adjustForLoad(3, 25, 1e9, 0)).as("no limit").isEqualTo(25);
    }
}
