package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynacastTest {
    private MediaCounters counters;
    private TransportRegistry registry;
    private MediaParticipant bob;
    private PublishedTrack camera;

    @BeforeEach
    void setUp() {
        counters = new MediaCounters();
        registry = new TransportRegistry();
        MediaParticipant alice = new MediaParticipant("alice", "m");
        bob = new MediaParticipant("bob", "m");
        MediaTransport publish = PublishNegotiatorTest.transport("publish-1", MediaTransport.Direction.PUBLISH, alice,
                registry, counters);
        camera = new PublishedTrack("cam", alice, publish, "1", "video", "camera", SubscribeNegotiatorTest.VP8,
                new byte[256], -1, -1, -1, List.of("q", "h", "f"), TimeUnit.MILLISECONDS.toNanos(300), counters);
        int[][] sizes = { { 240, 135 }, { 480, 270 }, { 960, 540 } };
        for (TrackLayer layer : camera.layers) {
            layer.width = sizes[layer.index][0];
            layer.height = sizes[layer.index][1];
            layer.lastPacketNanos = System.nanoTime();
        }
    }

    private DownTrack subscribe(VideoConstraint constraint) {
        MediaTransport transport = PublishNegotiatorTest.transport("subscribe-" + camera.subscriberCount(),
                MediaTransport.Direction.SUBSCRIBE, bob, registry, counters);
        DownTrack down = new DownTrack(camera, transport, "1", -1, constraint);
        camera.attach(down);
        return down;
    }

    @Test
    void aTrackNobodySubscribesToKeepsEveryLayer() {
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q", "h", "f");
    }

    @Test
    void onlyTheLayersSubscribersGetStayOnAndTheLowestAlways() {
        subscribe(new VideoConstraint(true, 480, 270));
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q", "h");
        subscribe(new VideoConstraint(true, 200, 100));
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q", "h");
        subscribe(new VideoConstraint(true, 1920, 1080));
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q", "h", "f");
    }

    @Test
    void hiddenEverywhereLeavesTheLowestLayer() {
        subscribe(VideoConstraint.HIDDEN);
        subscribe(VideoConstraint.HIDDEN);
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q");
    }

    @Test
    void aPausedLayerASubscriberWouldFitIsTurnedBackOn() {
        camera.layers[2].lastPacketNanos = 0; // f stopped: dynacast paused it
        DownTrack down = subscribe(new VideoConstraint(true, 960, 540));
        assertThat(down.rewriter.target()).as("the selector falls back to what flows").isEqualTo(1);
        assertThat(Dynacast.activeLayers(camera)).containsExactly("q", "h", "f");
    }
}
