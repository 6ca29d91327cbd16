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
 * video gets its smallest layer while the budget lasts, and the rest are paused for bandwidth; then, in the same
 * order, each video steps up towards the layer its tile wants ({@link SimulcastLayerSelector}) with what is left.
 * The least important videos are thus the first to lose layers, then the first to pause.
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
     * now ({@link SimulcastLayerSelector#NONE} when none or paused).
     */
    record Video(String trackId, boolean screen, VideoConstraint constraint, List<SimulcastLayerSelector.Layer> layers,
            int current, boolean paused) {
    }

    /**
     * What a video gets: a layer, or paused for bandwidth; {@code share} is the bitrate to hand the selector so it
     * picks that layer ({@link SimulcastLayerSelector#UNLIMITED} when nothing above it is wanted).
     */
    record Decision(String trackId, int layer, boolean paused, long share) {
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
        int[] lowest = new int[count];
        boolean[] admitted = new boolean[count];
        for (int i = 0; i < count; i++) {
            Video video = ordered.get(i);
            lowest[i] = SimulcastLayerSelector.NONE;
            if (!video.constraint().visible()) {
                continue;
            }
            lowest[i] = lowestActive(video.layers());
            long cost = bitrate(video.layers(), lowest[i]);
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
            if (!video.constraint().visible()) {
                decisions.add(new Decision(video.trackId(), SimulcastLayerSelector.NONE, false, 0));
                continue;
            }
            if (!admitted[i]) {
                if (!video.paused()) {
                    downgradedAt.put(video.trackId(), nowNanos); // the hold runs from the pause, not while paused
                }
                decisions.add(new Decision(video.trackId(), SimulcastLayerSelector.NONE, true, 0));
                continue;
            }
            List<SimulcastLayerSelector.Layer> layers = video.layers();
            long floor = bitrate(layers, lowest[i]);
            double available = budget + floor;
            int fits = SimulcastLayerSelector.select(layers, video.constraint(), video.screen(), (long) available);
            int chosen = fits;
            int current = video.current();
            if (current != SimulcastLayerSelector.NONE && fits > current) {
                chosen = holding(video, nowNanos) ? current
                        : Math.max(current, SimulcastLayerSelector.select(layers, video.constraint(), video.screen(),
                                (long) (available / UP_HEADROOM)));
            }
            if (current != SimulcastLayerSelector.NONE && chosen < current) {
                downgradedAt.put(video.trackId(), nowNanos);
            }
            budget -= bitrate(layers, chosen) - floor;
            decisions.add(new Decision(video.trackId(), chosen, false, share(layers, video, chosen)));
        }
        downgradedAt.keySet().retainAll(videos.stream().map(Video::trackId).toList());
        return decisions;
    }

    private boolean holding(Video video, long nowNanos) {
        Long at = downgradedAt.get(video.trackId());
        return at != null && nowNanos - at < UPGRADE_HOLD_NANOS;
    }

    /**
     * A bitrate for which the selector picks {@code chosen}: halfway to the next flowing layer's bitrate, or
     * unlimited when no flowing layer above it could be picked anyway.
     */
    private static long share(List<SimulcastLayerSelector.Layer> layers, Video video, int chosen) {
        int wanted = SimulcastLayerSelector.select(layers, video.constraint(), video.screen(),
                SimulcastLayerSelector.UNLIMITED);
        if (chosen < 0 || chosen >= wanted) {
            return SimulcastLayerSelector.UNLIMITED;
        }
        for (int i = chosen + 1; i < layers.size(); i++) {
            if (layers.get(i).active()) {
                long own = layers.get(chosen).bitrate();
                long next = layers.get(i).bitrate();
                return Math.max(own, own + (next - own) / 2);
            }
        }
        return SimulcastLayerSelector.UNLIMITED;
    }

    private static int lowestActive(List<SimulcastLayerSelector.Layer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        return layers.isEmpty() ? SimulcastLayerSelector.NONE : 0;
    }

    private static long bitrate(List<SimulcastLayerSelector.Layer> layers, int index) {
        return index < 0 || index >= layers.size() ? 0 : layers.get(index).bitrate();
    }

    private static long area(VideoConstraint constraint) {
        return (long) constraint.width() * constraint.height();
    }
}
