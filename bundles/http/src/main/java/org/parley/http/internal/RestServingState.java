package org.parley.http.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.parley.api.http.RestRuntime;

/**
 * What {@link RestDispatcher} serves, published as {@link RestRuntime}. A component of its own because the
 * dispatcher tracks every REST resource, and the admin bundle's resources need this view: were the dispatcher
 * itself the runtime service, getting one would require the other.
 */
@Component(service = { RestRuntime.class, RestServingState.class })
public final class RestServingState implements RestRuntime {
    private volatile List<Resource> served = List.of();
    private final Map<Long, Refusal> refusals = new ConcurrentHashMap<>();

    void served(List<Resource> resources) {
        served = List.copyOf(resources);
    }

    void refuse(Refusal refusal) {
        refusals.put(refusal.serviceId(), refusal);
    }

    void forget(long serviceId) {
        refusals.remove(serviceId);
    }

    @Override
    public List<Resource> served() {
        return served;
    }

    @Override
    public List<Refusal> refused() {
        return List.copyOf(refusals.values());
    }
}
