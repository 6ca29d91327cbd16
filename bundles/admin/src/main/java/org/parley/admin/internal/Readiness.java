package org.parley.admin.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.parley.api.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the node is ready for traffic: every core bundle active, every Parley component of the core
 * bundles satisfied, and HTTP listening. Logs one "ready" line the first time that holds, with the time since
 * the kernel started.
 */
@Component(service = Readiness.class, immediate = true)
public final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    @Reference
    private ServiceComponentRuntime components;

    @Reference
    private org.parley.api.http.RestRuntime restRuntime;

    private BundleContext context;
    private Path system;
    private ScheduledExecutorService watcher;
    private volatile boolean announced;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.system = Path.of(context.getProperty(NodeProperties.HOME), "system").toAbsolutePath().normalize();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-readiness");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::announceOnce, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
    }

    private void announceOnce() {
        if (announced) {
            watcher.shutdown();
            return;
        }
        try {
            if (problems().isEmpty()) {
                announced = true;
                String started = context.getProperty(NodeProperties.START_MILLIS);
                long elapsed = started == null ? -1 : System.currentTimeMillis() - Long.parseLong(started);
                LOG.info("Parley ready at {}{}", endpoint(), elapsed >= 0 ? " (" + elapsed + " ms after start)" : "");
            }
        } catch (RuntimeException e) {
            LOG.debug("Readiness check failed", e);
        }
    }

    /** What keeps the node from being ready; empty when it is. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<Bundle> core = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (isCore(bundle)) {
                core.add(bundle);
                boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                    problems.add("bundle " + bundle.getSymbolicName() + " is " + Bundles.stateName(bundle.getState()));
                }
            }
        }
        Collection<ComponentDescriptionDTO> descriptions = components.getComponentDescriptionDTOs(core.toArray(Bundle[]::new));
        for (ComponentDescriptionDTO description : descriptions) {
            if (!description.defaultEnabled || !description.bundle.symbolicName.startsWith("org.parley.")) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    problems.add("component " + description.name + " is not satisfied"
                            + (configuration.failure != null ? ": " + firstLine(configuration.failure) : ""));
                }
            }
        }
        java.util.Set<Long> served = new java.util.HashSet<>();
        org.parley.api.http.RestRuntime runtime = restRuntime;
        if (runtime == null) {
            problems.add("the REST runtime is not running");
        } else {
            runtime.served().forEach(r -> served.add(r.serviceId()));
        }
        for (Bundle bundle : core) {
            ServiceReference<?>[] registered = bundle.getRegisteredServices();
            for (ServiceReference<?> reference : registered == null ? new ServiceReference<?>[0] : registered) {
                String[] classes = (String[]) reference.getProperty(Constants.OBJECTCLASS);
                if (java.util.Arrays.asList(classes).contains(org.parley.api.http.RestResource.class.getName())
                        && !served.contains((Long) reference.getProperty(Constants.SERVICE_ID))) {
                    problems.add("REST resource of " + bundle.getSymbolicName() + " is not served yet");
                }
            }
        }
        if (endpoint() == null) {
            problems.add("HTTP is not listening yet");
        }
        return problems;
    }

    private boolean isCore(Bundle bundle) {
        Path path = Bundles.locationPath(bundle);
        return path != null && path.startsWith(system);
    }

    /** The HTTP endpoint Jetty announced, or null. */
    public String endpoint() {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(
                    "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
            if (references == null) {
                return null;
            }
            for (ServiceReference<?> reference : references) {
                Object endpoint = reference.getProperty("osgi.http.endpoint");
                if (endpoint instanceof String s) {
                    return s;
                }
                if (endpoint instanceof String[] array && array.length > 0) {
                    return array[0];
                }
                if (endpoint instanceof Collection<?> collection && !collection.isEmpty()) {
                    return String.valueOf(collection.iterator().next());
                }
            }
            return null;
        } catch (org.osgi.framework.InvalidSyntaxException impossible) {
            return null;
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
