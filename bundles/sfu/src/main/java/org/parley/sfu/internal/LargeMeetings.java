package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.parley.api.metrics.MetricSink;

/**
 * What keeps a large meeting from forwarding every stream to everyone, run by the SFU's speaker timer every
 * {@link #INTERVAL_MS} ms for each meeting: dominant speaker detection ({@link DominantSpeakerDetector},
 * announced with {@code dominant-speaker}), last-N video ({@link LastNPolicy}) and top-N audio
 * ({@link TopNAudio}) once a meeting has more publishers than the threshold, and dynacast ({@link Dynacast},
 * {@code publish-layers} to each simulcast publisher) in every meeting. N is lowered node-wide while the
 * forwarded packet rate is above its limit ({@link LastNPolicy#adjustForLoad}).
 */
final class LargeMeetings {
    static final int INTERVAL_MS = 300;
    private static final long LOAD_ADJUST_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How the SFU sends signaling messages. */
    interface Signals {
        void broadcast(String meetingId, Map<String, Object> message);

        void send(String meetingId, String participantId, Map<String, Object> message);
    }

    /** The settings, from {@link SfuConfig}. */
    record Settings(int lastN, int topNAudio, int largeMeetingThreshold, long maxForwardedPacketRate,
            boolean dynacast) {
        static Settings of(SfuConfig config) {
            return new Settings(Math.max(0, config.last_n()), Math.max(0, config.top_n_audio()),
                    Math.max(0, config.large_meeting_threshold()), Math.max(0, config.max_forwarded_packet_rate()),
                    config.dynacast());
        }
    }

    /** One meeting's speaker state; the timer thread writes it, signaling threads read the volatile parts. */
    private static final class MeetingState {
        final DominantSpeakerDetector detector = new DominantSpeakerDetector();
        final Map<String, List<String>> pinned = new ConcurrentHashMap<>();
        /** Track id → the rids last sent in publish-layers. */
        final Map<String, List<String>> publishedLayers = new HashMap<>();
        /** Who the last dominant-speaker message named, as a set: a new message goes out when it changes. */
        Set<String> announcedSpeakers = Set.of();
        String announcedDominant;
        volatile List<LastNPolicy.Video> ranked = List.of();
        volatile boolean large;
        int forwardedVideos;
        int limitedVideos;
        int pausedAudio;
        int pausedLayers;
    }

    private final Settings settings;
    private final Signals signals;
    private final Map<String, MeetingState> meetings = new ConcurrentHashMap<>();
    private final LongAdder dominantSpeakerChanges = new LongAdder();
    private final LongAdder publishLayersMessages = new LongAdder();
    private volatile int effectiveLastN;
    private long loadSampledAtNanos = System.nanoTime();
    private long forwardedAtSample;

    LargeMeetings(Settings settings, Signals signals) {
        this.settings = settings;
        this.signals = signals;
        this.effectiveLastN = settings.lastN();
    }

    /** The receiver's pinned videos (receive-video "pinned"): they come first in its last-N. */
    void pin(String meetingId, String participantId, List<String> trackIds) {
        MeetingState state = meetings.computeIfAbsent(meetingId, id -> new MeetingState());
        if (trackIds.isEmpty()) {
            state.pinned.remove(participantId);
        } else {
            state.pinned.put(participantId, List.copyOf(trackIds));
        }
    }

    /**
     * The video track ids this receiver may get, highest priority first: pinned, screens, the most recent
     * speakers. In a meeting below the threshold every video is listed (N unlimited); the order still says
     * what matters most, for cutting videos that do not fit the receiver's bandwidth.
     */
    List<String> videosFor(String meetingId, String receiverId) {
        MeetingState state = meetings.get(meetingId);
        if (state == null) {
            return List.of();
        }
        return LastNPolicy.videosFor(receiverId, state.ranked, state.pinned.getOrDefault(receiverId, List.of()),
                state.large ? effectiveLastN : LastNPolicy.UNLIMITED);
    }

    int effectiveLastN() {
        return effectiveLastN;
    }

    /** One round over every meeting; {@code forwardedTotal}: the node's RTP packets forwarded so far. */
    void evaluate(Collection<Conference> conferences, long forwardedTotal) {
        adjustForLoad(forwardedTotal);
        Set<String> live = new HashSet<>();
        for (Conference conference : conferences) {
            live.add(conference.meetingId);
            evaluate(conference, meetings.computeIfAbsent(conference.meetingId, id -> new MeetingState()));
        }
        meetings.keySet().retainAll(live);
    }

    private void adjustForLoad(long forwardedTotal) {
        long now = System.nanoTime();
        long elapsed = now - loadSampledAtNanos;
        if (elapsed < LOAD_ADJUST_NANOS) {
            return;
        }
        double rate = (forwardedTotal - forwardedAtSample) * 1e9 / elapsed;
        loadSampledAtNanos = now;
        forwardedAtSample = forwardedTotal;
        effectiveLastN = LastNPolicy.adjustForLoad(effectiveLastN, settings.lastN(), rate,
                settings.maxForwardedPacketRate());
    }

