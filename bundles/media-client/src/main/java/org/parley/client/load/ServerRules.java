package org.parley.client.load;

/**
 * What the load generator assumes of the node's SFU settings (etc/org.parley.sfu.cfg) when it computes the
 * forwarded packet rate a shape may cause ({@link ForwardingBound}); the defaults are the SFU's.
 *
 * @param keyframeIntervalMillis {@code keyframe.request.interval.ms}: the SFU asks a publisher for a keyframe at
 *        most this often, so keyframes (bigger than other frames) come at most this often per video
 */
public record ServerRules(int lastN, int topNAudio, int largeMeetingThreshold, int keyframeIntervalMillis) {
    public static final ServerRules DEFAULTS = new ServerRules(25, 3, 20, 300);

    public ServerRules {
        if (lastN < 0 || topNAudio < 0 || largeMeetingThreshold < 0 || keyframeIntervalMillis < 1) {
            throw new IllegalArgumentException("last-N, top-N audio and the threshold are 0 or more, the keyframe"
                    + " interval at least 1 ms");
        }
    }
}
