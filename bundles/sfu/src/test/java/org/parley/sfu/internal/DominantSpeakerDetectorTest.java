package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Synthetic level traces, one evaluation period (about 300 ms) per step. */
class DominantSpeakerDetectorTest {
    private static final SpeechActivity.Interval TALKING = new SpeechActivity.Interval(0.9, 90);
    private static final SpeechActivity.Interval COUGH = new SpeechActivity.Interval(1.0, 110);
    private static final SpeechActivity.Interval QUIET = new SpeechActivity.Interval(0, 10);

    private final DominantSpeakerDetector detector = new DominantSpeakerDetector();
    /** The dominant speaker after each period in which it changed. */
    private final List<String> switches = new ArrayList<>();

    /** {@code periods} steps in which the named participants talk and everyone else of a, b, c is quiet. */
    private void run(int periods, Map<String, SpeechActivity.Interval> talking) {
        for (int i = 0; i < periods; i++) {
            Map<String, SpeechActivity.Interval> step = new LinkedHashMap<>();
            for (String id : List.of("a", "b", "c")) {
                step.put(id, talking.getOrDefault(id, QUIET));
            }
            String before = detector.dominant();
            detector.update(step);
            if (detector.dominant() != null && !detector.dominant().equals(before)) {
                switches.add(detector.dominant());
            }
        }
    }

    @Test
    void aTalksThenBTakesOverAndTheDetectorSwitchesOnceAfterBTalkedLongEnough() {
        run(20, Map.of("a", TALKING));
        assertThat(detector.dominant()).isEqualTo("a");
        run(1, Map.of("b", TALKING));
        assertThat(detector.dominant()).as("one period of B is not enough").isEqualTo("a");
        run(19, Map.of("b", TALKING));
        assertThat(detector.dominant()).isEqualTo("b");
        assertThat(switches).containsExactly("a", "b");
        assertThat(detector.recentSpeakers()).containsExactly("b", "a");
        assertThat(detector.changes()).isEqualTo(2);
    }

    @Test
    void aShortCoughDoesNotSwitch() {
        run(20, Map.of("a", TALKING));
        run(10, Map.of());
        run(2, Map.of("c", COUGH));
        run(10, Map.of());
        assertThat(detector.dominant()).isEqualTo("a");
        assertThat(switches).containsExactly("a");
        assertThat(detector.recentSpeakers()).containsExactly("a");
    }

    @Test
    void silenceKeepsTheLastSpeaker() {
        run(5, Map.of());
        assertThat(detector.dominant()).as("nobody spoke yet").isNull();
        run(10, Map.of("b", TALKING));
        run(100, Map.of());
        assertThat(detector.dominant()).isEqualTo("b");
        assertThat(switches).containsExactly("b");
    }

    @Test
    void twoPeopleTalkingAtOnceDoNotMakeItFlap() {
        run(10, Map.of("a", TALKING));
        run(30, Map.of("a", TALKING, "b", new SpeechActivity.Interval(1.0, 100)));
        assertThat(switches).containsExactly("a");
        assertThat(detector.recentSpeakers()).containsExactly("a", "b");
    }

    @Test
    void loudestRanksThoseSpeakingNowFirstAndAParticipantWhoStopsPublishingIsForgotten() {
        run(10, Map.of("a", TALKING));
        run(10, Map.of("c", TALKING));
        assertThat(detector.loudest(1)).containsExactly("c");
        assertThat(detector.loudest(3)).containsExactly("c", "a", "b");
        detector.update(Map.of("a", QUIET, "b", QUIET));
        assertThat(detector.dominant()).as("c left: the most recent other speaker follows").isEqualTo("a");
        assertThat(detector.recentSpeakers()).containsExactly("a");
    }
}
