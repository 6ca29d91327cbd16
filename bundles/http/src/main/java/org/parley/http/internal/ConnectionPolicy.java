package org.parley.http.internal;

/** The limits every signaling connection lives by, from {@code etc/org.parley.http.cfg}. */
record ConnectionPolicy(int maxMessageBytes, long heartbeatMillis, int missedBeats, int ratePerSecond, int burst) {
    /** Close code for a client that stopped answering heartbeats. */
    static final int CLOSE_HEARTBEAT_TIMEOUT = 4001;
    /** Close code for a client that kept flooding after being told to slow down. */
    static final int CLOSE_FLOOD = 4008;

    static ConnectionPolicy from(HttpConfig config, int transportLimit) {
        return new ConnectionPolicy(Math.max(1024, Math.min(config.ws_max_message_bytes(), transportLimit / 2)),
                Math.max(1, config.ws_heartbeat_seconds()) * 1000L, Math.max(1, config.ws_heartbeat_missed()),
                Math.max(1, config.ws_rate_messages_per_second()), Math.max(1, config.ws_rate_burst()));
    }

    long silenceLimitMillis() {
        return heartbeatMillis * missedBeats;
    }
}
