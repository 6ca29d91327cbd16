package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which layer of a video one receiver gets: a spatial layer (simulcast stream) and how many of its
 * temporal layers (frame rate). Inputs: the layers as they stand (size from their latest keyframe, whether the
 * publisher is sending them, their bitrate, per temporal layer where the stream has them), what the receiver
 * said about the video, whether it is a screen share, and the bitrate the receiver's {@link BandwidthAllocator}
 * leaves this video ({@link #UNLIMITED} before it has run).
 */
final class SimulcastLayerSelector {
    /** No layer: the receiver gets no video of this track. */
    static final int NONE = -1;
    static final long UNLIMITED = Long.MAX_VALUE;
    /** Every temporal layer, whatever the stream has: full frame rate, and all of a stream without temporal layers. */
    static final int ALL_TEMPORAL = 3;
    /**
     * Between two spatial layers a camera may take the higher one at a lower frame rate, but not below this
     * temporal layer (1: half the frame rate with the usual three layers); lower rates suit only the lowest
     * picture, where the other choice is a pause.
     */
    static final int MIN_TEMPORAL_BETWEEN_SPATIAL = 1;

    /**
     * One layer as the selector sees it; width and height are 0 until a keyframe of it was seen, bitrate is
     * bits per second (0 when not measured). {@code temporalBitrates} are cumulative: T0, T0+T1, ... (empty for
     * a stream without temporal layers).
     */
    record Layer(int width, int height, boolean active, long bitrate, long[] temporalBitrates) {
        private static final long[] NO_TEMPORAL = new long[0];

        Layer(int width, int height, boolean active, long bitrate) {
            this(width, height, active, bitrate, NO_TEMPORAL);
        }

        boolean sized() {
            return width > 0 && height > 0;
        }

        int temporalLayers() {
            return temporalBitrates.length;
        }

        /** The bitrate up to and including temporal layer {@code temporal} ({@link #ALL_TEMPORAL}: all of it). */
        long bitrate(int temporal) {
            return temporal >= temporalBitrates.length - 1 ? bitrate : temporalBitrates[temporal];
        }
    }

    /** A spatial layer and the highest temporal layer forwarded of it ({@link #ALL_TEMPORAL}: all). */
    record Choice(int spatial, int temporal) implements Comparable<Choice> {
        static final Choice NONE = new Choice(SimulcastLayerSelector.NONE, ALL_TEMPORAL);

        static Choice full(int spatial) {
            return new Choice(spatial, ALL_TEMPORAL);
        }

        @Override
        public int compareTo(Choice other) {
            return spatial != other.spatial ? Integer.compare(spatial, other.spatial)
                    : Integer.compare(temporal, other.temporal);
        }
    }

    private SimulcastLayerSelector() {
    }

    /** The spatial layer of {@link #choose}. */
    static int select(List<Layer> layers, VideoConstraint constraint, boolean screen, long availableBitrate) {
        return choose(layers, constraint, screen, availableBitrate).spatial();
    }

    /**
     * What to forward ({@code layers} ordered from the smallest picture to the largest), or {@link Choice#NONE}
     * for a hidden video: the highest step of {@link #ladder} whose bitrate fits, else its lowest step (the
     * allocator decides whether to pause instead).
     */
    static Choice choose(List<Layer> layers, VideoConstraint constraint, boolean screen, long availableBitrate) {
        List<Choice> ladder = ladder(layers, constraint, screen);
        if (ladder.isEmpty()) {
            return Choice.NONE;
        }
        if (availableBitrate != UNLIMITED) {
            for (int i = ladder.size() - 1; i >= 0; i--) {
                if (bitrate(layers, ladder.get(i)) <= availableBitrate) {
                    return ladder.get(i);
                }
            }
            return ladder.get(0);
        }
        return ladder.get(ladder.size() - 1);
    }

    /**
     * The choices this receiver may get, from the least to the most it wants, in ascending order of (spatial,
     * temporal); empty for a hidden video.
     *
     * <p>The top is the wanted spatial layer at full frame rate. A sized receiver wants the smallest layer at
     * least as large as its tile in both dimensions (the web client crops video to fill its tiles), or the
     * largest when none is. Without a size a camera wants the middle layer and a screen share the top one:
     * screens carry text that must stay legible. A layer the publisher stopped sending (its browser dropped it
     * for lack of CPU or bandwidth) is replaced by the nearest lower one that flows, else the nearest higher.
     * Below the top: a screen share has every temporal step of every flowing spatial layer, so that a lower
     * frame rate of a sharper picture comes before a lower picture (high resolution, low frame rate); a camera
     * has every temporal step of its lowest flowing layer (fewer frames before a pause) and, of the higher
     * ones, only steps of at least {@link #MIN_TEMPORAL_BETWEEN_SPATIAL}.
     */
    static List<Choice> ladder(List<Layer> layers, VideoConstraint constraint, boolean screen) {
        int count = layers.size();
        if (count == 0 || !constraint.visible()) {
            return List.of();
        }
        int top = nearestActive(layers, wantedLayer(layers, constraint, screen));
        List<Choice> ladder = new ArrayList<>();
        boolean lowest = true;
        for (int spatial = 0; spatial <= top; spatial++) {
            Layer layer = layers.get(spatial);
            if (spatial != top && !layer.active()) {
                continue;
            }
            int from = screen || lowest ? 0 : MIN_TEMPORAL_BETWEEN_SPATIAL;
            for (int temporal = from; temporal < layer.temporalLayers() - 1; temporal++) {
                ladder.add(new Choice(spatial, temporal));
            }
            ladder.add(Choice.full(spatial));
            lowest = false;
        }
        return ladder;
    }

    /** The bitrate of a choice, 0 for none. */
    static long bitrate(List<Layer> layers, Choice choice) {
        int spatial = choice.spatial();
        return spatial < 0 || spatial >= layers.size() ? 0 : layers.get(spatial).bitrate(choice.temporal());
    }

    private static int wantedLayer(List<Layer> layers, VideoConstraint constraint, boolean screen) {
        int count = layers.size();
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
        return wanted;
    }

    private static int nearestActive(List<Layer> layers, int wanted) {
        for (int i = wanted; i >= 0; i--) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        for (int i = wanted + 1; i < layers.size(); i++) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        // Nothing flows yet (the call is starting): wait for the wanted layer's first keyframe.
        return wanted;
    }
}
