package org.parley.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.parley.client.internal.ClientThreads;
import org.parley.webrtc.rtcp.RtcpWriter;
import org.parley.webrtc.rtp.ExtendedSequence;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;

/**
 * What a subscribe peer receives, per stream: packets, loss (from sequence numbers), retransmissions (RTX,
 * unwrapped), keyframes and the one-way delay read from each {@link SyntheticPayload}. Sends a receiver report
 * per stream every second, and PLIs and NACKs when asked to.
 */
public final class MediaReceiver implements MediaClientPeer.Listener, AutoCloseable {
    private static final long REPORT_INTERVAL_MILLIS = 1000;

    /**
     * One stream as received so far.
     *
     * @param lost packets expected (from the first to the highest sequence number) but not received
     * @param retransmissions RTX packets received (they are not counted in {@code packets})
     * @param meanDelayMillis mean of send-to-receive delays of packets carrying a synthetic stamp
     * @param padding padding-only RTX packets (a sender probing bandwidth): dropped, as a browser drops them before
     *        its decoder, and counted neither in {@code packets} nor in {@code retransmissions}
     */
    public record StreamStats(String mid, long ssrc, long packets, long lost, long retransmissions, long keyframes,
            double meanDelayMillis, double maxDelayMillis, long highestSequence, long padding) {
    }

    private final MediaClientPeer peer;
    private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> reports;

    private MediaReceiver(MediaClientPeer peer) {
        this.peer = peer;
        peer.addListener(this);
        reports = ClientThreads.TIMERS.scheduleAtFixedRate(this::sendReportsSafely, REPORT_INTERVAL_MILLIS,
                REPORT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    public static MediaReceiver attach(MediaClientPeer peer) {
        return new MediaReceiver(peer);
    }

    private static final class Stream {
        final RemoteTrack track;
        final ExtendedSequence sequence = new ExtendedSequence();
        long first = -1;
        long packets;
        long retransmissions;
        long padding;
        long keyframes;
        long delaySumNanos;
        long delayMaxNanos;
        long delayed;

        Stream(RemoteTrack track) {
            this.track = track;
        }

        synchronized StreamStats stats() {
            long expected = first < 0 ? 0 : sequence.highest() - first + 1;
            return new StreamStats(track.mid(), track.ssrc(), packets, Math.max(0, expected - packets),
                    retransmissions, keyframes, delayed == 0 ? 0 : delaySumNanos / 1e6 / delayed, delayMaxNanos / 1e6,
                    sequence.highest(), padding);
        }
    }

    @Override
    public void onRtp(byte[] packet, int length) {
        onPacket(packet, length, true);
    }

    /** Counted by its header: sequence numbers (loss) and packets, no keyframe or delay reading. */
    @Override
    public void onRtpUndecrypted(byte[] packet, int length) {
        onPacket(packet, length, false);
    }

    private void onPacket(byte[] packet, int length, boolean decrypted) {
        long now = System.nanoTime();
        long ssrc = RtpPacket.ssrc(packet, 0);
        List<RemoteTrack> tracks = peer.remoteTracks();
        for (int i = 0; i < tracks.size(); i++) {
            RemoteTrack track = tracks.get(i);
            if (track.ssrc() == ssrc) {
                Stream stream = streams.get(ssrc);
                if (stream == null) {
                    stream = streams.computeIfAbsent(ssrc, s -> new Stream(track));
                }
                synchronized (stream) {
                    long extended = stream.sequence.update(RtpPacket.sequenceNumber(packet, 0));
                    if (stream.first < 0 || extended < stream.first) {
                        stream.first = extended;
                    }
                    stream.packets++;
                    if (decrypted && track.isVideo() && SyntheticVideoSource.isKeyframeStart(packet, length)) {
                        stream.keyframes++;
                    }
                    if (decrypted) {
                        recordDelay(stream, packet, length, now);
                    }
                }
                return;
            }
            if (track.rtxSsrc() == ssrc && track.rtxSsrc() >= 0 && decrypted) {
                byte[] copy = java.util.Arrays.copyOf(packet, length);
                int original = Rtx.unwrap(copy, 0, length, track.payloadType(), track.ssrc());
                Stream stream = streams.computeIfAbsent(track.ssrc(), s -> new Stream(track));
                synchronized (stream) {
                    if (original > 0) {
                        stream.retransmissions++;
                    } else if (RtpPacket.padding(packet, 0) && RtpPacket.payloadLength(packet, 0, length) == 0) {
                        stream.padding++;
                    }
                }
                return;
            }
        }
    }

    private static void recordDelay(Stream stream, byte[] packet, int length, long now) {
        long sent = SyntheticPayload.sendNanos(packet, length);
        if (sent != SyntheticPayload.NO_STAMP) {
            long delay = now - sent;
            stream.delaySumNanos += delay;
            stream.delayMaxNanos = Math.max(stream.delayMaxNanos, delay);
            stream.delayed++;
        }
    }

    /** What arrived so far on the stream the latest offer put on {@code mid}; empty before its first packet. */
    public Optional<StreamStats> stats(String mid) {
        return peer.remoteTrack(mid).map(t -> streams.get(t.ssrc())).map(Stream::stats);
    }

    public List<StreamStats> allStats() {
        List<StreamStats> all = new ArrayList<>();
        for (Stream stream : streams.values()) {
            all.add(stream.stats());
        }
        return all;
    }

    /** Asks for a keyframe on the stream of {@code mid}; false when there is none or the peer is not connected. */
    public boolean sendPli(String mid) {
        Optional<RemoteTrack> track = peer.remoteTrack(mid);
        if (track.isEmpty() || track.get().ssrc() < 0) {
            return false;
        }
        byte[] buf = new byte[RtcpWriter.PLI_LENGTH];
        int len = RtcpWriter.pli(buf, 0, peer.receiverSsrc(), track.get().ssrc());
        return peer.sendRtcp(buf, 0, len);
    }

    /** NACKs the given sequence numbers of the stream of {@code mid}. */
    public boolean sendNack(String mid, int... sequences) {
        Optional<RemoteTrack> track = peer.remoteTrack(mid);
        if (track.isEmpty() || track.get().ssrc() < 0 || sequences.length == 0) {
            return false;
        }
        byte[] buf = new byte[12 + 4 * sequences.length];
        int len = RtcpWriter.nack(buf, 0, peer.receiverSsrc(), track.get().ssrc(), sequences, sequences.length);
        return peer.sendRtcp(buf, 0, len);
    }

    private void sendReportsSafely() {
        try {
            sendReports();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MediaReceiver.class).warn("Receiver report failed", e);
        }
    }

    private void sendReports() {
        if (peer.state() != MediaClientPeer.State.CONNECTED || streams.isEmpty()) {
            return;
        }
        List<Stream> current = new ArrayList<>(streams.values());
        byte[] buf = new byte[current.size() * (RtcpWriter.RECEIVER_REPORT_LENGTH + 24)];
        int len = 0;
        for (Stream stream : current) {
            StreamStats stats = stream.stats();
            len += RtcpWriter.receiverReport(buf, len, peer.receiverSsrc(), stats.ssrc(), 0, (int) stats.lost(),
                    Math.max(0, stats.highestSequence()), 0, 0, 0);
        }
        peer.sendRtcp(buf, 0, len);
    }

    @Override
    public void close() {
        reports.cancel(false);
        peer.removeListener(this);
    }
}
