package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.parley.api.metrics.MetricSink;

/**
 * The receivers' bandwidth as metrics and as the admin debug view. Per-receiver gauges would give the metrics
 * one series per participant, so they show the spread instead: the lowest, median and highest estimate.
 */
final class BandwidthReport {
    private BandwidthReport() {
    }

    static void collect(Iterable<Conference> conferences, MetricSink sink, long nowNanos) {
        List<Long> estimates = new ArrayList<>();
        int paused = 0;
        // Video down tracks by the temporal layer they get (a gauge per down track would be one series each)
        long[] byTemporal = new long[SimulcastLayerSelector.ALL_TEMPORAL + 1];
        long temporalDropped = 0;
        for (Conference conference : conferences) {
            for (MediaParticipant participant : conference.participants()) {
                Subscription subscription = participant.subscription();
                if (subscription == null || !subscription.transport.isConnected()) {
                    continue;
                }
                estimates.add(subscription.transport.bandwidth.estimate(nowNanos));
                paused += subscription.pausedForBandwidth().size();
                for (DownTrack down : subscription.downTracks()) {
                    if (down.track.isVideo() && down.rewriter.current() != SimulcastRewriter.NONE) {
                        byTemporal[temporalLayer(down)]++;
                        temporalDropped += down.rewriter.temporalDropped();
                    }
                }
            }
        }
        String temporalHelp = "Video down tracks being forwarded, by the temporal layer they get (all: every frame)";
        for (int t = 0; t < byTemporal.length; t++) {
            sink.gauge("parley_sfu_down_tracks_temporal_layer", temporalHelp,
                    Map.of("temporal", t == SimulcastLayerSelector.ALL_TEMPORAL ? "all" : String.valueOf(t)),
                    byTemporal[t]);
        }
        sink.gauge("parley_sfu_temporal_dropped_packets", "Packets the current down tracks dropped for being above "
                + "their temporal layer, since each started", temporalDropped);
        long[] sorted = estimates.stream().mapToLong(Long::longValue).sorted().toArray();
        sink.gauge("parley_sfu_receivers_estimated", "Connected receivers with a bandwidth estimate", sorted.length);
        if (sorted.length > 0) {
            String help = "Receivers' estimated bandwidth in bits/s: lowest, median and highest";
            sink.gauge("parley_sfu_receiver_bandwidth_estimate_bits", help, Map.of("stat", "min"), sorted[0]);
            sink.gauge("parley_sfu_receiver_bandwidth_estimate_bits", help, Map.of("stat", "median"),
                    sorted[sorted.length / 2]);
            sink.gauge("parley_sfu_receiver_bandwidth_estimate_bits", help, Map.of("stat", "max"),
                    sorted[sorted.length - 1]);
        }
        sink.gauge("parley_sfu_videos_paused_for_bandwidth", "Videos receivers want but get none of, for bandwidth",
                paused);
    }

    /** {@code {meetings: {meetingId: {receivers: [...]}}}} for {@code GET /api/admin/sfu}. */
    static Map<String, Object> snapshot(Iterable<Conference> conferences, long nowNanos) {
        Map<String, Object> meetings = new LinkedHashMap<>();
        for (Conference conference : conferences) {
            List<Map<String, Object>> receivers = new ArrayList<>();
            for (MediaParticipant participant : conference.participants()) {
                Subscription subscription = participant.subscription();
                if (subscription != null) {
                    receivers.add(receiver(participant, subscription, nowNanos));
                }
            }
            meetings.put(conference.meetingId, Map.of("receivers", receivers));
        }
        return Map.of("meetings", meetings);
    }

    private static Map<String, Object> receiver(MediaParticipant participant, Subscription subscription,
            long nowNanos) {
        BandwidthEstimator estimator = subscription.transport.bandwidth;
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("participantId", participant.id);
        receiver.put("connected", subscription.transport.isConnected());
        receiver.put("estimateBits", estimator.estimate(nowNanos));
        receiver.put("estimateSource", estimator.source().name().toLowerCase().replace('_', '-'));
        receiver.put("delaySignal", estimator.signal().name().toLowerCase());
        receiver.put("deliveredBits", estimator.deliveredBitrate());
        receiver.put("loss", estimator.lossFraction());
        // transport-cc gives no exact RTT; this bound includes the time the browser held its feedback
        receiver.put("feedbackDelayMillis", estimator.feedbackDelayMillis());
        receiver.put("transportCcFeedbacks", estimator.feedbacks());
        receiver.put("probe", subscription.transport.prober.snapshot(nowNanos));
        List<Map<String, Object>> tracks = new ArrayList<>();
        for (DownTrack down : Arrays.asList(subscription.downTracks())) {
            Map<String, Object> track = new LinkedHashMap<>();
            track.put("trackId", down.track.id);
            track.put("kind", down.track.kind);
            track.put("source", down.track.source);
            track.put("from", down.track.owner.id);
            if (down.track.isVideo()) {
                int layer = down.rewriter.current();
                track.put("layer", layer);
                track.put("rid", layer >= 0 && layer < down.track.layers.length ? down.track.layers[layer].rid : null);
                track.put("layerBits", layer >= 0 && layer < down.track.layers.length
                        ? down.track.layers[layer].bitrate : 0);
                TrackLayer forwarded = layer >= 0 && layer < down.track.layers.length ? down.track.layers[layer] : null;
                int temporalLayers = forwarded == null ? 0 : forwarded.temporalLayers();
                int temporal = temporalLayer(down);
                track.put("temporalLayers", temporalLayers);
                // null: every frame of a stream without temporal layers
                track.put("temporalLayer", temporalLayers == 0 ? null : Math.min(temporal, temporalLayers - 1));
                track.put("targetTemporalLayer", temporalLayers == 0 ? null
                        : Math.min(down.rewriter.targetTemporal(), temporalLayers - 1));
                double[] rates = forwarded == null ? new double[0] : forwarded.temporalFrameRates;
                track.put("frameRate", forwarded == null ? 0
                        : round(temporal < rates.length - 1 ? rates[temporal] : forwarded.frameRate));
                track.put("forwardedBits", forwarded == null ? 0 : forwarded.view(nowNanos).bitrate(temporal));
                track.put("temporalDroppedPackets", down.rewriter.temporalDropped());
                track.put("visible", down.constraint.visible());
                track.put("pausedForBandwidth", down.pausedForBandwidth);
            }
            tracks.add(track);
        }
        receiver.put("tracks", tracks);
        return receiver;
    }

    /** The temporal layer a forwarded video gets, {@link SimulcastLayerSelector#ALL_TEMPORAL} for every frame. */
    private static int temporalLayer(DownTrack down) {
        int temporal = down.rewriter.currentTemporal();
        int layer = down.rewriter.current();
        if (layer < 0 || layer >= down.track.layers.length) {
            return temporal;
        }
        int layers = down.track.layers[layer].temporalLayers();
        return layers == 0 || temporal >= layers - 1 ? SimulcastLayerSelector.ALL_TEMPORAL : temporal;
    }

    private static double round(double frameRate) {
        return Math.round(frameRate * 10) / 10.0;
    }
}
