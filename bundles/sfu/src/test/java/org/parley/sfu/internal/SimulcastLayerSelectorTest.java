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
}
