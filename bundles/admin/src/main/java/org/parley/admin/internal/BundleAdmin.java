package org.parley.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.NodeProperties;
import org.parley.api.http.ProblemException;
import org.parley.api.http.RestResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The admin REST API under {@code /api/admin}: the node's status and its bundles, with install, update and
 * uninstall going through {@code deploy/} so that the result is exactly what a dropped jar gives and
 * survives a restart. Every call needs the admin token.
 */
@Component(service = RestResource.class)
@Path("admin")
public final class BundleAdmin implements RestResource {
    private static final Logger LOG = LoggerFactory.getLogger(BundleAdmin.class);
    private static final int MAX_JAR_BYTES = 64 * 1024 * 1024;
    private static final long DEPLOY_WAIT_MS = 20_000;

    @Reference
    private AdminToken token;

    @Reference
    private Readiness readiness;

    @Reference
    private DeployWatcher deployWatcher;

    @Reference
    private org.osgi.service.component.runtime.ServiceComponentRuntime components;

    @Reference
    private org.parley.api.http.RestRuntime restRuntime;

    /** The SFU's debug view, when the SFU bundle runs. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.parley.api.media.MediaDiagnostics media;

    private BundleContext context;
    private java.nio.file.Path system;
    private DeployFolder deploy;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.system = java.nio.file.Path.of(context.getProperty(NodeProperties.HOME), "system").toAbsolutePath().normalize();
        this.deploy = new DeployFolder(java.nio.file.Path.of(context.getProperty(NodeProperties.DEPLOY)).toAbsolutePath().normalize());
    }

    @GET
    @Path("node")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> node(@HeaderParam("Authorization") String authorization) {
        authorize(authorization);
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("version", context.getBundle().getVersion().toString());
        node.put("endpoint", readiness.endpoint());
        List<String> problems = readiness.problems();
        node.put("ready", problems.isEmpty());
        node.put("problems", problems);
        node.put("deployProblems", deployWatcher.problems());
        org.parley.api.http.RestRuntime runtime = restRuntime;
        node.put("restResources", runtime == null ? List.of() : runtime.served());
        node.put("refusedRestResources", runtime == null ? List.of() : runtime.refused());
        node.put("home", context.getProperty(NodeProperties.HOME));
        node.put("data", context.getProperty(NodeProperties.DATA));
        node.put("bundles", context.getBundles().length);
        return node;
    }

    /** The SFU per meeting and receiver: bandwidth estimate, loss, and each video's layer or pause. */
    @GET
    @Path("sfu")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> sfu(@HeaderParam("Authorization") String authorization) {
        authorize(authorization);
        org.parley.api.media.MediaDiagnostics current = media;
        if (current == null) {
            throw ProblemException.notFound("sfu-not-running", "The SFU bundle is not running on this node");
        }
        return current.snapshot();
    }

    @GET
    @Path("bundles")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(@HeaderParam("Authorization") String authorization) {
        authorize(authorization);
        return Arrays.stream(context.getBundles()).sorted(Comparator.comparingLong(Bundle::getBundleId))
                .map(this::describe).toList();
    }

    @GET
    @Path("bundles")
    @Produces("text/plain;qs=0.5") // JSON unless the client asks for text
    public String listText(@HeaderParam("Authorization") String authorization) {
        List<Map<String, Object>> bundles = list(authorization);
        StringBuilder out = new StringBuilder(String.format("%4s  %-10s  %-5s  %-8s  %-55s  %s%n", "ID", "STATE", "LEVEL",
                "ORIGIN", "SYMBOLIC NAME", "VERSION"));
        for (Map<String, Object> b : bundles) {
            out.append(String.format("%4s  %-10s  %-5s  %-8s  %-55s  %s%n", b.get("id"), b.get("state"),
                    b.getOrDefault("startLevel", ""), b.get("origin"), b.get("symbolicName"), b.get("version")));
        }
        return out.toString();
    }

    @GET
    @Path("bundles/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@HeaderParam("Authorization") String authorization, @PathParam("name") String name) {
        authorize(authorization);
        return describe(find(name).orElseThrow(() -> notFound(name)));
    }

