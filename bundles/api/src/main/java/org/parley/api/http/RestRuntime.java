package org.parley.api.http;

import java.util.List;

/**
 * What {@code /api} serves at this moment, as the http bundle reports it: which {@link RestResource}
 * services are live and which were refused (path conflict, no {@code @Path}, Jersey would not start with
 * them). Admin tools use it to confirm a deploy; plugins rarely need it.
 */
public interface RestRuntime {

    /** A resource service and its root path ({@code /api/...}). */
    record Resource(long serviceId, String path, String bundle) {
    }

    /** A resource service that is not served, and why. */
    record Refusal(long serviceId, String resourceClass, String bundle, String reason) {
    }

    List<Resource> served();

    List<Refusal> refused();
}
