package org.parley.client.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.parley.client.RemoteTrack;
import org.parley.webrtc.rtp.RtpPacket;

/**
 * What one receiving participant heard of each publisher's microphone, turn by turn of the
 * {@link SpeakingPattern}: per publisher and turn, the audio packets it received that were sent at least
 * {@link SpeakingPattern#HEARING_DELAY} into that turn (by the send time in each packet's stamp). Fed on the
 * peer's receive thread without allocating; read once the run is over.
 */
final class HeardSpeech {
    private final SpeakingPattern pattern;
    private final long startNanos;
    private final int turns;
    private final long turnNanos;
    private final long delayNanos;
    private final Map<String, AtomicIntegerArray> byParticipant = new HashMap<>();
    private volatile Streams streams = new Streams(new long[0], new AtomicIntegerArray[0]);

    /** The offer's audio streams: SSRC and the counts of whose microphone it carries (same index). */
    private record Streams(long[] ssrcs, AtomicIntegerArray[] counts) {
    }

    HeardSpeech(SpeakingPattern pattern, long startNanos, Duration duration) {
        this.pattern = pattern;
        this.startNanos = startNanos;
        this.turnNanos = pattern.turn().toNanos();
        this.turns = (int) (duration.toNanos() / turnNanos) + 2;
        this.delayNanos = SpeakingPattern.HEARING_DELAY.toNanos();
    }

    /** The latest offer's streams: {@code remote} (SSRCs by mid) and {@code tracks} (whose, by mid). */
    synchronized void tracks(List<RemoteTrack> remote, List<TrackInfo> tracks) {
        Map<String, String> owners = new HashMap<>();
        for (TrackInfo t : tracks) {
            if ("audio".equals(t.kind())) {
                owners.put(t.mid(), t.participantId());
            }
        }
        int n = 0;
        long[] s = new long[remote.size()];
        AtomicIntegerArray[] c = new AtomicIntegerArray[remote.size()];
        for (RemoteTrack r : remote) {
            String owner = owners.get(r.mid());
            if (owner != null && r.ssrc() >= 0) {
                s[n] = r.ssrc();
                c[n] = byParticipant.computeIfAbsent(owner, id -> new AtomicIntegerArray(turns));
                n++;
            }
        }
        streams = new Streams(Arrays.copyOf(s, n), Arrays.copyOf(c, n));
    }

    /** One decrypted RTP packet and the send time of its stamp. */
    void onPacket(byte[] packet, long sendNanos) {
        if (pattern.everyone()) {
            return;
        }
        long since = sendNanos - startNanos;
        if (since < 0) {
            return;
        }
        long turn = since / turnNanos;
        if (turn >= turns || since - turn * turnNanos < delayNanos) {
            return;
        }
        long ssrc = RtpPacket.ssrc(packet, 0);
        Streams now = streams;
        long[] s = now.ssrcs();
        AtomicIntegerArray[] c = now.counts();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == ssrc) {
                c[i].incrementAndGet((int) turn);
                return;
            }
        }
    }

    /** Packets received from {@code participantId}'s microphone sent in turn {@code turn} after the hearing delay. */
    synchronized int heard(String participantId, long turn) {
        AtomicIntegerArray c = byParticipant.get(participantId);
        return c == null || turn < 0 || turn >= turns ? 0 : c.get((int) turn);
    }
}
