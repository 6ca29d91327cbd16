package org.parley.sfu.internal;

import java.util.List;

/**
 * Chooses which layer of a video one receiver gets. Inputs: the layers as they stand (size from their
 * latest keyframe, whether the publisher is sending them, their bitrate), what the receiver said about the
 * video, whether it is a screen share, and the bitrate the receiver's {@link BandwidthAllocator} leaves
 * this video ({@link #UNLIMITED} before it has run).
 */
final class SimulcastLayerSelector {
    /** No layer: the receiver gets no video of this track. */
    static final int NONE = -1;
    static final long UNLIMITED = Long.MAX_VALUE;

    /**
     * One layer as the selector sees it; width and height are 0 until a keyframe of it was seen, bitrate is
     * bits per second (0 when not measured).
     */
    record Layer(int width, int height, boolean active, long bitrate) {
        boolean sized() {
            return width > 0 && height > 0;
        }
    }

    private SimulcastLayerSelector() {
    }

    /**
     * The index of the layer to forward ({@code layers} ordered from the smallest picture to the largest), or
     * {@link #NONE} for a hidden video.
     *
     * <p>A sized receiver gets the smallest layer at least as large as its tile in both dimensions (the web
     * client crops video to fill its tiles), or the largest when none is. Without a size a camera gets the
     * middle layer and a screen share the top one: screens carry text that must stay legible. A layer the
     * publisher stopped sending (its browser dropped it for lack of CPU or bandwidth) is replaced by the
     * nearest lower one that flows, else the nearest higher; then the choice steps down while its bitrate
     * exceeds the bandwidth available.
     */
    static int select(List<Layer> layers, VideoConstraint constraint, boolean screen, long availableBitrate) {
        int count = layers.size();
        if (count == 0 || !constraint.visible()) {
            return NONE;
        }
        int wanted = screen ? count - 1 : count / 2;
        if (constraint.sized()) {
            int largestSized = NONE;
            int covering = NONE;
            for (int i = 0; i < count; i++) {
                Layer layer = layers.get(i);
                if (!layer.sized() || !layer.active()) {
                    continue;
                }
                largestSized = i;
                if (covering == NONE && layer.width() >= constraint.width() && layer.height() >= constraint.height()) {
                    covering = i;
                }
            }
            if (covering != NONE) {
                wanted = covering;
            } else if (largestSized != NONE) {
                wanted = largestSized;
            }
        }
        int chosen = nearestActive(layers, wanted);
        while (availableBitrate != UNLIMITED && chosen > 0 && layers.get(chosen).bitrate() > availableBitrate) {
            int lower = nearestActiveBelow(layers, chosen - 1);
            if (lower == NONE) {
                break;
            }
            chosen = lower;
        }
        return chosen;
    }

    private static int nearestActive(List<Layer> layers, int wanted) {
        int below = nearestActiveBelow(layers, wanted);
        if (below != NONE) {
            return below;
        }
        for (int i = wanted + 1; i < layers.size(); i++) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        // Nothing flows yet (the call is starting): wait for the wanted layer's first keyframe.
        return wanted;
    }

    private static int nearestActiveBelow(List<Layer> layers, int from) {
        for (int i = from; i >= 0; i--) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        return NONE;
    }
}