    private void evaluate(Conference conference, MeetingState state) {
        List<PublishedTrack> audio = new ArrayList<>();
        List<PublishedTrack> video = new ArrayList<>();
        Map<String, SpeechActivity.Interval> periods = new HashMap<>();
        int publishers = 0;
        Set<String> present = new HashSet<>();
        for (MediaParticipant participant : conference.participants()) {
            present.add(participant.id);
            Publication publication = participant.publication();
            List<PublishedTrack> tracks = publication == null ? List.of() : publication.tracks();
            if (!tracks.isEmpty()) {
                publishers++;
            }
            for (PublishedTrack track : tracks) {
                if (track.ended()) {
                    continue;
                }
                if (track.isVideo()) {
                    video.add(track);
                } else {
                    audio.add(track);
                    SpeechActivity.Interval period = track.speech.takeInterval();
                    periods.merge(participant.id, period, (a, b) -> a.speech() >= b.speech() ? a : b);
                }
            }
        }
        state.pinned.keySet().retainAll(present); // those who left
        DominantSpeakerDetector detector = state.detector;
        long changesBefore = detector.changes();
        if (detector.update(periods)) {
            dominantSpeakerChanges.add(detector.changes() - changesBefore);
            announce(conference.meetingId, state, detector);
        }
        boolean large = publishers > settings.largeMeetingThreshold();
        state.large = large;
        state.pausedAudio = TopNAudio.apply(audio, large ? TopNAudio.audible(detector, settings.topNAudio()) : null);
        limitVideos(conference, state, video, detector.recentSpeakers(), large);
        if (settings.dynacast()) {
            dynacast(conference, state, video);
        }
    }

    /**
     * Tells everyone when the dominant speaker changes or someone enters or leaves the recent speakers it
     * lists; a mere reordering among them is not worth a message to every participant.
     */
    private void announce(String meetingId, MeetingState state, DominantSpeakerDetector detector) {
        List<String> recent = detector.recentSpeakers();
        // Everyone hears of it: keep the list to the speakers a client can use (last-N's worth).
        List<String> shown = List.copyOf(recent.subList(0, Math.min(recent.size(), Math.max(settings.lastN(), 1))));
        Set<String> members = Set.copyOf(shown);
        if (java.util.Objects.equals(detector.dominant(), state.announcedDominant)
                && members.equals(state.announcedSpeakers)) {
            return;
        }
        state.announcedDominant = detector.dominant();
        state.announcedSpeakers = members;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "dominant-speaker");
        message.put("participantId", detector.dominant());
        message.put("speakers", shown);
        signals.broadcast(meetingId, message);
    }

    private void limitVideos(Conference conference, MeetingState state, List<PublishedTrack> video,
            List<String> recentSpeakers, boolean large) {
        List<LastNPolicy.Video> videos = new ArrayList<>(video.size());
        for (PublishedTrack track : video) {
            videos.add(new LastNPolicy.Video(track.id, track.owner.id, "screen".equals(track.source)));
        }
        List<LastNPolicy.Video> ranked = LastNPolicy.rank(videos, recentSpeakers);
        state.ranked = ranked;
        int limited = 0;
        for (MediaParticipant participant : conference.participants()) {
            Subscription subscription = participant.subscription();
            if (subscription == null) {
                continue;
            }
            if (!large) {
                subscription.limitVideos(null);
                continue;
            }
            List<String> allowed = LastNPolicy.videosFor(participant.id, ranked,
                    state.pinned.getOrDefault(participant.id, List.of()), effectiveLastN);
            limited += subscription.limitVideos(new HashSet<>(allowed));
        }
        int received = 0;
        for (PublishedTrack track : video) {
            received += track.subscriberCount();
        }
        state.forwardedVideos = large ? received - limited : 0;
        state.limitedVideos = limited;
    }

    private void dynacast(Conference conference, MeetingState state, List<PublishedTrack> video) {
        Set<String> present = new HashSet<>();
        int paused = 0;
        for (PublishedTrack track : video) {
            if (!track.simulcast()) {
                continue;
            }
            present.add(track.id);
            List<String> active = Dynacast.activeLayers(track);
            paused += track.layers.length - active.size();
            List<String> previous = state.publishedLayers.get(track.id);
            if (previous == null && active.size() == track.layers.length) {
                continue; // the browser starts with every layer on: nothing to say yet
            }
            if (!active.equals(previous)) {
                state.publishedLayers.put(track.id, active);
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("type", "publish-layers");
                message.put("trackId", track.id);
                message.put("mid", track.mid);
                message.put("active", active);
                signals.send(conference.meetingId, track.owner.id, message);
                publishLayersMessages.increment();
            }
        }
        state.publishedLayers.keySet().retainAll(present);
        state.pausedLayers = paused;
    }

    void collect(MetricSink sink) {
        int forwarded = 0;
        int limited = 0;
        int pausedAudio = 0;
        int pausedLayers = 0;
        int large = 0;
        for (MeetingState state : meetings.values()) {
            forwarded += state.forwardedVideos;
            limited += state.limitedVideos;
            pausedAudio += state.pausedAudio;
            pausedLayers += state.pausedLayers;
            large += state.large ? 1 : 0;
        }
        sink.counter("parley_sfu_dominant_speaker_changes_total", "Times a meeting's dominant speaker changed",
                dominantSpeakerChanges.sum());
        sink.gauge("parley_sfu_large_meetings", "Meetings above the large-meeting threshold (last-N, top-N audio)", large);
        sink.gauge("parley_sfu_last_n", "N of last-N video now (lowered under load)", effectiveLastN);
        sink.gauge("parley_sfu_last_n_videos", "Videos to receivers in large meetings, by whether last-N lets them through",
                Map.of("state", "forwarded"), forwarded);
        sink.gauge("parley_sfu_last_n_videos", "Videos to receivers in large meetings, by whether last-N lets them through",
                Map.of("state", "paused"), limited);
        sink.gauge("parley_sfu_top_n_audio_paused_tracks", "Microphones not forwarded now: not among the loudest (top-N audio)",
                pausedAudio);
        sink.gauge("parley_sfu_dynacast_paused_layers", "Simulcast layers publishers were told to stop encoding (dynacast)",
                pausedLayers);
        sink.counter("parley_sfu_publish_layers_messages_total", "publish-layers messages sent to publishers (dynacast)",
                publishLayersMessages.sum());
    }
}
