package org.parley.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.parley.api.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code etc/org.parley.http.cfg} (and {@code PARLEY_HTTP_HOST} / {@code PARLEY_HTTP_PORT}) to the
 * embedded Jetty, and announces where it listens: a log line and {@code data/run/http.url}, which
 * {@code bin/parley status} and tests read (port 0 picks a free port).
 */
@Component(configurationPid = HttpSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true,
        service = HttpSettings.class)
@Designate(ocd = HttpConfig.class)
public final class HttpSettings {
    static final String PID = "org.parley.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpSettings.class);
    private static final String FELIX_HTTP_PID = "org.apache.felix.http";

    @Reference
    private ConfigurationAdmin configurationAdmin;

    private BundleContext context;
    private ServiceTracker<Object, Object> runtimeTracker;
    private volatile String announced;

    @Activate
    void activate(BundleContext context, HttpConfig config) throws IOException, InvalidSyntaxException {
        this.context = context;
        apply(config);
        Filter filter = context.createFilter("(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)");
        runtimeTracker = new ServiceTracker<>(context, filter, null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                announce(reference);
                return reference;
            }

            @Override
            public void modifiedService(ServiceReference<Object> reference, Object service) {
                announce(reference);
            }
        };
        runtimeTracker.open();
    }

    @Modified
    void modified(HttpConfig config) throws IOException {
        apply(config);
    }

    @Deactivate
    void deactivate() {
        runtimeTracker.close();
    }

    private void apply(HttpConfig config) throws IOException {
        String host = override("http.host", config.host());
        int port = config.port();
        String portOverride = context.getProperty(NodeProperties.ENV_PREFIX + "http.port");
        if (portOverride != null) {
            try {
                port = Integer.parseInt(portOverride.strip());
            } catch (NumberFormatException e) {
                LOG.error("PARLEY_HTTP_PORT={} is not a port number; using {}", portOverride, port);
            }
        }
        if (port < 0 || port > 65535) {
            LOG.error("HTTP port {} is out of range 0-65535; using 8080", port);
            port = 8080;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("org.osgi.service.http.port", port);
        properties.put("org.apache.felix.http.host", host);
        properties.put("org.apache.felix.http.enable", true);
        properties.put("org.apache.felix.https.enable", false);
        properties.put("org.apache.felix.jetty.websocket.enable", true);
        properties.put("org.apache.felix.http.jetty.sendServerHeader", false);
        properties.put("org.apache.felix.http.session.timeout", 1);
        Configuration configuration = configurationAdmin.getConfiguration(FELIX_HTTP_PID, "?");
        // Jetty restarts (and drops every connection) on a change: only write what differs.
        if (configuration.updateIfDifferent(properties)) {
            LOG.info("HTTP configured for {}:{}", host, port == 0 ? "any free port" : port);
        }
    }

    private String override(String key, String configured) {
        String value = context.getProperty(NodeProperties.ENV_PREFIX + key);
        return value != null && !value.isBlank() ? value.strip() : configured;
    }

    private void announce(ServiceReference<Object> reference) {
        String endpoint = endpointOf(reference.getProperty("osgi.http.endpoint"));
        if (endpoint == null || endpoint.equals(announced)) {
            return;
        }
        announced = endpoint;
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        long started = parseLong(context.getProperty(NodeProperties.START_MILLIS));
        LOG.info("HTTP listening at {}/ (WebSocket {}/ws){}", base, base.replaceFirst("^http", "ws"),
                started > 0 ? ", " + (System.currentTimeMillis() - started) + " ms after start" : "");
        writeRunFile(base + "/");
    }

    private void writeRunFile(String url) {
        String data = context.getProperty(NodeProperties.DATA);
        if (data == null) {
            return;
        }
        try {
            Path run = Path.of(data, "run");
            Files.createDirectories(run);
            Path temp = Files.createTempFile(run, "http", ".tmp");
            Files.writeString(temp, url + "\n", StandardCharsets.UTF_8);
            Files.move(temp, run.resolve("http.url"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot write {}/run/http.url: {}", data, e.toString());
        }
    }

    /** The first endpoint Felix publishes (a String, String[] or Collection), or null. */
    static String endpointOf(Object property) {
        if (property instanceof String s) {
            return s;
        }
        if (property instanceof String[] array && array.length > 0) {
            return array[0];
        }
        if (property instanceof Collection<?> collection && !collection.isEmpty()) {
            return String.valueOf(collection.iterator().next());
        }
        return null;
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Where clients reach this node, once Jetty listens. */
    public String endpoint() {
        return announced;
    }
}
