package org.parley.bus.local.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;

/** Owns the one {@link EventHub} of the node and reports its counts. */
@Component(service = { EventHubComponent.class, MetricSource.class })
public final class EventHubComponent implements MetricSource {
    private EventHub hub;

    @Activate
    void activate() {
        hub = new EventHub(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Deactivate
    void deactivate() {
        hub.shutdown();
    }

    EventHub hub() {
        return hub;
    }

    @Override
    public void collect(MetricSink sink) {
        sink.counter("parley_events_published_total", "Events published on the in-VM bus", hub.published.sum());
        sink.counter("parley_events_delivered_total", "Event deliveries to subscribers", hub.delivered.sum());
        sink.counter("parley_events_failed_total", "Event deliveries whose subscriber threw", hub.failed.sum());
        sink.gauge("parley_events_subscriptions", "Open event subscriptions", hub.subscriptionCount());
    }
}
