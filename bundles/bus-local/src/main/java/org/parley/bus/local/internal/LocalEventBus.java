package org.parley.bus.local.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.parley.api.event.Event;
import org.parley.api.event.EventBus;

/**
 * The {@link EventBus} each bundle gets (bundle scope): when a bundle stops or is updated, its view is
 * released and every subscription it forgot to close is closed here, so no event reaches a dead class loader.
 */
@Component(service = EventBus.class, scope = ServiceScope.BUNDLE, property = "parley.bus=local")
public final class LocalEventBus implements EventBus {
    @Reference
    private EventHubComponent hub;

    private final List<EventHub.Delivery<?>> mine = new CopyOnWriteArrayList<>();
    private String owner = "?";

    @Activate
    void activate(ComponentContext context) {
        Bundle user = context.getUsingBundle();
        owner = user == null ? "?" : user.getSymbolicName();
    }

    @Deactivate
    void deactivate() {
        mine.forEach(EventHub.Delivery::close);
        mine.clear();
    }

    @Override
    public void publish(Event event) {
        hub.hub().publish(event);
    }

    @Override
    public <E extends Event> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
        EventHub.Delivery<E> delivery = hub.hub().subscribe(type, handler, owner);
        mine.add(delivery);
        return () -> {
            delivery.close();
            mine.remove(delivery);
        };
    }

}
