package org.parley.signaling.internal;

/**
 * A meeting's live switches. {@code status}: {@code waiting-for-host}, {@code in-progress} or {@code ended}.
 * {@code muteAll} with {@code allowUnmute=false} keeps participants from unmuting themselves.
 */
record MeetingFlags(String status, boolean locked, boolean muteAll, boolean allowUnmute) {
    static final String WAITING_FOR_HOST = "waiting-for-host";
    static final String IN_PROGRESS = "in-progress";
    static final String ENDED = "ended";

    static MeetingFlags initial() {
        return new MeetingFlags(WAITING_FOR_HOST, false, false, true);
    }

    MeetingFlags withStatus(String s) {
        return new MeetingFlags(s, locked, muteAll, allowUnmute);
    }

    MeetingFlags withLocked(boolean l) {
        return new MeetingFlags(status, l, muteAll, allowUnmute);
    }

    MeetingFlags withMuteAll(boolean m, boolean allow) {
        return new MeetingFlags(status, locked, m, allow);
    }
}
