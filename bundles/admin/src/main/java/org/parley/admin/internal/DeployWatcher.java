package org.parley.admin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.parley.api.NodeProperties;
import org.parley.api.http.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes hot deploy visible: one log line per plugin lifecycle step (installed, started, updated, stopped,
 * uninstalled, with the jar it came from), and a clear line for a jar in {@code deploy/} that is not a bundle
 * at all, which FileInstall would otherwise skip without a word. Problems found are also listed by
 * {@code GET /api/admin/node}.
 */
@Component(service = DeployWatcher.class, immediate = true)
public final class DeployWatcher implements BundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);

    private Path deploy;
    private BundleContext context;
    private ScheduledExecutorService scanner;
    /** Jars found not to be bundles, by path, with the modification time that was judged. */
    private final Map<Path, Long> notBundles = new ConcurrentHashMap<>();
    private final Map<Path, String> reasons = new ConcurrentHashMap<>();

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        this.deploy = Path.of(context.getProperty(NodeProperties.DEPLOY)).toAbsolutePath().normalize();
        context.addBundleListener(this);
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-deploy-watch");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scan, 500, 1000, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        scanner.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        Path path = Bundles.locationPath(bundle);
        if (path == null || !path.startsWith(deploy)) {
            return;
        }
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (what != null) {
            LOG.info("Plugin {} {} {} (deploy/{})", bundle.getSymbolicName(), bundle.getVersion(), what,
                    path.getFileName());
        }
    }

    void scan() {
        if (!Files.isDirectory(deploy)) {
            return;
        }
        Set<Path> installed = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            Path path = Bundles.locationPath(bundle);
            if (path != null) {
                installed.add(path);
            }
        }
        Set<Path> present = new HashSet<>();
        try (Stream<Path> files = Files.list(deploy)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                Path normalized = jar.toAbsolutePath().normalize();
                present.add(normalized);
                if (installed.contains(normalized)) {
                    reasons.remove(normalized);
                    notBundles.remove(normalized);
                    continue;
                }
                long modified = Files.getLastModifiedTime(jar).toMillis();
                Long judged = notBundles.get(normalized);
                if (judged != null && judged == modified) {
                    continue;
                }
                String reason = whyNotABundle(jar);
                if (reason != null) {
                    notBundles.put(normalized, modified);
                    reasons.put(normalized, reason);
                    LOG.error("Ignoring deploy/{}: {}", jar.getFileName(), reason);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot scan {}: {}", deploy, e.toString());
        }
        notBundles.keySet().retainAll(present);
        reasons.keySet().retainAll(present);
    }

    private static String whyNotABundle(Path jar) {
        try {
            DeployFolder.inspect(jar.getFileName().toString(), Files.readAllBytes(jar));
            return null;
        } catch (ProblemException e) {
            return "not an OSGi bundle (" + e.detail() + ")";
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    /** Jars in deploy/ that could not be installed, with why. */
    public List<String> problems() {
        return reasons.entrySet().stream().map(e -> "deploy/" + e.getKey().getFileName() + ": " + e.getValue())
                .sorted().toList();
    }
}
