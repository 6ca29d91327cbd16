package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeechActivityTest {
    @Test
    void eachIntervalReportsTheShareOfSpeechPacketsAndTheirMeanLoudnessSinceThePreviousOne() {
        SpeechActivity activity = new SpeechActivity();
        assertThat(activity.takeInterval()).isEqualTo(SpeechActivity.Interval.SILENT);
        activity.record(30);
        activity.record(30);
        activity.record(127);
        activity.record(127);
        SpeechActivity.Interval interval = activity.takeInterval();
        assertThat(interval.speech()).isEqualTo(0.5);
        assertThat(interval.loudness()).isEqualTo((97 + 97) / 4.0);
        activity.record(SpeechActivity.SPEECH_LEVEL + 1);
        assertThat(activity.takeInterval().speech()).isZero();
        assertThat(activity.takeInterval()).isEqualTo(SpeechActivity.Interval.SILENT);
    }

    @Test
    void readsTheLevelFromTheAudioLevelExtensionIgnoringTheVoiceFlag() {
        byte[] packet = new byte[32];
        packet[0] = (byte) 0x90; // version 2, extension
        packet[1] = 111;
        // one-byte extension block (0xBEDE), one word: id 1, one byte, level 20 with the voice flag
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[15] = 1;
        packet[16] = (byte) (SpeechActivity.AUDIO_LEVEL_ID << 4);
        packet[17] = (byte) (0x80 | 20);
        SpeechActivity activity = new SpeechActivity();
        activity.onPacket(packet, packet.length);
        assertThat(activity.takeInterval().speech()).isEqualTo(1.0);
    }
}
