package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.parley.sfu.internal.BandwidthEstimator.Signal;

/** When the controller probes, how hard, and how it backs off; in simulated time, with results set by hand. */
class ProbeControllerTest {
    private static final long MS = 1_000_000;
    private static final long MAX = 5_000_000;

    private final ProbeController controller = new ProbeController(
            new ProbeController.Settings(true, MAX, 4_000 * MS));
    private final Map<Integer, Long> results = new HashMap<>();
    private final java.util.Set<Integer> saturated = new java.util.HashSet<>();
    private long raisedTo = -1;
    private final ProbeController.Results estimator = new ProbeController.Results() {
        @Override
        public long result(int cluster) {
            return results.getOrDefault(cluster, -1L);
        }

        @Override
        public boolean saturated(int cluster) {
            return saturated.contains(cluster);
        }

        @Override
        public boolean raise(long bitrate) {
            raisedTo = bitrate;
            return true;
        }
    };
    private long now = 10_000 * MS;

    private ProbeController.Probe tick(long estimate, long target) {
        return tick(estimate, target, Signal.NORMAL, 0);
    }

    private ProbeController.Probe tick(long estimate, long target, Signal signal, double loss) {
        return controller.tick(now, estimate, target, signal, loss, -1, estimator);
    }

    /** Sets every cluster of the probe to the same result. */
    private void answer(ProbeController.Probe probe, long result) {
        for (int i = 0; i < probe.clusters(); i++) {
            results.put(probe.firstCluster() + i, result);
        }
    }

