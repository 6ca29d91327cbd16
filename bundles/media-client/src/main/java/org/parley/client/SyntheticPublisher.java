package org.parley.client;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.parley.client.internal.ClientThreads;
import org.parley.webrtc.rtcp.Nacks;
import org.parley.webrtc.rtcp.RtcpCompound;
import org.parley.webrtc.rtcp.RtcpException;
import org.parley.webrtc.rtcp.RtcpVisitor;
import org.parley.webrtc.rtcp.RtcpWriter;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.rtp.Rtx;

/**
 * Sends synthetic audio (50 packets a second) and video (the given frame rate) over a connected publish peer, as a
 * browser would: a keyframe first and whenever a PLI or FIR asks for one, retransmissions as RTX for NACKed video
 * packets still in its history, and a sender report per stream every second.
 */
public final class SyntheticPublisher implements MediaClientPeer.Listener, AutoCloseable {
    private static final int HISTORY = 1024;
    private static final long REPORT_INTERVAL_MILLIS = 1000;
    /** Seconds from 1900 (NTP) to 1970 (Unix). */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private final MediaClientPeer peer;
    private final SyntheticAudioSource audio;
    private final SyntheticVideoSource video;
    private final byte[][] history = new byte[HISTORY][];
    private final AtomicBoolean keyframeWanted = new AtomicBoolean(true);
    private final AtomicLong plis = new AtomicLong();
    private final AtomicLong nacks = new AtomicLong();
    private final AtomicLong retransmissions = new AtomicLong();
    private final AtomicLong audioOctets = new AtomicLong();
    private final AtomicLong videoOctets = new AtomicLong();
    private final List<ScheduledFuture<?>> tasks;
    private int rtxSequence = (int) (Math.random() * 0x10000);

