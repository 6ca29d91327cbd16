package org.parley.client.load;

import java.util.Locale;

import org.parley.client.SyntheticAudioSource;
import org.parley.client.SyntheticVideoSource;

/**
 * The RTP packet rate the SFU may forward for a {@link LoadShape}, worked out from the shape and the node's
 * rules: per receiving participant, the microphones it may hear (all others, or in a large meeting the top-N
 * loudest and the dominant speaker) at 50 packets/s for those speaking and one per 400 ms for the silent (DTX),
 * plus the videos it may get (all others, or the last-N in a large meeting, and of those only its gallery page)
 * at the synthetic source's packet rate. {@link #perSecond} is an upper bound: every video at the most keyframes
 * the SFU asks for (one per keyframe interval); {@link #nominal} is the steady rate without keyframes.
 */
public record ForwardingBound(double perSecond, double nominal, double audioPerSecond, double videoPerSecond,
        int audioStreams, int videoStreams) {

    /** The bound for every planned participant joined and receiving. */
    public static ForwardingBound of(LoadShape shape, ServerRules rules) {
        int publishers = shape.publishersPerMeeting();
        boolean large = publishers > rules.largeMeetingThreshold();
        double speechRate = 1000.0 / SyntheticAudioSource.PACKET_INTERVAL_MILLIS;
        double dtxRate = speechRate / SyntheticAudioSource.DTX_FRAMES;
        double deltaPerSecond = 0;
        double keyframeExtra = 0;
        if (shape.video()) {
            int[] split = SyntheticVideoSource.frameSplit(shape.frameRate(), shape.videoBitrate());
            deltaPerSecond = shape.frameRate() * split[0];
            double keyframes = Math.min(shape.frameRate(), 1000.0 / rules.keyframeIntervalMillis());
            keyframeExtra = keyframes * 2 * split[0]; // a keyframe has three times a frame's packets
        }
        double audio = 0;
        double video = 0;
        double videoExtra = 0;
        int audioStreams = 0;
        int videoStreams = 0;
        for (int receiver = 0; receiver < shape.participantsPerMeeting(); receiver++) {
            int others = publishers - (receiver < publishers ? 1 : 0);
            int audible = large ? Math.min(rules.topNAudio() + 1, others) : others;
            if (shape.speaking().everyone()) {
                audio += audible * speechRate;
            } else {
                int speaking = Math.min(shape.speaking().speakers(), audible);
                audio += speaking * speechRate + (audible - speaking) * dtxRate;
            }
            audioStreams += audible;
            if (shape.video()) {
                int videos = large ? Math.min(rules.lastN(), others) : others;
                if (!shape.view().all()) {
                    videos = Math.min(videos, shape.view().pageSize());
                }
                videoStreams += videos;
                video += videos * deltaPerSecond;
                videoExtra += videos * keyframeExtra;
            }
        }
        int m = shape.meetings();
        return new ForwardingBound(m * (audio + video + videoExtra), m * (audio + video), m * audio,
                m * (video + videoExtra), m * audioStreams, m * videoStreams);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%.0f pkt/s (audio %.0f over %d streams, video %.0f over %d streams"
                + " with a keyframe per interval; %.0f pkt/s without keyframes)", perSecond, audioPerSecond,
                audioStreams, videoPerSecond, videoStreams, nominal);
    }
}
