package org.parley.client.load;

import java.time.Duration;

/**
 * Who of a meeting's publishers speaks when. {@link #EVERYONE}: every publisher speaks a second and is silent a
 * second, all at once, with no DTX (the load generator's first pattern, a worst case for the speaker detection).
 * Otherwise {@code speakers} publishers speak at a time, in turns of {@code turn}: in turn k publishers k, k+1,
 * ..., k+speakers-1 (modulo the publishers) speak, so with two speakers each one speaks for two turns, overlapping
 * the next, like a conversation; the others are silent and send Opus-DTX-like sparse packets (one every 400 ms,
 * audio level 127). Turns count from the run's start.
 *
 * @param speakers publishers speaking at a time; 0 for {@link #EVERYONE}
 */
public record SpeakingPattern(int speakers, Duration turn) {
    public static final SpeakingPattern EVERYONE = new SpeakingPattern(0, Duration.ofSeconds(1));
    /** Time the SFU may take to hear a new speaker (its speaker timer and short window) before it counts. */
    public static final Duration HEARING_DELAY = Duration.ofSeconds(1);
    /** Turns shorter than this leave too little after {@link #HEARING_DELAY} to tell who was heard. */
    public static final Duration MIN_TURN = Duration.ofSeconds(2);

    public SpeakingPattern {
        if (speakers < 0) {
            throw new IllegalArgumentException("speakers " + speakers + "; 0 (everyone) or more");
        }
        if (turn == null || (speakers > 0 && turn.compareTo(MIN_TURN) < 0)) {
            throw new IllegalArgumentException("speaker turns of " + turn + "; at least " + MIN_TURN);
        }
    }

    public boolean everyone() {
        return speakers == 0;
    }

    /** Whether publisher {@code index} (0-based, of {@code publishers}) speaks {@code sinceStart} nanos into the run. */
    public boolean speaks(int index, int publishers, long sinceStart) {
        if (everyone()) {
            return ((Math.max(0, sinceStart) / 1_000_000_000L) % 2) == 0;
        }
        long k = turnOf(sinceStart);
        return Math.floorMod(index - k, publishers) < Math.min(speakers, publishers);
    }

    /** The turn {@code sinceStart} nanos into the run falls in (0 before the start). */
    public long turnOf(long sinceStart) {
        return Math.max(0, sinceStart) / turn.toNanos();
    }

    /** Whether publisher {@code index} speaks throughout turn {@code k}. */
    public boolean speaksIn(int index, int publishers, long k) {
        return !everyone() && Math.floorMod(index - k, publishers) < Math.min(speakers, publishers);
    }
}
