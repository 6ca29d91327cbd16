package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which videos one receiver may get, in priority order (last-N): first the videos it pinned, then every screen
 * share (a screen is always on stage), then the cameras of the {@code n} most recent speakers other than itself;
 * while fewer than {@code n} people have spoken, the remaining places go to the other cameras in the order
 * they were published, so a meeting starts with faces rather than black tiles. What the receiver hides
 * (receive-video) it still does not get: the order says what it may get, not what it shows.
 *
 * <p>This order is also the hook for bandwidth allocation: what does not fit the receiver's bandwidth should
 * be cut from the end of the list.
 */
final class LastNPolicy {
    /** No limit on cameras: a meeting below the large-meeting threshold. */
    static final int UNLIMITED = Integer.MAX_VALUE;
    /** Fewest cameras the load rule lowers N to. */
    static final int MIN_N = 1;
    /** Below this share of the packet-rate limit, N climbs back by one per adjustment. */
    static final double RECOVER_BELOW = 0.8;

    /** One published video as the policy sees it. */
    record Video(String trackId, String participantId, boolean screen) {
    }

    private LastNPolicy() {
    }

    /**
     * The meeting's videos in the order last-N considers them, the same for every receiver: screen shares,
     * then cameras by how recently their owner spoke ({@code recentSpeakers}, most recent first), then the
     * cameras of those who have not spoken, in publish order ({@code videos} is in publish order).
     */
    static List<Video> rank(List<Video> videos, List<String> recentSpeakers) {
        Map<String, Integer> recency = new HashMap<>();
        for (int i = 0; i < recentSpeakers.size(); i++) {
            recency.putIfAbsent(recentSpeakers.get(i), i);
        }
        List<Video> ranked = new ArrayList<>(videos);
        // Stable: cameras of those who never spoke keep their publish order.
        ranked.sort(Comparator.comparingInt((Video video) -> video.screen() ? -1
                : recency.getOrDefault(video.participantId(), Integer.MAX_VALUE)));
        return ranked;
    }

    /**
     * The track ids {@code receiverId} may get, highest priority first: its pinned videos, every screen share,
     * then the cameras of the first {@code n} other participants in {@code ranked} ({@link #rank}).
     */
    static List<String> videosFor(String receiverId, List<Video> ranked, List<String> pinned, int n) {
        Set<String> chosen = new LinkedHashSet<>();
        if (!pinned.isEmpty()) {
            for (String trackId : pinned) {
                for (Video video : ranked) {
                    if (video.trackId().equals(trackId) && !video.participantId().equals(receiverId)) {
                        chosen.add(trackId);
                    }
                }
            }
        }
        int owners = 0;
        String lastOwner = null;
        for (Video video : ranked) {
            if (video.participantId().equals(receiverId)) {
                continue;
            }
            if (video.screen()) {
                chosen.add(video.trackId());
                continue;
            }
            if (!video.participantId().equals(lastOwner)) {
                // rank keeps one owner's cameras together: a new owner takes the next of the n places
                if (owners >= n) {
                    break;
                }
                owners++;
                lastOwner = video.participantId();
            }
            chosen.add(video.trackId());
        }
        return List.copyOf(chosen);
    }

    /**
     * The next N under load, adjusted about once a second from the node's forwarded RTP packet rate: above
     * {@code maxRate} N shrinks in proportion (the forwarded rate grows roughly with N), below
     * {@link #RECOVER_BELOW} of it N climbs back by one towards {@code configured}. {@code maxRate} 0: N stays
     * as configured.
     */
    static int adjustForLoad(int current, int configured, double forwardedPerSecond, long maxRate) {
        if (maxRate <= 0 || configured <= MIN_N) {
            return configured;
        }
        if (forwardedPerSecond > maxRate) {
            return Math.max(MIN_N, Math.min(current - 1, (int) Math.floor(current * maxRate / forwardedPerSecond)));
        }
        if (forwardedPerSecond < RECOVER_BELOW * maxRate && current < configured) {
            return current + 1;
        }
        return Math.min(current, configured);
    }
}
