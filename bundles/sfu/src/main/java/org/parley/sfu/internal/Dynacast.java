package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynacast: tells a simulcast publisher which of its layers somebody receives, so that its browser stops
 * encoding the others (CPU and uplink it would otherwise waste). A layer is wanted when a subscriber gets it
 * now, or would get it if every layer flowed: otherwise a layer paused here could never be chosen again,
 * since the selector only picks layers that arrive. The lowest layer stays on while the track has any
 * subscriber, so a receiver that shows it again starts at once; a track nobody subscribes to yet keeps
 * every layer, as the browser starts it.
 */
final class Dynacast {
    private Dynacast() {
    }

    /** The rids of {@code track}'s layers to keep encoding, smallest first. */
    static List<String> activeLayers(PublishedTrack track) {
        DownTrack[] downs = track.downTracks();
        TrackLayer[] layers = track.layers;
        boolean[] wanted = new boolean[layers.length];
        if (downs.length == 0) {
            java.util.Arrays.fill(wanted, true);
        } else {
            wanted[0] = true;
            long now = System.nanoTime();
            List<SimulcastLayerSelector.Layer> allFlowing = new ArrayList<>(layers.length);
            for (TrackLayer layer : layers) {
                SimulcastLayerSelector.Layer view = layer.view(now);
                allFlowing.add(new SimulcastLayerSelector.Layer(view.width(), view.height(), true, view.bitrate()));
            }
            boolean screen = "screen".equals(track.source);
            for (DownTrack down : downs) {
                int target = down.rewriter.target();
                if (target >= 0 && target < layers.length) {
                    wanted[target] = true;
                }
                int ideal = SimulcastLayerSelector.select(allFlowing, down.constraint, screen,
                        SimulcastLayerSelector.UNLIMITED);
                if (ideal >= 0 && ideal < layers.length) {
                    wanted[ideal] = true;
                }
            }
        }
        List<String> active = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            if (wanted[i]) {
                active.add(layers[i].rid);
            }
        }
        return active;
    }
}