    /** Installs or updates a plugin from the jar in the request body. */
    @POST
    @Path("bundles")
    @Consumes(MediaType.WILDCARD)
    @Produces({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
    public Response deploy(@HeaderParam("Authorization") String authorization, @QueryParam("filename") String fileName,
            InputStream body) throws IOException, InterruptedException {
        authorize(authorization);
        byte[] jar = readLimited(body);
        DeployFolder.Upload upload = DeployFolder.inspect(fileName, jar);
        Optional<Bundle> existing = find(upload.symbolicName());
        if (existing.isPresent() && "system".equals(Bundles.origin(existing.get(), system, deploy.folder()))) {
            throw ProblemException.conflict("core-bundle", upload.symbolicName()
                    + " is a core bundle from system/; core bundles change with a new distribution, not by deploy");
        }
        // An update keeps the deployed file name, so FileInstall updates the bundle instead of adding a copy.
        java.nio.file.Path target = existing.map(Bundles::locationPath).filter(p -> p != null && p.startsWith(deploy.folder()))
                .orElse(deploy.folder().resolve(fileName));
        long before = existing.map(Bundle::getLastModified).orElse(0L);
        deploy.write(target.getFileName().toString(), jar);
        LOG.info("Admin deployed {} {} as {}", upload.symbolicName(), upload.version(), target.getFileName());

        Bundle bundle = awaitBundle(b -> target.equals(Bundles.locationPath(b)) && b.getLastModified() > before
                && b.getVersion().toString().equals(normalizeVersion(upload.version()))
                && (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.RESOLVED || b.getState() == Bundle.INSTALLED));
        if (bundle == null) {
            throw new ProblemException(504, "deploy-timeout", "Deploy not confirmed", "The jar is in deploy/ but no "
                    + "bundle appeared from it within " + DEPLOY_WAIT_MS / 1000 + " s; see the server log");
        }
        Bundle active = awaitBundle(b -> b.getBundleId() == bundle.getBundleId() && b.getState() == Bundle.ACTIVE, 3_000);
        if (active == null) {
            throw new ProblemException(422, "bundle-not-started", "Bundle installed but not started",
                    upload.symbolicName() + " is in deploy/" + target.getFileName() + " but cannot start: "
                            + startFailure(bundle) + ". Undeploy it or deploy a fixed jar.");
        }
        Map<String, Object> description = describe(active);
        description.put("components", awaitComponents(active));
        awaitRestResources(active);
        return Response.status(existing.isPresent() ? 200 : 201).entity(description).build();
    }

    /**
     * Updates one bundle in place from the jar in the request body, core bundles included. A deployed plugin
     * is updated through its file in deploy/ (so the update survives a restart); a core bundle is updated in
     * the running framework only, until the next restart reinstalls system/ (a new distribution makes it
     * permanent).
     */
    @jakarta.ws.rs.PUT
    @Path("bundles/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@HeaderParam("Authorization") String authorization, @PathParam("name") String name,
            InputStream body) throws IOException, InterruptedException {
        authorize(authorization);
        Bundle bundle = find(name).orElseThrow(() -> notFound(name));
        byte[] jar = readLimited(body);
        java.nio.file.Path file = Bundles.locationPath(bundle);
        DeployFolder.Upload upload = DeployFolder.inspect(file != null ? file.getFileName().toString() : "update.jar", jar);
        if (!upload.symbolicName().equals(bundle.getSymbolicName())) {
            throw ProblemException.conflict("wrong-bundle", "The jar is " + upload.symbolicName() + ", not "
                    + bundle.getSymbolicName());
        }
        if ("deploy".equals(Bundles.origin(bundle, system, deploy.folder()))) {
            Response response = deploy(authorization, file.getFileName().toString(), new java.io.ByteArrayInputStream(jar));
            @SuppressWarnings("unchecked")
            Map<String, Object> entity = (Map<String, Object>) response.getEntity();
            return entity;
        }
        if (bundle.getBundleId() == 0 || bundle.equals(context.getBundle())) {
            throw ProblemException.conflict("core-bundle", bundle.getSymbolicName()
                    + " cannot update itself through its own API; restart with a new distribution");
        }
        try {
            bundle.update(new java.io.ByteArrayInputStream(jar));
        } catch (BundleException e) {
            throw new ProblemException(422, "bundle-not-started", "Update failed", e.getMessage());
        }
        LOG.info("Admin updated core bundle {} to {} in the running framework (until restart)",
                bundle.getSymbolicName(), bundle.getVersion());
        Bundle active = awaitBundle(b -> b.getBundleId() == bundle.getBundleId() && b.getState() == Bundle.ACTIVE, 10_000);
        if (active == null) {
            throw new ProblemException(422, "bundle-not-started", "Bundle updated but not started", startFailure(bundle));
        }
        Map<String, Object> description = describe(active);
        description.put("components", awaitComponents(active));
        awaitRestResources(active);
        return description;
    }

    /** Uninstalls a deployed plugin, named by symbolic name or by its jar's file name. */
    @DELETE
    @Path("bundles/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> undeploy(@HeaderParam("Authorization") String authorization, @PathParam("name") String name)
            throws IOException, InterruptedException {
        authorize(authorization);
        Bundle bundle = find(name).orElseThrow(() -> notFound(name));
        Map<String, Object> description = describe(bundle);
        String origin = Bundles.origin(bundle, system, deploy.folder());
        switch (origin) {
            case "deploy" -> {
                deploy.delete(Bundles.locationPath(bundle));
                long id = bundle.getBundleId();
                Bundle gone = awaitBundle(b -> b.getBundleId() == id, 0);
                if (gone != null && awaitAbsent(id)) {
                    throw new ProblemException(504, "undeploy-timeout", "Undeploy not confirmed",
                            "The jar was removed from deploy/ but the bundle is still installed; see the server log");
                }
            }
            case "other" -> {
                try {
                    bundle.uninstall();
                } catch (BundleException e) {
                    throw new ProblemException(409, "uninstall-failed", "Uninstall failed", e.getMessage());
                }
            }
            default -> throw ProblemException.conflict("core-bundle",
                    bundle.getSymbolicName() + " is a core bundle and cannot be undeployed");
        }
        LOG.info("Admin undeployed {} {}", bundle.getSymbolicName(), bundle.getVersion());
        description.put("state", "uninstalled");
        return description;
    }

    private Map<String, Object> describe(Bundle bundle) {
        return Bundles.describe(bundle, system, deploy.folder());
    }

    private Optional<Bundle> find(String name) {
        if (name.matches("\\d{1,18}")) {
            Bundle byId = context.getBundle(Long.parseLong(name));
            if (byId != null) {
                return Optional.of(byId);
            }
        }
        return Arrays.stream(context.getBundles())
                .filter(b -> name.equals(b.getSymbolicName()) || isDeployedFile(b, name))
                .max(Comparator.comparingLong(Bundle::getBundleId));
    }

    private boolean isDeployedFile(Bundle bundle, String fileName) {
        java.nio.file.Path path = Bundles.locationPath(bundle);
        return path != null && path.startsWith(deploy.folder()) && path.getFileName().toString().equals(fileName);
    }

    private Bundle awaitBundle(Predicate<Bundle> condition) throws InterruptedException {
        return awaitBundle(condition, DEPLOY_WAIT_MS);
    }

    private Bundle awaitBundle(Predicate<Bundle> condition, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        do {
            for (Bundle bundle : context.getBundles()) {
                if (condition.test(bundle)) {
                    return bundle;
                }
            }
            if (waitMillis > 0) {
                Thread.sleep(50);
            }
        } while (System.currentTimeMillis() < deadline);
        return null;
    }

    /** True when the bundle is still there after the wait. */
    private boolean awaitAbsent(long id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEPLOY_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            Bundle bundle = context.getBundle(id);
            if (bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * Waits (briefly) until the bundle's Declarative Services components have registered their services, so
     * that when a deploy call returns, the plugin's endpoints and message types are live. Returns each
     * component's state.
     */
    private Map<String, String> awaitComponents(Bundle bundle) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        Map<String, String> states = new LinkedHashMap<>();
        boolean declaresComponents = bundle.getHeaders("").get("Service-Component") != null;
        while (true) {
            states.clear();
            var descriptions = components.getComponentDescriptionDTOs(bundle);
            // Between ACTIVE and SCR's handling of the STARTED event, a bundle shows no components at all.
            boolean settled = !(declaresComponents && descriptions.isEmpty());
            for (var description : descriptions) {
                if (!description.defaultEnabled) {
                    continue;
                }
                var configurations = components.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty()) {
                    settled = false;
                    states.put(description.name, "unsatisfied");
                }
                for (var configuration : configurations) {
                    String state = switch (configuration.state) {
                        case org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE -> "active";
                        case org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.SATISFIED -> "satisfied";
                        case org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed";
                        default -> "unsatisfied";
                    };
                    settled &= !state.equals("unsatisfied");
                    states.put(description.name, state);
                }
            }
            if (settled || System.currentTimeMillis() > deadline) {
                return states;
            }
            Thread.sleep(20);
        }
    }

    /** Waits until /api serves (or has refused) every REST resource the bundle registered. */
    private void awaitRestResources(Bundle bundle) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            org.parley.api.http.RestRuntime runtime = restRuntime;
            if (runtime == null) {
                return;
            }
            java.util.Set<Long> known = new java.util.HashSet<>();
            runtime.served().forEach(r -> known.add(r.serviceId()));
            runtime.refused().forEach(r -> known.add(r.serviceId()));
            boolean all = true;
            var registered = bundle.getRegisteredServices();
            if (registered != null) {
                for (var reference : registered) {
                    String[] classes = (String[]) reference.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
                    if (Arrays.asList(classes).contains(RestResource.class.getName())
                            && !known.contains((Long) reference.getProperty(org.osgi.framework.Constants.SERVICE_ID))) {
                        all = false;
                    }
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Why a bundle does not start, as the framework says it. */
    private static String startFailure(Bundle bundle) {
        try {
            bundle.start();
            return "it started only now";
        } catch (BundleException | RuntimeException e) {
            return e.getMessage();
        }
    }

    private static String normalizeVersion(String version) {
        try {
            return org.osgi.framework.Version.parseVersion(version).toString();
        } catch (IllegalArgumentException e) {
            return version;
        }
    }

    private static byte[] readLimited(InputStream body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes = body.readNBytes(MAX_JAR_BYTES + 1);
        if (bytes.length > MAX_JAR_BYTES) {
            throw new ProblemException(413, "payload-too-large", "Jar too large",
                    "Plugin jars are limited to " + MAX_JAR_BYTES / (1024 * 1024) + " MiB");
        }
        return bytes;
    }

    private void authorize(String authorization) {
        if (!token.accepts(authorization)) {
            throw new ProblemException(401, "unauthorized", "Admin token required",
                    "Send 'Authorization: Bearer <token>' with the token from etc/org.parley.admin.cfg or data/admin.token");
        }
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("bundle-not-found", "No bundle named '" + name + "'");
    }

}
