package org.parley.plugins.hello;

import org.parley.api.event.Event;
import org.parley.api.event.EventType;

/** Published each time a client's {@code hello.echo} is answered. */
@EventType("hello.echoed")
public record Echoed(String sessionId, int length) implements Event {
}
