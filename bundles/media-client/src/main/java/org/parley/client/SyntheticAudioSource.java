package org.parley.client;

import java.security.SecureRandom;

/**
 * Opus-like audio: one packet per 20 ms (timestamp step 960 at 48 kHz), a plausible TOC byte (CELT fullband,
 * 20 ms, mono), filler, and the {@link SyntheticPayload} stamp; with abs-send-time and an audio level that
 * alternates between speech and silence, so that level-driven features (active speaker) have something to see.
 * Not thread-safe: one sending thread per source.
 */
public final class SyntheticAudioSource {
    public static final int TIMESTAMP_STEP = 960;
    public static final int PACKET_INTERVAL_MILLIS = 20;
    static final int PAYLOAD_LENGTH = 80;
    private static final byte OPUS_TOC = (byte) 0xF8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long ssrc;
    private final int payloadType;
    private final int absSendTimeId;
    private final int audioLevelId;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xffffffffL;
    private long counter;

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

    /** Writes the next packet into {@code buf} (at least 128 bytes) and returns its length. */
    public int next(byte[] buf, long nowNanos) {
        boolean speaking = (counter / 50) % 2 == 0; // a second of speech, a second of silence
        int level = speaking ? 0x80 | 30 : 127; // V bit + -30 dBov, or -127 dBov silent
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
