package org.parley.meetings.internal;

/**
 * What a host decides about a meeting. With {@code e2ee} on, the server cannot see the media, so recording
 * is off.
 */
record MeetingSettings(boolean waitingRoom, boolean muteOnEntry, boolean allowRecording, boolean e2ee) {
    static final MeetingSettings DEFAULTS = new MeetingSettings(false, false, true, false);
}
