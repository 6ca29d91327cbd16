package org.parley.api.http;

/**
 * Marker for a JAX-RS root resource offered as an OSGi service. The class must carry {@code @Path}; its
 * paths are served below {@code /api} from the moment the service is registered until it is unregistered.
 * Two resources that claim the same root path: the one registered later is refused and a log line names
 * both bundles.
 */
public interface RestResource {
}
