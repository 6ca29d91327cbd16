package org.parley.sfu.internal;

import org.parley.webrtc.rtp.HeaderExtensions;

/**
 * How much one microphone track speaks, from the audio level (RFC 6464) its publisher puts in every packet.
 * The publisher's I/O thread counts; the SFU's speaker timer reads the running totals and takes the difference
 * since its previous look. Each total has one writer, so plain increments of volatile fields are enough: no
 * lock and no allocation per packet.
 */
final class SpeechActivity {
    /**
     * The SFU's id of the audio-level extension in a packet after {@link HeaderExtensions#remapIds}: the publish
     * answer and every subscribe offer number it 1 (CodecTable).
     */
    static final int AUDIO_LEVEL_ID = 1;
    /**
     * A packet at least this loud (level in -dBov, 0 = loudest) counts as speech. Speech into a browser
     * microphone sits around -20..-45 dBov; room noise and a muted microphone are far below.
     */
    static final int SPEECH_LEVEL = 50;
    private static final int LEVEL_MASK = 0x7f;
    private static final int SILENCE = 127;

    private volatile long packets;
    private volatile long speechPackets;
    /** Sum of (127 - level) over all packets: how loud, for ranking the loudest. */
    private volatile long loudness;

    // The timer's side: the totals at its previous look.
    private long seenPackets;
    private long seenSpeechPackets;
    private long seenLoudness;

    /** One audio packet, extensions already in the SFU's numbering; called on the publisher's thread. */
    void onPacket(byte[] buf, int len) {
        int level = HeaderExtensions.audioLevel(buf, 0, len, AUDIO_LEVEL_ID);
        if (level < 0) {
            return;
        }
        record(level & LEVEL_MASK);
    }

    /** One level reading (0..127, 0 = loudest). */
    void record(int level) {
        packets++;
        loudness += SILENCE - level;
        if (level <= SPEECH_LEVEL) {
            speechPackets++;
        }
    }

    /**
     * What happened since the previous call (the timer's thread only): the share of packets that were speech
     * (0..1) and their mean loudness (0..127), or {@link Interval#SILENT} when no level arrived.
     */
    Interval takeInterval() {
        long total = packets;
        long speech = speechPackets;
        long loud = loudness;
        long count = total - seenPackets;
        Interval interval = count <= 0 ? Interval.SILENT
                : new Interval((double) (speech - seenSpeechPackets) / count, (double) (loud - seenLoudness) / count);
        seenPackets = total;
        seenSpeechPackets = speech;
        seenLoudness = loud;
        return interval;
    }

    /** One evaluation period of a microphone: share of speech packets and mean loudness. */
    record Interval(double speech, double loudness) {
        static final Interval SILENT = new Interval(0, 0);
    }
}
