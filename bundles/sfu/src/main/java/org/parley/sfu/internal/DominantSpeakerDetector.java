package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who speaks in one meeting: the dominant speaker, and everyone who spoke, most recent first. It is fed, every
 * evaluation period (the SFU's speaker timer, about 300 ms), how much of each participant's audio was speech
 * in that period ({@link SpeechActivity}).
 *
 * <p>In the spirit of Volfin and Cohen's dominant speaker identification, each participant has a short score
 * (the speech share of the last {@value #SHORT_PERIODS} periods, about a second) and a medium score (the last
 * {@value #MEDIUM_PERIODS} periods, about three seconds). Someone counts as speaking when both are high enough:
 * the short score says they speak now, the medium one that it is more than a cough or a "yes". A speaking
 * challenger takes over only once it speaks clearly more than the dominant speaker does now, so two people
 * talking at once do not make it flap, and in silence the last dominant speaker stays.
 *
 * <p>Not thread-safe: the speaker timer is its only user.
 */
final class DominantSpeakerDetector {
    static final int SHORT_PERIODS = 3;
    static final int MEDIUM_PERIODS = 10;
    /** Short score of someone speaking now: half of the last second was speech. */
    static final double SPEAKING_SHORT = 0.5;
    /** Medium score of someone speaking for real: about a second of speech in the last three. */
    static final double SPEAKING_MEDIUM = 0.3;
    /** How much more a challenger must speak now than the dominant speaker to take over. */
    static final double TAKEOVER_MARGIN = 0.2;

    private final Map<String, Speaker> speakers = new HashMap<>();
    /** Everyone who spoke, the dominant speaker first, then the others by when they last spoke. */
    private final List<String> recent = new ArrayList<>();
    private String dominant;
    private long changes;

    /** One participant's recent speech shares and loudness, in rings of {@link #MEDIUM_PERIODS}. */
    private static final class Speaker {
        final double[] speech = new double[MEDIUM_PERIODS];
        final double[] loudness = new double[MEDIUM_PERIODS];
        int next;

        void add(SpeechActivity.Interval interval) {
            speech[next] = interval.speech();
            loudness[next] = interval.loudness();
            next = (next + 1) % MEDIUM_PERIODS;
        }

        double mean(double[] ring, int periods) {
            double sum = 0;
            for (int i = 1; i <= periods; i++) {
                sum += ring[(next - i + MEDIUM_PERIODS) % MEDIUM_PERIODS];
            }
            return sum / periods;
        }

        double shortScore() {
            return mean(speech, SHORT_PERIODS);
        }

        double mediumScore() {
            return mean(speech, MEDIUM_PERIODS);
        }

        double shortLoudness() {
            return mean(loudness, SHORT_PERIODS);
        }

        boolean speaking() {
            return shortScore() >= SPEAKING_SHORT && mediumScore() >= SPEAKING_MEDIUM;
        }
    }

    /**
     * One evaluation period. {@code periods} names every participant who publishes audio now, with what their
     * microphone did in the period ({@link SpeechActivity.Interval#SILENT} when nothing arrived); anyone not
     * named has stopped publishing and is forgotten. Returns whether the dominant speaker or the order of
     * recent speakers changed.
     */
    boolean update(Map<String, SpeechActivity.Interval> periods) {
        String previousDominant = dominant;
        List<String> previousRecent = List.copyOf(recent);
        speakers.keySet().retainAll(periods.keySet());
        recent.retainAll(periods.keySet());
        for (Map.Entry<String, SpeechActivity.Interval> entry : periods.entrySet()) {
            speakers.computeIfAbsent(entry.getKey(), id -> new Speaker()).add(entry.getValue());
        }
        List<String> speakingNow = new ArrayList<>();
        for (Map.Entry<String, Speaker> entry : speakers.entrySet()) {
            if (entry.getValue().speaking()) {
                speakingNow.add(entry.getKey());
            }
        }
        speakingNow.sort(Comparator.comparingDouble((String id) -> speakers.get(id).shortScore()).reversed()
                .thenComparing(Comparator.naturalOrder()));
        // Those speaking now become the most recent, the one speaking most first.
        for (int i = speakingNow.size() - 1; i >= 0; i--) {
            recent.remove(speakingNow.get(i));
            recent.add(0, speakingNow.get(i));
        }
        if (dominant != null && !speakers.containsKey(dominant)) {
            dominant = null; // left: the most recent speaker follows, if any
        }
        if (!speakingNow.isEmpty()) {
            String challenger = speakingNow.get(0);
            if (dominant == null) {
                dominant = challenger;
            } else if (!challenger.equals(dominant)
                    && speakers.get(challenger).shortScore() > speakers.get(dominant).shortScore() + TAKEOVER_MARGIN) {
                dominant = challenger;
            }
        }
        if (dominant == null && !recent.isEmpty()) {
            dominant = recent.get(0);
        }
        if (dominant != null) {
            recent.remove(dominant);
            recent.add(0, dominant);
        }
        boolean dominantChanged = dominant != null && !dominant.equals(previousDominant);
        if (dominantChanged) {
            changes++;
        }
        return dominantChanged || !recent.equals(previousRecent);
    }

    /** The dominant speaker, or null before anyone spoke. */
    String dominant() {
        return dominant;
    }

    /** Everyone who spoke, the dominant speaker first, then by when they last spoke. */
    List<String> recentSpeakers() {
        return List.copyOf(recent);
    }

    /** How many times the dominant speaker changed (the first speaker counts). */
    long changes() {
        return changes;
    }

    /**
     * The {@code count} participants loudest now (speech share, then loudness, over the short window), loudest
     * first; among equals the more recent speaker wins, so silent participants do not swap places.
     */
    List<String> loudest(int count) {
        List<String> ranked = new ArrayList<>(recent);
        Set<String> spoke = new HashSet<>(recent);
        for (String id : speakers.keySet()) {
            if (!spoke.contains(id)) {
                ranked.add(id);
            }
        }
        // List.sort is stable: equals keep the order of recency.
        ranked.sort(Comparator.comparingDouble((String id) -> speakers.get(id).shortScore())
                .thenComparingDouble(id -> speakers.get(id).shortLoudness()).reversed());
        return ranked.subList(0, Math.min(count, ranked.size()));
    }
}
