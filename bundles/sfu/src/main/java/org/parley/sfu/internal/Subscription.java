package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.parley.api.signaling.SignalingException;

/**
 * What one participant receives, over its subscribe transport, and the offer/answer exchange that keeps the
 * browser's view of it current. The SFU is always the offerer here: each change (a track published or
 * ended) marks the session dirty, and one offer at a time goes out; the next waits for the answer. An
 * m-line whose track ended turns inactive and is reused by the next track of its kind, so the SDP does not
 * grow without bound as people come and go.
 */
final class Subscription {
    /** One m-line of the subscribe session. */
    static final class Slot {
        final String mid;
        final String kind;
        PublishedTrack track;
        /** Attached once the browser answered an offer that carries the track. */
        DownTrack down;
        /** The track as last offered, so an answer attaches what that offer announced. */
        PublishedTrack offered;

        Slot(String mid, String kind) {
            this.mid = mid;
            this.kind = kind;
        }
    }

    final MediaParticipant owner;
    final MediaTransport transport;
    private final SubscribeNegotiator negotiator;
    private final Consumer<Map<String, Object>> sender;
    private final List<Slot> slots = new ArrayList<>();
    private volatile DownTrack[] attached = new DownTrack[0];
    /** Track id → what the browser last said about showing it. */
    private Map<String, VideoConstraint> videoConstraints = Map.of();
    private final BandwidthAllocator allocator = new BandwidthAllocator();
    private List<String> pausedForBandwidth = List.of();
    /** The videos last-N lets this receiver have, or null for all ({@link LargeMeetings}). */
    private Set<String> allowedVideos;
    private long version;
    private boolean awaitingAnswer;
    private boolean dirty;
    private int nextMid;
    /** How many slots the latest offer had: slots added after it are not in its answer. */
    private int offeredSlots;

    Subscription(MediaParticipant owner, MediaTransport transport, SubscribeNegotiator negotiator,
            Consumer<Map<String, Object>> sender) {
        this.owner = owner;
        this.transport = transport;
        this.negotiator = negotiator;
        this.sender = sender;
    }

    synchronized void add(PublishedTrack track) {
        for (Slot slot : slots) {
            if (slot.track == track) {
                return;
            }
        }
        Slot free = null;
        for (Slot slot : slots) {
            if (slot.track == null && slot.down == null && slot.offered == null && slot.kind.equals(track.kind)) {
                free = slot;
                break;
            }
        }
        if (free == null) {
            free = new Slot(String.valueOf(nextMid++), track.kind);
            slots.add(free);
        }
        free.track = track;
        dirty = true;
    }

    /** Stops forwarding the track at once; the browser learns of it in the next offer. */
    synchronized void remove(PublishedTrack track) {
        for (Slot slot : slots) {
            if (slot.track == track) {
                slot.track = null;
                detach(slot);
                dirty = true;
            }
        }
    }

    /** Sends an offer for the changes made since the last one, unless one is still waiting for its answer. */
    synchronized void flush() {
        offerIfNeeded();
    }

    private void detach(Slot slot) {
        if (slot.down != null) {
            slot.down.track.detach(slot.down);
            slot.down = null;
            refreshAttached();
        }
    }

