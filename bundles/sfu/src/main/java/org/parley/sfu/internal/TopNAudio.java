package org.parley.sfu.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Top-N audio: in a large meeting each receiver gets only the microphones of the few loudest participants and
 * the dominant speaker; the SFU drops the rest. A dropped microphone's subscribers are paused rather than left
 * with gaps ({@link SimulcastRewriter}), so when it is heard again its sequence numbers and timestamps go on
 * without a hole and the receiver's jitter buffer does not count the silence as loss.
 */
final class TopNAudio {
    private TopNAudio() {
    }

    /** The participants whose audio is forwarded: the {@code k} loudest now and the dominant speaker. */
    static Set<String> audible(DominantSpeakerDetector detector, int k) {
        Set<String> audible = new LinkedHashSet<>(detector.loudest(k));
        if (detector.dominant() != null) {
            audible.add(detector.dominant());
        }
        return audible;
    }

    /**
     * Forwards or pauses each audio track of the meeting; {@code audible} null: all of them (a meeting below the
     * large-meeting threshold). Returns how many audio tracks are paused.
     */
    static int apply(List<PublishedTrack> audioTracks, Set<String> audible) {
        int paused = 0;
        for (PublishedTrack track : audioTracks) {
            boolean forward = audible == null || audible.contains(track.owner.id);
            int target = forward ? 0 : SimulcastLayerSelector.NONE;
            if (!forward) {
                paused++;
            }
            for (DownTrack down : track.downTracks()) {
                if (down.rewriter.target() != target) {
                    down.rewriter.setTarget(target);
                }
            }
        }
        return paused;
    }
}
