package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shares one receiver's estimated bandwidth ({@link BandwidthEstimator}) among the videos it shows, audio first:
 * audio is never dropped, its bitrate (at least {@link #AUDIO_RESERVE} per track) comes off the top. Then, in order
 * of importance (screen shares, then cameras by speaker rank once last-N provides one, then by tile size), every
 * video gets the lowest step of its {@link SimulcastLayerSelector#ladder} (its smallest layer at its lowest frame
 * rate, when the stream has temporal layers) while the budget lasts, and the rest are paused for bandwidth; then,
 * in the same order, each video climbs its ladder towards the layer its tile wants with what is left. The least
 * important videos are thus the first to lose layers and frame rate, then the first to pause.
 *
 * <p>Against flapping: a step up (or resuming a paused video) needs {@link #UP_HEADROOM} times its bitrate to be
 * free, and a video that was stepped down or paused does not step up again for {@link #UPGRADE_HOLD_NANOS}.
 * One instance per receiver; called from the SFU's timer, not on the packet path.
 */
final class BandwidthAllocator {
    static final long AUDIO_RESERVE = 40_000;
    static final double UP_HEADROOM = 1.2;
    static final long UPGRADE_HOLD_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * The hook for speaker order (dominant speaker / last-N): a lower rank is more important, and ranks order
     * cameras before their tile size does. Until last-N lands every camera has the same rank.
     */
    interface SpeakerOrder {
        SpeakerOrder NONE = trackId -> Integer.MAX_VALUE;

        int rank(String trackId);
    }

    /**
     * One video the receiver gets: its layers as they stand, what the receiver asked for, and the layer it is on
     * now ({@link SimulcastLayerSelector#NONE} when none or paused) with its temporal layer.
     */
    record Video(String trackId, boolean screen, VideoConstraint constraint, List<SimulcastLayerSelector.Layer> layers,
            int current, int currentTemporal, boolean paused) {
        Video(String trackId, boolean screen, VideoConstraint constraint, List<SimulcastLayerSelector.Layer> layers,
                int current, boolean paused) {
            this(trackId, screen, constraint, layers, current, SimulcastLayerSelector.ALL_TEMPORAL, paused);
        }

        SimulcastLayerSelector.Choice currentChoice() {
            return new SimulcastLayerSelector.Choice(current, currentTemporal);
        }
    }

    /**
     * What a video gets: a layer and temporal layer, or paused for bandwidth; {@code share} is the bitrate to
     * hand the selector so it picks that choice ({@link SimulcastLayerSelector#UNLIMITED} when nothing above it is
     * wanted).
     */
    record Decision(String trackId, int layer, int temporal, boolean paused, long share) {
    }

    /** When each video last stepped down or paused, for the upgrade hold. */
    private final Map<String, Long> downgradedAt = new HashMap<>();

    List<Decision> allocate(long estimate, long audioBitrate, List<Video> videos, SpeakerOrder speakers,
            long nowNanos) {
        List<Video> ordered = new ArrayList<>(videos);
        ordered.sort(Comparator.comparing((Video v) -> !v.screen())
                .thenComparingInt(v -> speakers.rank(v.trackId()))
                .thenComparingLong(v -> -area(v.constraint()))
                .thenComparing(Video::trackId));
        double budget = estimate - audioBitrate;
        int count = ordered.size();
        List<List<SimulcastLayerSelector.Choice>> ladders = new ArrayList<>(count);
        boolean[] admitted = new boolean[count];
        for (int i = 0; i < count; i++) {
            Video video = ordered.get(i);
            List<SimulcastLayerSelector.Choice> ladder = SimulcastLayerSelector.ladder(video.layers(),
                    video.constraint(), video.screen());
            ladders.add(ladder);
            if (ladder.isEmpty()) {
                continue;
            }
            long cost = SimulcastLayerSelector.bitrate(video.layers(), ladder.get(0));
            boolean resuming = video.paused();
            double needed = resuming ? cost * UP_HEADROOM : cost;
            if (needed <= budget && !(resuming && holding(video, nowNanos))) {
                admitted[i] = true;
                budget -= cost;
            }
        }
        List<Decision> decisions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Video video = ordered.get(i);
            List<SimulcastLayerSelector.Choice> ladder = ladders.get(i);
            if (ladder.isEmpty()) {
                decisions.add(new Decision(video.trackId(), SimulcastLayerSelector.NONE,
                        SimulcastLayerSelector.ALL_TEMPORAL, false, 0));
                continue;
            }
            if (!admitted[i]) {
                if (!video.paused()) {
                    downgradedAt.put(video.trackId(), nowNanos); // the hold runs from the pause, not while paused
                }
                decisions.add(new Decision(video.trackId(), SimulcastLayerSelector.NONE,
                        SimulcastLayerSelector.ALL_TEMPORAL, true, 0));
                continue;
            }
            List<SimulcastLayerSelector.Layer> layers = video.layers();
            long floor = SimulcastLayerSelector.bitrate(layers, ladder.get(0));
            double available = budget + floor;
            SimulcastLayerSelector.Choice fits = SimulcastLayerSelector.choose(layers, video.constraint(),
                    video.screen(), (long) available);
            SimulcastLayerSelector.Choice chosen = fits;
            boolean onLayer = video.current() != SimulcastLayerSelector.NONE;
            SimulcastLayerSelector.Choice current = video.currentChoice();
            if (onLayer && fits.compareTo(current) > 0) {
                if (holding(video, nowNanos)) {
                    chosen = current;
                } else {
                    SimulcastLayerSelector.Choice withHeadroom = SimulcastLayerSelector.choose(layers,
                            video.constraint(), video.screen(), (long) (available / UP_HEADROOM));
                    chosen = withHeadroom.compareTo(current) > 0 ? withHeadroom : current;
                }
            }
            if (onLayer && chosen.compareTo(current) < 0) {
                downgradedAt.put(video.trackId(), nowNanos);
            }
            budget -= SimulcastLayerSelector.bitrate(layers, chosen) - floor;
            decisions.add(new Decision(video.trackId(), chosen.spatial(), chosen.temporal(), false,
                    share(layers, ladder, chosen)));
        }
        downgradedAt.keySet().retainAll(videos.stream().map(Video::trackId).toList());
        return decisions;
    }

    private boolean holding(Video video, long nowNanos) {
        Long at = downgradedAt.get(video.trackId());
        return at != null && nowNanos - at < UPGRADE_HOLD_NANOS;
    }

    /**
     * A bitrate for which the selector picks {@code chosen}: halfway to the cheapest step above it on the
     * ladder, or unlimited when no step above it could be picked anyway.
     */
    private static long share(List<SimulcastLayerSelector.Layer> layers, List<SimulcastLayerSelector.Choice> ladder,
            SimulcastLayerSelector.Choice chosen) {
        long own = SimulcastLayerSelector.bitrate(layers, chosen);
        long next = Long.MAX_VALUE;
        for (SimulcastLayerSelector.Choice step : ladder) {
            if (step.compareTo(chosen) > 0) {
                next = Math.min(next, SimulcastLayerSelector.bitrate(layers, step));
            }
        }
        if (next == Long.MAX_VALUE) {
            return SimulcastLayerSelector.UNLIMITED;
        }
        return Math.max(own, own + (next - own) / 2);
    }

    private static long area(VideoConstraint constraint) {
        return (long) constraint.width() * constraint.height();
    }
}
