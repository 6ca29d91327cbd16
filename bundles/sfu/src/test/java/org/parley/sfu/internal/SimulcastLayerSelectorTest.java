package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.sfu.internal.SimulcastLayerSelector.NONE;
import static org.parley.sfu.internal.SimulcastLayerSelector.UNLIMITED;
import static org.parley.sfu.internal.SimulcastLayerSelector.select;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.sfu.internal.SimulcastLayerSelector.Layer;

class SimulcastLayerSelectorTest {
    private static final Layer Q = new Layer(320, 180, true, 150_000);
    private static final Layer H = new Layer(640, 360, true, 500_000);
    private static final Layer F = new Layer(1280, 720, true, 1_500_000);
    private static final List<Layer> THREE = List.of(Q, H, F);

    private static VideoConstraint tile(int width, int height) {
        return new VideoConstraint(true, width, height);
    }

    @Test
    void aTileGetsTheSmallestLayerThatCoversIt() {
        assertThat(select(THREE, tile(160, 90), false, UNLIMITED)).isEqualTo(0);
        assertThat(select(THREE, tile(320, 180), false, UNLIMITED)).isEqualTo(0);
        assertThat(select(THREE, tile(321, 180), false, UNLIMITED)).isEqualTo(1);
        assertThat(select(THREE, tile(640, 360), false, UNLIMITED)).isEqualTo(1);
        assertThat(select(THREE, tile(900, 500), false, UNLIMITED)).isEqualTo(2);
    }

    @Test
    void aTileLargerThanEveryLayerGetsTheLargest() {
        assertThat(select(THREE, tile(2560, 1440), false, UNLIMITED)).isEqualTo(2);
    }

    @Test
    void aTileOfAnotherShapeMustBeCoveredInBothDimensions() {
        // A 4:3 tile crops a 16:9 picture to fill it: the height decides.
        assertThat(select(THREE, tile(320, 240), false, UNLIMITED)).isEqualTo(1);
    }

    @Test
    void aHiddenVideoGetsNoLayer() {
        assertThat(select(THREE, VideoConstraint.HIDDEN, false, UNLIMITED)).isEqualTo(NONE);
        assertThat(select(List.of(H), VideoConstraint.HIDDEN, false, UNLIMITED)).isEqualTo(NONE);
    }

    @Test
    void withoutASizeACameraGetsTheMiddleLayerAndAScreenTheTop() {
        assertThat(select(THREE, VideoConstraint.UNSPECIFIED, false, UNLIMITED)).isEqualTo(1);
        assertThat(select(THREE, VideoConstraint.UNSPECIFIED, true, UNLIMITED)).isEqualTo(2);
        assertThat(select(List.of(H), VideoConstraint.UNSPECIFIED, false, UNLIMITED)).isEqualTo(0);
    }

    @Test
    void layersOfUnknownSizeFallBackToTheDefault() {
        Layer unknown = new Layer(0, 0, true, 0);
        assertThat(select(List.of(unknown, unknown, unknown), tile(1280, 720), false, UNLIMITED)).isEqualTo(1);
    }

    @Test
    void aStoppedLayerIsReplacedByTheNearestLowerOneThatFlows() {
        Layer stopped = new Layer(1280, 720, false, 0);
        assertThat(select(List.of(Q, H, stopped), tile(1280, 720), false, UNLIMITED)).isEqualTo(1);
        Layer stoppedLow = new Layer(320, 180, false, 0);
        assertThat(select(List.of(stoppedLow, H, F), tile(160, 90), false, UNLIMITED)).isEqualTo(1);
    }

    @Test
    void beforeAnyLayerFlowsTheWantedOneIsAwaited() {
        Layer silent = new Layer(0, 0, false, 0);
        assertThat(select(List.of(silent, silent, silent), VideoConstraint.UNSPECIFIED, false, UNLIMITED)).isEqualTo(1);
    }

    @Test
    void aBandwidthLimitStepsTheChoiceDown() {
        assertThat(select(THREE, tile(1280, 720), false, 1_000_000)).isEqualTo(1);
        assertThat(select(THREE, tile(1280, 720), false, 200_000)).isEqualTo(0);
        // The lowest layer is still sent when even it does not fit: a picture beats none.
        assertThat(select(THREE, tile(1280, 720), false, 10_000)).isEqualTo(0);
    }

    /** The same three layers with three temporal layers each: cumulative T0, T0+T1, all (7.5, 15, 30 fps). */
    private static final List<Layer> TEMPORAL = List.of(
            new Layer(320, 180, true, 150_000, new long[] { 40_000, 80_000, 150_000 }),
            new Layer(640, 360, true, 500_000, new long[] { 130_000, 260_000, 500_000 }),
            new Layer(1280, 720, true, 1_500_000, new long[] { 400_000, 800_000, 1_500_000 }));

    private static SimulcastLayerSelector.Choice choice(int spatial, int temporal) {
        return new SimulcastLayerSelector.Choice(spatial, temporal);
    }

    @Test
    void belowTheLowestLayerAtFullFrameRateACameraStepsDownInFrameRate() {
        var large = tile(1280, 720);
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 149_000)).isEqualTo(choice(0, 1));
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 79_000)).isEqualTo(choice(0, 0));
        // nothing fits: the lowest step, for the allocator to pause or not
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 10_000)).isEqualTo(choice(0, 0));
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, UNLIMITED))
                .isEqualTo(SimulcastLayerSelector.Choice.full(2));
    }

    @Test
    void betweenSpatialLayersACameraTakesTheHigherAtHalfRateButNeverAQuarter() {
        var large = tile(1280, 720);
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 300_000)).isEqualTo(choice(1, 1));
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 1_000_000)).isEqualTo(choice(2, 1));
        // 640x360 at 7.5 fps (130k) would fit, but a camera keeps 320x180 at full rate instead
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 200_000))
                .isEqualTo(SimulcastLayerSelector.Choice.full(0));
        assertThat(SimulcastLayerSelector.ladder(TEMPORAL, large, false)).doesNotContain(choice(1, 0), choice(2, 0));
    }

    @Test
    void aScreenShareKeepsItsResolutionAndGivesUpFrameRateFirst() {
        var large = tile(1280, 720);
        // 1280x720 at 7.5 fps (400k) rather than 640x360 at any rate
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, true, 450_000)).isEqualTo(choice(2, 0));
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, false, 450_000)).isEqualTo(choice(1, 1));
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, true, 900_000)).isEqualTo(choice(2, 1));
        // below that, 640x360 at 15 fps (260k) before 640x360 at 30 fps would (500k)
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, large, true, 390_000)).isEqualTo(choice(1, 1));
    }

    @Test
    void layersWithoutTemporalLayersOnlyHaveFullFrameRateSteps() {
        assertThat(SimulcastLayerSelector.ladder(THREE, tile(1280, 720), true)).containsExactly(
                SimulcastLayerSelector.Choice.full(0), SimulcastLayerSelector.Choice.full(1),
                SimulcastLayerSelector.Choice.full(2));
    }
}
