package org.parley.client;

import java.security.SecureRandom;
import java.util.function.LongPredicate;

/**
 * Opus-like audio: one packet per 20 ms (timestamp step 960 at 48 kHz), a plausible TOC byte (CELT fullband,
 * 20 ms, mono), filler, and the {@link SyntheticPayload} stamp; with abs-send-time and an audio level that
 * alternates between speech and silence, so that level-driven features (active speaker) have something to see.
 * By default a second of speech follows a second of silence; {@link #talking} makes a schedule say when the
 * source speaks, and with DTX (Opus discontinuous transmission) a silent source sends one packet every
 * {@value #DTX_FRAMES} frames (400 ms) instead of every frame: sequence numbers stay contiguous, the timestamp
 * jumps over the frames not sent. Not thread-safe: one sending thread per source.
 */
public final class SyntheticAudioSource {
    public static final int TIMESTAMP_STEP = 960;
    public static final int PACKET_INTERVAL_MILLIS = 20;
    static final int PAYLOAD_LENGTH = 80;
    /** A silent source with DTX sends one frame in this many (Opus: a comfort-noise frame every 400 ms). */
    public static final int DTX_FRAMES = 20;
    /** The audio level of silence (RFC 6464: -127 dBov). */
    public static final int SILENT_LEVEL = 127;
    private static final byte OPUS_TOC = (byte) 0xF8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long ssrc;
    private final int payloadType;
    private final int absSendTimeId;
    private final int audioLevelId;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xffffffffL;
    private long counter;
    private long frames;
    private long silentFrames;
    private LongPredicate speakingAt;
    private boolean dtx;

    public SyntheticAudioSource(long ssrc, int payloadType, int absSendTimeId, int audioLevelId) {
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.absSendTimeId = absSendTimeId;
        this.audioLevelId = audioLevelId;
    }

    /** A source numbered as {@link MediaClientPeer#publishOffer} announces. */
    public static SyntheticAudioSource forPublisher(MediaClientPeer peer) {
        return new SyntheticAudioSource(peer.audioSsrc(), MediaClientPeer.OPUS_PAYLOAD_TYPE,
                MediaClientPeer.ABS_SEND_TIME_ID, MediaClientPeer.AUDIO_LEVEL_ID);
    }

    /**
     * From now on {@code speakingAt} (given {@link System#nanoTime()}) says whether the source speaks, and with
     * {@code dtx} a silent source sends only every {@value #DTX_FRAMES}th frame.
     */
    public SyntheticAudioSource talking(LongPredicate speakingAt, boolean dtx) {
        this.speakingAt = speakingAt;
        this.dtx = dtx;
        return this;
    }

    /**
     * Writes the next packet of a 20 ms frame into {@code buf} (at least 128 bytes) and returns its length; 0
     * when DTX sends nothing for this frame.
     */
    public int next(byte[] buf, long nowNanos) {
        LongPredicate schedule = speakingAt;
        // by default a second of speech, a second of silence
        boolean speaking = schedule == null ? (frames / 50) % 2 == 0 : schedule.test(nowNanos);
        frames++;
        if (speaking) {
            silentFrames = 0;
        } else if (dtx && silentFrames++ % DTX_FRAMES != 0) {
            timestamp = (timestamp + TIMESTAMP_STEP) & 0xffffffffL;
            return 0;
        }
        int level = speaking ? 0x80 | 30 : SILENT_LEVEL; // V bit + -30 dBov, or -127 dBov silent
        int at = RtpHeaderWriter.write(buf, payloadType, sequence, timestamp, ssrc, counter == 0, absSendTimeId,
                nowNanos, audioLevelId, level);
        int end = at + PAYLOAD_LENGTH;
        buf[at] = OPUS_TOC;
        for (int i = at + 1; i < end - SyntheticPayload.LENGTH; i++) {
            buf[i] = (byte) (counter + i);
        }
        new SyntheticPayload(counter, nowNanos).writeBefore(buf, end);
        sequence = (sequence + 1) & 0xffff;
        timestamp = (timestamp + TIMESTAMP_STEP) & 0xffffffffL;
        counter++;
        return end;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Packets written so far. */
    public long packets() {
        return counter;
    }

    /** The timestamp the next packet will carry (for sender reports). */
    public long timestamp() {
        return timestamp;
    }
}
