package org.parley.client.load;

import java.time.Duration;

/**
 * What load to make: {@code meetings} rooms, each with {@code publishersPerMeeting} participants that send
 * audio (and video) and receive everyone else's, and {@code subscribersPerMeeting} that only receive.
 *
 * @param videoBitrate bits per second of each publisher's video payload
 * @param frameRate video frames per second
 * @param duration how long the run lasts from its first join; then everything is closed
 * @param rampUp the joins are spread evenly over this (zero: all at once); at most {@code duration}
 * @param speaking who of the publishers speaks when
 * @param view what every receiving participant shows (its {@code receive-video} gallery page)
 * @param decryptOneIn receive-only participants decrypt and authenticate one SRTP packet in this many and
 *        count the others by their headers ({@code MediaClientPeer.decryptOneIn}); 1: every packet
 */
public record LoadShape(int meetings, int publishersPerMeeting, int subscribersPerMeeting, boolean video,
        int videoBitrate, int frameRate, Duration duration, Duration rampUp, SpeakingPattern speaking,
        ReceiveView view, int decryptOneIn) {

    /** More participants than this one generator host can drive (a socket, a DTLS association each). */
    public static final int MAX_PARTICIPANTS = 2000;
    /** A load test is a bounded measurement, not a soak. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    public static final int MIN_BITRATE = 10_000;
    public static final int MAX_BITRATE = 20_000_000;

    /** Everyone speaking at once, every video received: the first shape the load generator made. */
    public LoadShape(int meetings, int publishersPerMeeting, int subscribersPerMeeting, boolean video,
            int videoBitrate, int frameRate, Duration duration, Duration rampUp) {
        this(meetings, publishersPerMeeting, subscribersPerMeeting, video, videoBitrate, frameRate, duration, rampUp,
                SpeakingPattern.EVERYONE, ReceiveView.ALL, 1);
    }

    public LoadShape {
        if (speaking == null || view == null) {
            throw new IllegalArgumentException("a speaking pattern and a receive view");
        }
        if (decryptOneIn < 1 || decryptOneIn > 256) {
            throw new IllegalArgumentException("decrypt one packet in " + decryptOneIn + "; from 1 to 256");
        }
        if (meetings < 1) {
            throw new IllegalArgumentException("at least one meeting");
        }
        if (publishersPerMeeting < 0 || subscribersPerMeeting < 0 || publishersPerMeeting + subscribersPerMeeting < 1) {
            throw new IllegalArgumentException("at least one participant per meeting");
        }
        if (publishersPerMeeting < 1) {
            throw new IllegalArgumentException("at least one publisher per meeting, or nobody receives anything");
        }
        long participants = (long) meetings * (publishersPerMeeting + subscribersPerMeeting);
        if (participants > MAX_PARTICIPANTS) {
            throw new IllegalArgumentException(participants + " participants; at most " + MAX_PARTICIPANTS);
        }
        if (video && (videoBitrate < MIN_BITRATE || videoBitrate > MAX_BITRATE)) {
            throw new IllegalArgumentException("video bitrate " + videoBitrate + " b/s; from " + MIN_BITRATE + " to "
                    + MAX_BITRATE);
        }
        if (frameRate < 1 || frameRate > 60) {
            throw new IllegalArgumentException("frame rate " + frameRate + "; from 1 to 60");
        }
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration " + duration + "; more than 0, at most " + MAX_DURATION);
        }
        if (rampUp == null || rampUp.isNegative() || rampUp.compareTo(duration) > 0) {
            throw new IllegalArgumentException("ramp-up " + rampUp + "; from 0 to the duration (" + duration + ")");
        }
    }

    public int participantsPerMeeting() {
        return publishersPerMeeting + subscribersPerMeeting;
    }

    public int participants() {
        return meetings * participantsPerMeeting();
    }

    public int publishers() {
        return meetings * publishersPerMeeting;
    }
}