    private SyntheticPublisher(MediaClientPeer peer, SyntheticAudioSource audio, SyntheticVideoSource video) {
        this.peer = peer;
        this.audio = audio;
        this.video = video;
        peer.addListener(this);
        List<ScheduledFuture<?>> scheduled = new java.util.ArrayList<>();
        scheduled.add(ClientThreads.TIMERS.scheduleAtFixedRate(guarded(this::sendAudio), 0,
                SyntheticAudioSource.PACKET_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
        if (video != null) {
            scheduled.add(ClientThreads.TIMERS.scheduleAtFixedRate(guarded(this::sendVideo), 0,
                    1_000_000 / video.framesPerSecond(), TimeUnit.MICROSECONDS));
        }
        scheduled.add(ClientThreads.TIMERS.scheduleAtFixedRate(guarded(this::sendReports), REPORT_INTERVAL_MILLIS,
                REPORT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
        tasks = List.copyOf(scheduled);
    }

    /** Starts sending over {@code peer} (connected, or packets are dropped until it is) the streams its offer announced. */
    public static SyntheticPublisher start(MediaClientPeer peer, int framesPerSecond) {
        return new SyntheticPublisher(peer, SyntheticAudioSource.forPublisher(peer),
                SyntheticVideoSource.forPublisher(peer, framesPerSecond));
    }

    /**
     * Starts sending audio and, when {@code video} is not null, that video source (numbered as the peer's offer
     * announces, e.g. {@link SyntheticVideoSource#forPublisher(MediaClientPeer, int, int)}); without video the
     * offer's video m-line should not be sendonly, or the SFU announces a track that never carries anything.
     */
    public static SyntheticPublisher start(MediaClientPeer peer, SyntheticVideoSource video) {
        return new SyntheticPublisher(peer, SyntheticAudioSource.forPublisher(peer), video);
    }

    /** As {@link #start(MediaClientPeer, SyntheticVideoSource)} with an audio source of the caller's (a schedule, DTX). */
    public static SyntheticPublisher start(MediaClientPeer peer, SyntheticAudioSource audio,
            SyntheticVideoSource video) {
        return new SyntheticPublisher(peer, audio, video);
    }

    private static Runnable guarded(Runnable task) {
        // A scheduled task that throws is never run again; one failed send must not silence the stream.
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SyntheticPublisher.class).warn("Synthetic send failed", e);
            }
        };
    }

    private void sendAudio() {
        if (peer.state() != MediaClientPeer.State.CONNECTED) {
            return;
        }
        byte[] buf = new byte[256];
        int len;
        synchronized (audio) {
            len = audio.next(buf, System.nanoTime());
        }
        if (len > 0 && peer.sendRtp(buf, 0, len)) {
            audioOctets.addAndGet(len - RtpPacket.headerLength(buf, 0, len));
        }
    }

    private void sendVideo() {
        if (peer.state() != MediaClientPeer.State.CONNECTED) {
            return;
        }
        List<byte[]> frame;
        synchronized (video) {
            frame = video.nextFrame(keyframeWanted.getAndSet(false), System.nanoTime());
        }
        for (byte[] packet : frame) {
            synchronized (history) {
                history[RtpPacket.sequenceNumber(packet, 0) % HISTORY] = packet;
            }
            if (peer.sendRtp(packet, 0, packet.length)) {
                videoOctets.addAndGet(packet.length - RtpPacket.headerLength(packet, 0, packet.length));
            }
        }
    }

    private void sendReports() {
        if (peer.state() != MediaClientPeer.State.CONNECTED) {
            return;
        }
        long millis = System.currentTimeMillis();
        long ntp = ((millis / 1000 + NTP_EPOCH_OFFSET) << 32) | (((millis % 1000) << 32) / 1000);
        byte[] buf = new byte[2 * RtcpWriter.SENDER_REPORT_LENGTH];
        int len;
        synchronized (audio) {
            len = RtcpWriter.senderReport(buf, 0, audio.ssrc(), ntp, audio.timestamp(), audio.packets(),
                    audioOctets.get());
        }
        if (video != null) {
            synchronized (video) {
                len += RtcpWriter.senderReport(buf, len, video.ssrc(), ntp, video.timestamp(), video.packets(),
                        videoOctets.get());
            }
        }
        peer.sendRtcp(buf, 0, len);
    }

    /** The next video frame will be a keyframe. */
    public void requestKeyframe() {
        keyframeWanted.set(true);
    }

    @Override
    public void onRtcp(byte[] packet, int length) {
        try {
            RtcpCompound.forEach(packet, 0, length, feedback);
        } catch (RtcpException e) {
            // The SFU's RTCP is authenticated; a malformed compound is its bug, and nothing here can repair it.
        }
    }

    private final RtcpVisitor feedback = new RtcpVisitor() {
        @Override
        public void onPli(long senderSsrc, long mediaSsrc) {
            if (video != null && mediaSsrc == video.ssrc()) {
                plis.incrementAndGet();
                keyframeWanted.set(true);
            }
        }

        @Override
        public void onFir(long senderSsrc, long mediaSsrc, int seqNr) {
            onPli(senderSsrc, mediaSsrc);
        }

        @Override
        public void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
            if (video != null && mediaSsrc == video.ssrc()) {
                Nacks.forEachLost(pid, blp, SyntheticPublisher.this::retransmit);
            }
        }
    };

    private void retransmit(int sequence) {
        nacks.incrementAndGet();
        byte[] original;
        synchronized (history) {
            original = history[sequence % HISTORY];
        }
        if (original == null || RtpPacket.sequenceNumber(original, 0) != sequence) {
            return;
        }
        byte[] rtx = new byte[original.length + Rtx.OSN_LENGTH];
        int len;
        synchronized (history) {
            len = Rtx.wrap(original, 0, original.length, rtx, 0, MediaClientPeer.VP8_RTX_PAYLOAD_TYPE,
                    peer.videoRtxSsrc(), rtxSequence);
            rtxSequence = (rtxSequence + 1) & 0xffff;
        }
        if (len > 0 && peer.sendRtp(rtx, 0, len)) {
            retransmissions.incrementAndGet();
        }
    }

    /** PLIs (and FIRs) received for the video stream. */
    public long keyframeRequests() {
        return plis.get();
    }

    /** Sequence numbers NACKed for the video stream. */
    public long nackedPackets() {
        return nacks.get();
    }

    public long retransmissions() {
        return retransmissions.get();
    }

    public long audioPackets() {
        synchronized (audio) {
            return audio.packets();
        }
    }

    public long videoPackets() {
        if (video == null) {
            return 0;
        }
        synchronized (video) {
            return video.packets();
        }
    }

    public long keyframes() {
        if (video == null) {
            return 0;
        }
        synchronized (video) {
            return video.keyframes();
        }
    }

    /** Stops sending; the peer stays open. */
    @Override
    public void close() {
        for (ScheduledFuture<?> task : tasks) {
            task.cancel(false);
        }
        peer.removeListener(this);
    }
}
