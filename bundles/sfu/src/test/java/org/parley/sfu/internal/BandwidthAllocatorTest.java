package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class BandwidthAllocatorTest {
    private static final long S = 1_000_000_000L;
    /** Three flowing layers 320x180 at 150 kbit/s, 640x360 at 500 kbit/s, 1280x720 at 1.5 Mbit/s. */
    private static final List<SimulcastLayerSelector.Layer> LAYERS = List.of(
            new SimulcastLayerSelector.Layer(320, 180, true, 150_000),
            new SimulcastLayerSelector.Layer(640, 360, true, 500_000),
            new SimulcastLayerSelector.Layer(1280, 720, true, 1_500_000));
    private static final VideoConstraint LARGE = new VideoConstraint(true, 1280, 720);
    private static final VideoConstraint SMALL = new VideoConstraint(true, 320, 180);

    private final BandwidthAllocator allocator = new BandwidthAllocator();

    private static BandwidthAllocator.Video camera(String id, VideoConstraint constraint, int current) {
        return new BandwidthAllocator.Video(id, false, constraint, LAYERS, current, false);
    }

    private Map<String, BandwidthAllocator.Decision> allocate(long estimate, long nowNanos,
            BandwidthAllocator.Video... videos) {
        return allocator.allocate(estimate, 40_000, List.of(videos), BandwidthAllocator.SpeakerOrder.NONE, nowNanos)
                .stream().collect(Collectors.toMap(BandwidthAllocator.Decision::trackId, Function.identity()));
    }

    @Test
    void plentyGivesEachVideoTheLayerItsTileWants() {
        var result = allocate(10_000_000, 0, camera("a", LARGE, -1), camera("b", SMALL, -1));
        assertThat(result.get("a").layer()).isEqualTo(2);
        assertThat(result.get("b").layer()).isEqualTo(0);
        assertThat(result.values()).noneMatch(BandwidthAllocator.Decision::paused);
        assertThat(result.get("a").share()).isEqualTo(SimulcastLayerSelector.UNLIMITED);
    }

    @Test
    void layersGoBeforeWholeVideosAndTheSmallestTileLosesFirst() {
        // 40k audio + 150k + 150k leaves 360k: the big tile's 510k cannot take 500k with 20 % headroom
        var result = allocate(700_000, 0, camera("big", LARGE, 0), camera("small", SMALL, 0));
        assertThat(result.get("big").layer()).isEqualTo(0);
        assertThat(result.get("small").layer()).isEqualTo(0);
        // only room for one video: the smaller tile pauses, audio is not touched
        result = allocate(250_000, S, camera("big", LARGE, 0), camera("small", SMALL, 0));
        assertThat(result.get("big").paused()).isFalse();
        assertThat(result.get("small").paused()).isTrue();
        // not even one: everything pauses, audio still flows (it is not the allocator's to drop)
        result = allocate(100_000, 2 * S, camera("big", LARGE, 0), camera("small", SMALL, -1));
        assertThat(result.values()).allMatch(BandwidthAllocator.Decision::paused);
    }

    @Test
    void aScreenShareComesBeforeCameras() {
        var screen = new BandwidthAllocator.Video("screen", true, SMALL, LAYERS, 0, false);
        var result = allocate(300_000, 0, camera("cam", LARGE, 0), screen);
        assertThat(result.get("screen").paused()).isFalse();
        assertThat(result.get("cam").paused()).isTrue();
    }

    @Test
    void speakerOrderRanksCamerasBeforeTileSize() {
        var result = allocator.allocate(250_000, 40_000, List.of(camera("big", LARGE, 0), camera("speaker", SMALL, 0)),
                trackId -> trackId.equals("speaker") ? 0 : 1, 0);
        assertThat(result).filteredOn(BandwidthAllocator.Decision::paused)
                .extracting(BandwidthAllocator.Decision::trackId).containsExactly("big");
    }

    @Test
    void steppingUpNeedsHeadroomAndWaitsAfterAStepDown() {
        // 560k free for one video on layer 0: layer 1 (500k) fits but not with 20 % headroom
        assertThat(allocate(600_000, 0, camera("a", LARGE, 0)).get("a").layer()).isEqualTo(0);
        // already on layer 1, it keeps it without headroom
        assertThat(allocate(600_000, 0, camera("a", LARGE, 1)).get("a").layer()).isEqualTo(1);
        // a step down, then plenty: held for a while, then up
        assertThat(allocate(300_000, S, camera("a", LARGE, 1)).get("a").layer()).isEqualTo(0);
        assertThat(allocate(10_000_000, 2 * S, camera("a", LARGE, 0)).get("a").layer()).isEqualTo(0);
        assertThat(allocate(10_000_000, 7 * S, camera("a", LARGE, 0)).get("a").layer()).isEqualTo(2);
    }

    @Test
    void aPausedVideoResumesOnlyWithHeadroomAfterTheHold() {
        var paused = new BandwidthAllocator.Video("a", false, LARGE, LAYERS, -1, true);
        assertThat(allocate(100_000, 0, camera("a", LARGE, 0)).get("a").paused()).isTrue();
        assertThat(allocate(10_000_000, S, paused).get("a").paused()).isTrue();
        assertThat(allocate(200_000, 6 * S, paused).get("a").paused()).isTrue(); // 160k free < 1.2 × 150k
        assertThat(allocate(300_000, 6 * S, paused).get("a").paused()).isFalse();
    }

    @Test
    void hiddenVideosAreNeitherCountedNorPaused() {
        var result = allocate(250_000, 0, camera("hidden", VideoConstraint.HIDDEN, -1), camera("shown", SMALL, 0));
        assertThat(result.get("hidden").paused()).isFalse();
        assertThat(result.get("hidden").layer()).isEqualTo(SimulcastLayerSelector.NONE);
        assertThat(result.get("shown").paused()).isFalse();
    }

    @Test
    void theShareMakesTheSelectorPickTheAllocatedLayer() {
        var decision = allocate(1_000_000, 0, camera("a", LARGE, 1)).get("a");
        assertThat(decision.layer()).isEqualTo(1);
        assertThat(SimulcastLayerSelector.select(LAYERS, LARGE, false, decision.share())).isEqualTo(1);
    }

    /** {@link #LAYERS} with three temporal layers each: cumulative T0, T0+T1, all. */
    private static final List<SimulcastLayerSelector.Layer> TEMPORAL = List.of(
            new SimulcastLayerSelector.Layer(320, 180, true, 150_000, new long[] { 40_000, 80_000, 150_000 }),
            new SimulcastLayerSelector.Layer(640, 360, true, 500_000, new long[] { 130_000, 260_000, 500_000 }),
            new SimulcastLayerSelector.Layer(1280, 720, true, 1_500_000, new long[] { 400_000, 800_000, 1_500_000 }));

    @Test
    void aLowerFrameRateComesBeforeAPause() {
        var camera = new BandwidthAllocator.Video("a", false, LARGE, TEMPORAL, 0, false);
        // 100k after audio: the smallest layer at full rate (150k) does not fit, at 15 fps (80k) it does
        var decision = allocate(140_000, 0, camera).get("a");
        assertThat(decision.paused()).isFalse();
        assertThat(decision.layer()).isZero();
        assertThat(decision.temporal()).isEqualTo(1);
        assertThat(SimulcastLayerSelector.choose(TEMPORAL, LARGE, false, decision.share()))
                .isEqualTo(new SimulcastLayerSelector.Choice(0, 1));
        // 50k: 7.5 fps
        decision = allocate(90_000, S, camera).get("a");
        assertThat(decision.paused()).isFalse();
        assertThat(decision.temporal()).isZero();
        // 20k: not even that; the same layers without temporal layers pause already at 100k
        assertThat(allocate(60_000, 2 * S, camera).get("a").paused()).isTrue();
        assertThat(new BandwidthAllocator().allocate(140_000, 40_000, List.of(camera("b", LARGE, 0)),
                BandwidthAllocator.SpeakerOrder.NONE, 0).get(0).paused()).isTrue();
    }

    @Test
    void aTemporalStepUpNeedsHeadroomAndWaitsAfterAStepDownLikeASpatialOne() {
        var atHalfRate = new BandwidthAllocator.Video("a", false, SMALL, TEMPORAL, 0, 1, false);
        // 150k free: full rate fits, but not with 20 % headroom
        assertThat(allocate(190_000, 0, atHalfRate).get("a").temporal()).isEqualTo(1);
        assertThat(allocate(10_000_000, 0, atHalfRate).get("a").temporal())
                .isEqualTo(SimulcastLayerSelector.ALL_TEMPORAL);
        var atFullRate = new BandwidthAllocator.Video("a", false, SMALL, TEMPORAL, 0, 3, false);
        assertThat(allocate(100_000, S, atFullRate).get("a").temporal()).isZero();
        assertThat(allocate(10_000_000, 2 * S, atHalfRate).get("a").temporal()).as("held").isEqualTo(1);
    }

    @Test
    void theLeastImportantVideoLosesFrameRateFirstAndPausesLast() {
        // 200k after audio for two cameras: the big tile at full rate (150k), the small one at 7.5 fps (40k);
        // without temporal layers the small one would pause
        var result = allocate(240_000, 0, new BandwidthAllocator.Video("big", false, LARGE, TEMPORAL, 0, false),
                new BandwidthAllocator.Video("small", false, SMALL, TEMPORAL, 0, false));
        assertThat(result.values()).noneMatch(BandwidthAllocator.Decision::paused);
        assertThat(result.get("big").temporal()).isEqualTo(SimulcastLayerSelector.ALL_TEMPORAL);
        assertThat(result.get("small").temporal()).isZero();
        assertThat(allocate(240_000, S, camera("big", LARGE, 0), camera("small", SMALL, 0)).get("small").paused())
                .isTrue();
    }
}
