package org.parley.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley HTTP",
        description = "Where the node listens for HTTP and WebSocket clients")
public @interface HttpConfig {
    @AttributeDefinition(description = "Address to bind (PARLEY_HTTP_HOST overrides)")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Port to bind; 0 picks a free one (PARLEY_HTTP_PORT overrides)")
    int port() default 8080;

    @AttributeDefinition(description = "Largest signaling message accepted, in bytes; larger ones get an error")
    int ws_max_message_bytes() default 65536;

    @AttributeDefinition(description = "Seconds a WebSocket may stay silent before Jetty closes it (a backstop "
            + "behind the heartbeat)")
    int ws_idle_timeout_seconds() default 60;

    @AttributeDefinition(description = "Seconds between the server's heartbeat pings")
    int ws_heartbeat_seconds() default 10;

    @AttributeDefinition(description = "Heartbeats a client may miss (send nothing) before it is dropped")
    int ws_heartbeat_missed() default 3;

    @AttributeDefinition(description = "Signaling messages a client may send per second, on average")
    int ws_rate_messages_per_second() default 50;

    @AttributeDefinition(description = "Signaling messages a client may send in one burst")
    int ws_rate_burst() default 200;
}
