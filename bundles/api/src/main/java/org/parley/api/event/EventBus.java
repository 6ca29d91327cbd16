package org.parley.api.event;

import java.util.function.Consumer;

/**
 * Publish/subscribe of typed events. Delivery is asynchronous; each subscription receives events in the
 * order they were published on this node, one at a time. A subscriber that throws is logged and keeps its
 * subscription. The in-VM implementation is the default; a cluster swaps in Apache Pulsar.
 */
public interface EventBus {

    /** Publishes an event to every current subscriber of its class or of a supertype. */
    void publish(Event event);

    /**
     * Subscribes to events assignable to {@code type}. Close the subscription (at the latest when the
     * subscribing component deactivates) to stop delivery.
     */
    <E extends Event> Subscription subscribe(Class<E> type, Consumer<? super E> handler);

    /** A live subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
