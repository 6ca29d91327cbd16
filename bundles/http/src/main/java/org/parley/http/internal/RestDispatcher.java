package org.parley.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.parley.api.http.RestResource;
import org.parley.api.http.RestRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The one servlet behind {@code /api/*}. It forwards each request to the current Jersey container. When a
 * {@link RestResource} service comes or goes, a new container is built and started beside the old one,
 * swapped in atomically, and the old one is destroyed once its last request has finished: no request sees a
 * half-built container, and one broken plugin cannot take {@code /api} down.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=parley-rest",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true" })
public final class RestDispatcher extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RestDispatcher.class);

    private final transient Map<Long, ResourceRoots.Offer> offers = new ConcurrentHashMap<>();
    private final transient AtomicReference<Generation> current = new AtomicReference<>();
    private final transient ObjectMapper mapper = Json.newMapper();
    private final transient Set<Long> reportedRejections = ConcurrentHashMap.newKeySet();

    @Reference
    private transient RestServingState state;
    private volatile boolean initialized;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addResource(RestResource resource, ServiceReference<RestResource> reference) {
        long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        offers.put(id, new ResourceRoots.Offer(id, describe(reference.getBundle()), resource));
        rebuildIfInitialized();
    }

    void removeResource(ServiceReference<RestResource> reference) {
        long id = (Long) reference.getProperty(Constants.SERVICE_ID);
        offers.remove(id);
        reportedRejections.remove(id);
        state.forget(id);
        rebuildIfInitialized();
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        initialized = true;
        rebuild();
    }

    @Override
    public void destroy() {
        initialized = false;
        Generation old = current.getAndSet(null);
        state.served(List.of());
        if (old != null) {
            old.retire();
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Generation generation = acquire();
        if (generation == null) {
            response.setStatus(503);
            response.setContentType(Problems.PROBLEM_JSON.toString());
            response.getWriter().write("{\"type\":\"" + Problems.TYPE_PREFIX
                    + "starting\",\"title\":\"Service starting\",\"status\":503}");
            return;
        }
        try {
            generation.container.service(request, response);
        } finally {
            generation.release();
        }
    }

    /** Takes the current generation, making sure it cannot be destroyed while the caller uses it. */
    private Generation acquire() {
        while (true) {
            Generation generation = current.get();
            if (generation == null) {
                return null;
            }
            generation.inflight.incrementAndGet();
            if (current.get() == generation) {
                return generation;
            }
            generation.release();
        }
    }

    /**
     * Rebuilds right away, on the thread that registered or unregistered the service: when a plugin bundle
     * has started, its resources are served, and when it has stopped, they are gone.
     */
    private void rebuildIfInitialized() {
        if (initialized) {
            rebuild();
        }
    }

    /** Builds a container for the current offers and swaps it in. Runs on one thread at a time. */
    synchronized void rebuild() {
        if (!initialized) {
            return;
        }
        ResourceRoots.Decision decision = ResourceRoots.decide(List.copyOf(offers.values()));
        for (ResourceRoots.Rejection rejection : decision.rejected()) {
            refuse(rejection.offer(), rejection.reason());
            if (reportedRejections.add(rejection.offer().order())) {
                LOG.error("Refused REST resource {} from {}: {}", rejection.offer().resource().getClass().getName(),
                        rejection.offer().owner(), rejection.reason());
            }
        }
        Generation previous = current.get();
        Set<Long> previouslyServed = previous == null ? Set.of() : previous.served;
        List<ResourceRoots.Offer> accepted = new ArrayList<>(decision.accepted());
        Generation next = build(accepted);
        // A container that does not start is blamed on the newest newcomer; drop newcomers until one starts.
        while (next == null) {
            ResourceRoots.Offer newest = accepted.stream().filter(o -> !previouslyServed.contains(o.order()))
                    .max(java.util.Comparator.comparingLong(ResourceRoots.Offer::order)).orElse(null);
            if (newest == null) {
                LOG.error("Cannot build /api for the current resources; still serving the previous set");
                return;
            }
            accepted.remove(newest);
            reportedRejections.add(newest.order());
            refuse(newest, "Jersey could not start with it (see the log)");
            LOG.error("Refused REST resource {} from {}: Jersey could not start with it (see above)",
                    newest.resource().getClass().getName(), newest.owner());
            next = build(accepted);
        }
        Generation old = current.getAndSet(next);
        state.served(describe(accepted));
        if (old != null) {
            old.retire();
        }
        LOG.info("Serving /api with {} resources: {}", accepted.size(), accepted.stream()
                .map(o -> "/api/" + ResourceRoots.rootOf(o.resource().getClass())).sorted()
                .collect(Collectors.joining(", ")));
    }

    private void refuse(ResourceRoots.Offer offer, String reason) {
        state.refuse(new RestRuntime.Refusal(offer.order(), offer.resource().getClass().getName(), offer.owner(), reason));
    }

    private static List<RestRuntime.Resource> describe(List<ResourceRoots.Offer> offers) {
        return offers.stream()
                .map(o -> new RestRuntime.Resource(o.order(), "/api/" + ResourceRoots.rootOf(o.resource().getClass()), o.owner()))
                .sorted(java.util.Comparator.comparing(RestRuntime.Resource::path)).toList();
    }

    private Generation build(List<ResourceRoots.Offer> accepted) {
        ResourceConfig config = new ResourceConfig();
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new MapperResolver(mapper));
        ProblemMappers.all().forEach(config::register);
        Set<Long> served = new HashSet<>();
        for (ResourceRoots.Offer offer : accepted) {
            config.register(offer.resource());
            served.add(offer.order());
        }
        ServletContainer container = new ServletContainer(config);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Jersey finds its own providers through the context class loader.
        thread.setContextClassLoader(ResourceConfig.class.getClassLoader());
        try {
            container.init(getServletConfig());
            return new Generation(container, served);
        } catch (Exception | LinkageError e) {
            LOG.error("Jersey could not start for resources {}: {}", served, e.toString(), e);
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String describe(Bundle bundle) {
        return bundle == null ? "an unknown bundle" : bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    static final class MapperResolver implements ContextResolver<ObjectMapper> {
        private final ObjectMapper mapper;

        MapperResolver(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ObjectMapper getContext(Class<?> type) {
            return mapper;
        }
    }

    /** One started Jersey container and the requests still inside it. */
    static final class Generation {
        final ServletContainer container;
        final Set<Long> served;
        final AtomicInteger inflight = new AtomicInteger();
        private final AtomicBoolean retired = new AtomicBoolean();
        private final AtomicBoolean destroyed = new AtomicBoolean();

        Generation(ServletContainer container, Set<Long> served) {
            this.container = container;
            this.served = Set.copyOf(served);
        }

        void release() {
            if (inflight.decrementAndGet() == 0 && retired.get()) {
                destroyOnce();
            }
        }

        void retire() {
            retired.set(true);
            if (inflight.get() == 0) {
                destroyOnce();
            }
        }

        private void destroyOnce() {
            if (destroyed.compareAndSet(false, true)) {
                try {
                    container.destroy();
                } catch (RuntimeException e) {
                    LOG.warn("Error while destroying an old Jersey container", e);
                }
            }
        }
    }
}
