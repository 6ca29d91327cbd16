package org.parley.plugins.hello;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.http.RestResource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/hello}: the configured greeting and the plugin version that answered. */
@Component(service = RestResource.class, configurationPid = HelloConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HelloConfig.class)
@Path("hello")
public final class HelloResource implements RestResource {
    private volatile String greeting;
    private String version;

    @Activate
    void activate(BundleContext context, HelloConfig config) {
        version = context.getBundle().getVersion().toString();
        greeting = config.greeting();
    }

    @Modified
    void modified(HelloConfig config) {
        greeting = config.greeting();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> hello() {
        return Map.of("greeting", greeting, "plugin", HelloConfig.PID, "version", version);
    }
}