    /** The initial probe at {@code estimate}, ended without gain and its backoff over: a steady start. */
    private ProbeController.Probe initialDone(long estimate) {
        ProbeController.Probe initial = tick(estimate, 1);
        answer(initial, estimate * 9 / 10);
        now += 100 * MS;
        assertThat(tick(estimate, 1)).isNull();
        assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.NO_GAIN);
        now += ProbeController.FIRST_BACKOFF_NANOS;
        return initial;
    }

    @Test
    void theFirstLookProbesAtTwoThreeAndFourTimesTheEstimateWhateverTheVideosWant() {
        ProbeController.Probe probe = tick(1_000_000, 200_000);
        assertThat(probe).isNotNull();
        assertThat(probe.initial()).isTrue();
        assertThat(probe.bitrates()).containsExactly(2_000_000, 3_000_000, 4_000_000);
        assertThat(probe.firstCluster()).isZero();
    }

    @Test
    void aReceiverThatGetsWhatItWantsIsNotProbedAgain() {
        initialDone(1_000_000);
        assertThat(tick(1_000_000, 900_000)).as("initial resolved, not limited").isNull();
        now += 10_000 * MS;
        assertThat(tick(1_000_000, 1_000_000)).isNull();
    }

    @Test
    void aLimitedAllocationIsProbedUpToTwiceTheTargetAndTheMaximum() {
        ProbeController.Probe initial = initialDone(300_000);
        ProbeController.Probe probe = tick(300_000, 500_000);
        assertThat(probe).isNotNull();
        assertThat(probe.initial()).isFalse();
        assertThat(probe.firstCluster()).isEqualTo(initial.firstCluster() + initial.clusters());
        assertThat(probe.bitrates()).containsExactly(600_000, 900_000, 1_000_000);
        answer(probe, 950_000);
        now += 500 * MS;
        ProbeController.Probe capped = tick(2_000_000, 8_000_000);
        assertThat(capped.bitrates()).containsExactly(4_000_000, 5_000_000);
    }

    @Test
    void noProbeWhileTheEstimateFallsOrTheLinkIsCongested() {
        initialDone(300_000);
        assertThat(tick(300_000, 1_000_000, Signal.OVERUSING, 0)).isNull();
        now += 500 * MS;
        assertThat(tick(200_000, 1_000_000)).as("lower than at the previous look").isNull();
        now += 500 * MS;
        assertThat(tick(200_000, 1_000_000, Signal.NORMAL, 0.05)).as("loss").isNull();
        now += 500 * MS;
        assertThat(tick(200_000, 1_000_000)).as("steady, limited").isNotNull();
    }

    @Test
    void noLimitedProbeIntoAStandingQueue() {
        initialDone(60_000);
        // a narrow link whose queue is full (feedback 150 ms later than its lowest): padding would push audio out
        assertThat(controller.tick(now, 60_000, 300_000, Signal.NORMAL, 0, 150, estimator)).isNull();
        now += 500 * MS;
        assertThat(controller.tick(now, 60_000, 300_000, Signal.NORMAL, 0, ProbeController.MAX_QUEUE_MILLIS + 1,
                estimator)).isNull();
        now += 500 * MS;
        assertThat(controller.tick(now, 60_000, 300_000, Signal.NORMAL, 0, 20, estimator)).as("drained")
                .isNotNull();
    }

    @Test
    void aSuccessfulProbeIsFollowedAtOnceWhileStillLimited() {
        initialDone(300_000);
        ProbeController.Probe first = tick(300_000, 2_000_000);
        assertThat(tick(300_000, 2_000_000)).as("waits for its results").isNull();
        answer(first, 1_150_000);
        now += 300 * MS;
        ProbeController.Probe next = tick(1_150_000, 2_000_000);
        assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.RAISED);
        assertThat(controller.last().best()).isEqualTo(1_150_000);
        assertThat(raisedTo).isEqualTo(1_150_000);
        assertThat(next).isNotNull();
        assertThat(next.bitrates()).containsExactly(2_300_000, 3_450_000, 4_000_000);
    }

    @Test
    void aClusterThatFoundTheLinkFullBoundsTheResultOfTheClustersThatSeemedToPass() {
        initialDone(200_000);
        ProbeController.Probe probe = tick(200_000, 2_000_000);
        assertThat(probe.bitrates()).containsExactly(400_000, 600_000, 800_000);
        int first = probe.firstCluster();
        results.put(first, 370_000L); // rode the shaper's burst
        results.put(first + 1, 236_000L);
        results.put(first + 2, 242_000L);
        saturated.add(first + 1);
        saturated.add(first + 2);
        now += 200 * MS;
        tick(200_000, 2_000_000);
        assertThat(controller.last().best()).isEqualTo(242_000);
        assertThat(raisedTo).isEqualTo(242_000);
        assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.RAISED);
    }

    @Test
    void aLowerClustersSaturationIsNoiseWhenTheHighestGotThrough() {
        initialDone(50_000);
        ProbeController.Probe probe = tick(50_000, 2_000_000);
        int first = probe.firstCluster();
        results.put(first, 113_000L);
        results.put(first + 1, 104_000L);
        results.put(first + 2, 201_000L);
        saturated.add(first + 1); // a packet read late
        now += 200 * MS;
        tick(50_000, 2_000_000);
        assertThat(controller.last().best()).isEqualTo(201_000);
    }

    @Test
    void failedProbesBackOffExponentiallyUpToTheInterval() {
        initialDone(300_000);
        long[] expectedWaits = { 500, 1_000, 2_000, 4_000, 4_000 };
        ProbeController.Probe probe = tick(300_000, 2_000_000);
        for (long wait : expectedWaits) {
            assertThat(probe).isNotNull();
            // no feedback at all: the probe ends once its results are overdue
            now += ProbeController.RESULT_WAIT_NANOS - MS;
            assertThat(tick(300_000, 2_000_000)).isNull();
            now += MS;
            assertThat(tick(300_000, 2_000_000)).as("backing off").isNull();
            assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.NO_RESULT);
            now += wait * MS - 1;
            assertThat(tick(300_000, 2_000_000)).as("still backing off (%d ms)", wait).isNull();
            now += 1;
            probe = tick(300_000, 2_000_000);
        }
        assertThat(probe).isNotNull();
    }

    @Test
    void aProbeWithoutGainBacksOffAndASuccessResetsTheBackoff() {
        initialDone(300_000);
        ProbeController.Probe probe = tick(300_000, 2_000_000);
        answer(probe, 310_000);
        now += 200 * MS;
        assertThat(tick(300_000, 2_000_000)).isNull();
        assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.NO_GAIN);
        assertThat(controller.backoffNanos()).isEqualTo(2 * ProbeController.FIRST_BACKOFF_NANOS);
        now += 500 * MS;
        probe = tick(300_000, 2_000_000);
        answer(probe, 900_000);
        now += 200 * MS;
        tick(900_000, 2_000_000);
        assertThat(controller.last().outcome()).isEqualTo(ProbeController.Outcome.RAISED);
        assertThat(controller.backoffNanos()).isEqualTo(ProbeController.FIRST_BACKOFF_NANOS);
    }

    @Test
    void disabledNeverProbes() {
        ProbeController off = new ProbeController(new ProbeController.Settings(false, MAX, 4_000 * MS));
        assertThat(off.tick(now, 1_000_000, 5_000_000, Signal.NORMAL, 0, -1, estimator)).isNull();
        assertThat(off.tick(now + 10_000 * MS, 100_000, 5_000_000, Signal.NORMAL, 0, -1, estimator)).isNull();
    }
}
