package org.parley.sfu.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.parley.api.metrics.MetricSink;

/** What the media port saw: packets and bytes each way, and every drop by its reason. Increments do not allocate. */
final class MediaCounters {

    /** Why a datagram was dropped; each is a label value of {@code parley_sfu_dropped_packets_total}. */
    enum Drop {
        UNKNOWN_PROTOCOL("unknown-protocol"),
        OVERSIZED("oversized"),
        STUN_MALFORMED("stun-malformed"),
        STUN_UNKNOWN_USER("stun-unknown-user"),
        STUN_BAD_INTEGRITY("stun-bad-integrity"),
        STUN_BAD_FINGERPRINT("stun-bad-fingerprint"),
        FOREIGN_ADDRESS("foreign-address"),
        UNKNOWN_ADDRESS("unknown-address"),
        NOT_READY("not-ready"),
        SRTP_MALFORMED("srtp-malformed"),
        SRTP_AUTH_FAILED("srtp-auth-failed"),
        SRTP_REPLAYED("srtp-replayed"),
        RTP_MALFORMED("rtp-malformed"),
        RTCP_MALFORMED("rtcp-malformed"),
        UNKNOWN_SSRC("unknown-ssrc"),
        UNKNOWN_PAYLOAD_TYPE("unknown-payload-type"),
        DTLS_QUEUE_FULL("dtls-queue-full"),
        SEND_FAILED("send-failed");

        final String label;

        Drop(String label) {
            this.label = label;
        }
    }

    final LongAdder packetsIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder rtpForwarded = new LongAdder();
    final LongAdder rtcpIn = new LongAdder();
    final LongAdder stunRequests = new LongAdder();
    final LongAdder keyframeRequests = new LongAdder();
    final LongAdder nacksReceived = new LongAdder();
    final LongAdder nacksSent = new LongAdder();
    final LongAdder retransmissions = new LongAdder();
    final LongAdder dtlsHandshakes = new LongAdder();
    final LongAdder dtlsFailures = new LongAdder();
    /** Audio packets not sent to a subscriber because top-N audio left that microphone out. */
    final LongAdder topNAudioDropped = new LongAdder();
    /** Bandwidth probes started, their clusters sent, and the padding packets and bytes (RTP) they took. */
    final LongAdder probes = new LongAdder();
    final LongAdder probeClusters = new LongAdder();
    final LongAdder probePackets = new LongAdder();
    final LongAdder probeBytes = new LongAdder();
    private final Map<ProbeController.Outcome, LongAdder> probeOutcomes = new EnumMap<>(ProbeController.Outcome.class);
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);

    MediaCounters() {
        for (Drop drop : Drop.values()) {
            drops.put(drop, new LongAdder());
        }
        for (ProbeController.Outcome outcome : ProbeController.Outcome.values()) {
            probeOutcomes.put(outcome, new LongAdder());
        }
    }

    LongAdder probeOutcome(ProbeController.Outcome outcome) {
        return probeOutcomes.get(outcome);
    }

    void drop(Drop reason) {
        drops.get(reason).increment();
    }

    long dropped(Drop reason) {
        return drops.get(reason).sum();
    }

    void collect(MetricSink sink) {
        sink.counter("parley_sfu_packets_received_total", "Datagrams read from the media port", packetsIn.sum());
        sink.counter("parley_sfu_bytes_received_total", "Bytes read from the media port", bytesIn.sum());
        sink.counter("parley_sfu_packets_sent_total", "Datagrams written to the media port", packetsOut.sum());
        sink.counter("parley_sfu_bytes_sent_total", "Bytes written to the media port", bytesOut.sum());
        sink.counter("parley_sfu_rtp_forwarded_total", "RTP packets forwarded to subscribers", rtpForwarded.sum());
        sink.counter("parley_sfu_rtcp_received_total", "RTCP compound packets received", rtcpIn.sum());
        sink.counter("parley_sfu_stun_requests_total", "STUN binding requests answered", stunRequests.sum());
        sink.counter("parley_sfu_keyframe_requests_total", "PLIs sent to publishers", keyframeRequests.sum());
        sink.counter("parley_sfu_nacks_received_total", "NACKed packets asked for by subscribers", nacksReceived.sum());
        sink.counter("parley_sfu_nacks_sent_total", "Packets the SFU asked publishers to resend (gaps it saw)", nacksSent.sum());
        sink.counter("parley_sfu_retransmissions_total", "Packets resent from the retransmission cache", retransmissions.sum());
        sink.counter("parley_sfu_dtls_handshakes_total", "DTLS handshakes completed", dtlsHandshakes.sum());
        sink.counter("parley_sfu_dtls_failures_total", "DTLS handshakes that failed", dtlsFailures.sum());
        sink.counter("parley_sfu_top_n_audio_dropped_total", "Audio packets not forwarded to a receiver: not among the loudest (top-N audio)",
                topNAudioDropped.sum());
        sink.counter("parley_sfu_probes_total", "Bandwidth probes started (initial, or the allocation was limited by the estimate)",
                probes.sum());
        sink.counter("parley_sfu_probe_clusters_total", "Probe clusters of padding sent", probeClusters.sum());
        sink.counter("parley_sfu_probe_packets_total", "Padding packets sent to probe bandwidth", probePackets.sum());
        sink.counter("parley_sfu_probe_bytes_total", "Bytes (RTP) of padding sent to probe bandwidth", probeBytes.sum());
        for (Map.Entry<ProbeController.Outcome, LongAdder> entry : probeOutcomes.entrySet()) {
            sink.counter("parley_sfu_probe_results_total", "Bandwidth probes by outcome: raised the estimate, no gain, no result",
                    Map.of("outcome", entry.getKey().label()), entry.getValue().sum());
        }
        for (Map.Entry<Drop, LongAdder> entry : drops.entrySet()) {
            sink.counter("parley_sfu_dropped_packets_total", "Datagrams dropped, by reason",
                    Map.of("reason", entry.getKey().label), entry.getValue().sum());
        }
    }
}