    private void refreshAttached() {
        List<DownTrack> downs = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.down != null) {
                downs.add(slot.down);
            }
        }
        attached = downs.toArray(DownTrack[]::new);
    }

    private void offerIfNeeded() {
        if (awaitingAnswer || !dirty) {
            return;
        }
        boolean anything = slots.stream().anyMatch(s -> s.track != null || s.down != null);
        if (!anything && version == 0) {
            return; // nothing to receive yet: the first offer waits for the first track
        }
        dirty = false;
        awaitingAnswer = true;
        version++;
        List<Map<String, Object>> tracks = new ArrayList<>();
        offeredSlots = slots.size();
        for (Slot slot : slots) {
            slot.offered = slot.track;
            if (slot.track != null) {
                tracks.add(Map.of("mid", slot.mid, "participantId", slot.track.owner.id, "kind", slot.track.kind,
                        "source", slot.track.source, "trackId", slot.track.id));
            }
        }
        String sdp = negotiator.offer(transport, slots, version);
        sender.accept(Map.of("type", "offer", "connection", "subscribe", "sdp", sdp, "revision", version,
                "tracks", tracks));
    }

    /** The browser's answer to our latest offer: start forwarding what it accepted. */
    synchronized void onAnswer(String sdp) throws SignalingException {
        if (!awaitingAnswer) {
            throw new SignalingException("unexpected-answer", "No subscribe offer is waiting for an answer");
        }
        SubscribeNegotiator.Answer answer;
        try {
            answer = negotiator.readAnswer(sdp, slots.subList(0, offeredSlots));
        } catch (SignalingException e) {
            // Offer again rather than wait for a second answer that a browser would never send.
            awaitingAnswer = false;
            dirty = true;
            offerIfNeeded();
            throw e;
        }
        transport.setRemote(answer.iceUfrag(), answer.fingerprintHash(), answer.fingerprint());
        awaitingAnswer = false;
        for (Slot slot : slots.subList(0, offeredSlots)) {
            PublishedTrack offered = slot.offered;
            boolean live = offered != null && offered == slot.track && !offered.ended()
                    && !answer.rejected().contains(slot.mid);
            if (slot.down != null && (!live || slot.down.track != offered)) {
                detach(slot);
            }
            if (live && slot.down == null) {
                int rtx = answer.rtxAccepted().contains(slot.mid) ? offered.codec.outRtxPayloadType() : -1;
                slot.down = new DownTrack(offered, transport, slot.mid, rtx, effectiveConstraint(offered));
                offered.attach(slot.down);
                refreshAttached();
                if (transport.isConnected()) {
                    slot.down.requestKeyframe(null);
                }
            }
            if (offered == null && slot.track == null) {
                slot.offered = null;
            }
        }
        offerIfNeeded();
    }

    /** The subscribe transport just finished DTLS: ask every sender for a keyframe so video starts at once. */
    void onConnected() {
        for (DownTrack down : attached) {
            down.requestKeyframe(null);
        }
    }

    /**
     * What the browser shows (receive-video): each video it names gets the layer that fits its size, or none
     * when hidden; a video it does not name gets the default. Replaces what it said before.
     */
    synchronized void setVideoConstraints(Map<String, VideoConstraint> constraints) {
        videoConstraints = Map.copyOf(constraints);
        constrainVideos();
    }

    /**
     * Last-N: only these videos may go to this receiver (null: all), still as its receive-video says; the
     * others pause. Returns how many of the videos it receives are paused by the limit.
     */
    synchronized int limitVideos(Set<String> allowed) {
        if (!java.util.Objects.equals(allowed, allowedVideos)) {
            allowedVideos = allowed == null ? null : Set.copyOf(allowed);
            constrainVideos();
        }
        int limited = 0;
        for (DownTrack down : attached) {
            if (down.track.isVideo() && allowedVideos != null && !allowedVideos.contains(down.track.id)) {
                limited++;
            }
        }
        return limited;
    }

    private void constrainVideos() {
        for (DownTrack down : attached) {
            if (down.track.isVideo()) {
                down.track.constrain(down, effectiveConstraint(down.track), null);
            }
        }
    }

    /** What the receiver said about a video, hidden when last-N does not let it through. */
    private VideoConstraint effectiveConstraint(PublishedTrack track) {
        if (track.isVideo() && allowedVideos != null && !allowedVideos.contains(track.id)) {
            return VideoConstraint.HIDDEN;
        }
        return videoConstraints.getOrDefault(track.id, VideoConstraint.UNSPECIFIED);
    }

    /**
     * Shares the receiver's estimated bandwidth among its videos ({@link BandwidthAllocator}) and tells the
     * receiver when the set of videos paused for bandwidth changes; from the SFU's timer.
     */
    synchronized void allocateBandwidth(long nowNanos, BandwidthAllocator.SpeakerOrder speakers) {
        List<DownTrack> downs = List.of(attached);
        List<BandwidthAllocator.Video> videos = new ArrayList<>();
        Map<String, DownTrack> byTrack = new java.util.HashMap<>();
        long audio = 0;
        for (DownTrack down : downs) {
            PublishedTrack track = down.track;
            if (!track.isVideo()) {
                audio += Math.max(BandwidthAllocator.AUDIO_RESERVE, track.layers[0].bitrate);
                continue;
            }
            byTrack.put(track.id, down);
            videos.add(new BandwidthAllocator.Video(track.id, "screen".equals(track.source), down.constraint,
                    track.layerViews(nowNanos), down.rewriter.target(), down.rewriter.targetTemporal(),
                    down.pausedForBandwidth));
        }
        List<String> paused = new ArrayList<>();
        // A receiver that has never sent congestion feedback (transport-cc or REMB) gives nothing to estimate
        // from: it is not held to the start value, as it was not before estimation existed.
        long available = transport.bandwidth.source() == BandwidthEstimator.Source.INITIAL
                ? SimulcastLayerSelector.UNLIMITED
                : transport.bandwidth.estimate(nowNanos);
        for (BandwidthAllocator.Decision decision : allocator.allocate(available, audio, videos, speakers,
                nowNanos)) {
            DownTrack down = byTrack.get(decision.trackId());
            boolean changed = down.pausedForBandwidth != decision.paused() || down.bitrateShare != decision.share();
            down.pausedForBandwidth = decision.paused();
            down.bitrateShare = decision.share();
            if (changed) {
                down.track.constrain(down, down.constraint, null);
            }
            if (decision.paused()) {
                paused.add(decision.trackId());
            }
        }
        java.util.Collections.sort(paused);
        if (!paused.equals(pausedForBandwidth)) {
            pausedForBandwidth = List.copyOf(paused);
            sender.accept(Map.of("type", "video-paused", "tracks", pausedForBandwidth, "reason", "bandwidth"));
        }
        probe(nowNanos, videos, audio, byTrack);
    }

    /**
     * Hands the prober what the videos would take if bandwidth allowed (each at the layer its tile wants, plus
     * the audio, with the allocator's step-up headroom) and a video to send padding on: one with RTX, preferably
     * one that flows.
     */
    private void probe(long nowNanos, List<BandwidthAllocator.Video> videos, long audio,
            Map<String, DownTrack> byTrack) {
        if (transport.prober == null) {
            return;
        }
        double wanted = audio;
        DownTrack via = null;
        for (BandwidthAllocator.Video video : videos) {
            int ideal = SimulcastLayerSelector.select(video.layers(), video.constraint(), video.screen(),
                    SimulcastLayerSelector.UNLIMITED);
            if (ideal >= 0) {
                wanted += video.layers().get(ideal).bitrate();
            }
            DownTrack down = byTrack.get(video.trackId());
            if (down.rtxPayloadType >= 0 && (via == null || via.pausedForBandwidth && !down.pausedForBandwidth)) {
                via = down;
            }
        }
        transport.prober.onAllocation(nowNanos, (long) (wanted * BandwidthAllocator.UP_HEADROOM), via);
    }

    /** The videos paused for bandwidth as the receiver was last told, sorted. */
    synchronized List<String> pausedForBandwidth() {
        return pausedForBandwidth;
    }

    DownTrack[] downTracks() {
        return attached;
    }

    DownTrack downTrackBySsrc(long outSsrc) {
        for (DownTrack down : attached) {
            if (down.track.outSsrc == outSsrc || down.track.outRtxSsrc == outSsrc) {
                return down;
            }
        }
        return null;
    }

    synchronized void close() {
        for (Slot slot : slots) {
            detach(slot);
            slot.track = null;
        }
    }

    synchronized int receivedTracks() {
        return attached.length;
    }
}
