package org.parley.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Boots one OSGi framework, installs the distribution's core bundles in start-level order and hands
 * everything else (hot deploy, configuration) to the bundles themselves. It knows nothing about
 * conferencing.
 */
public final class Kernel {
    /** Highest start level the framework is raised to; deployed plugins start at a level below it. */
    static final int BEGINNING_START_LEVEL = 100;

    private final BootSettings settings;
    private final Map<String, String> frameworkProperties;
    private Framework framework;

    public Kernel(BootSettings settings, Map<String, String> frameworkProperties) {
        this.settings = settings;
        this.frameworkProperties = Map.copyOf(frameworkProperties);
    }

    /** Starts the framework and the core bundles; returns once the final start level is reached. */
    public void start() throws IOException, BundleException, InterruptedException {
        Files.createDirectories(settings.data());
        Files.createDirectories(settings.deploy());
        Path run = settings.data().resolve("run");
        clearRunFiles(run);

        Map<String, String> properties = new HashMap<>(frameworkProperties);
        properties.putIfAbsent(Constants.FRAMEWORK_STORAGE, settings.data().resolve("cache").resolve("felix").toString());
        // Core bundles come from system/ at every boot, plugins from deploy/: nothing needs the old cache.
        properties.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        framework = factory.newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();

        List<SystemFolder.SystemBundle> core = SystemFolder.scan(settings.system());
        if (core.isEmpty()) {
            Log.warn("No core bundles under " + settings.system() + ": the node will run an empty framework");
        }
        for (SystemFolder.SystemBundle systemBundle : core) {
            install(context, systemBundle);
        }
        framework.start();
        raiseStartLevel(BEGINNING_START_LEVEL);
        Log.info("Kernel started " + core.size() + " core bundles from " + settings.system());
    }

    /** Run files (the HTTP URL, ...) describe a live process; a new boot must not show the last one's. */
    private static void clearRunFiles(Path run) throws IOException {
        Files.createDirectories(run);
        try (var files = Files.list(run)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                }
            }
        }
    }

    private void install(BundleContext context, SystemFolder.SystemBundle systemBundle) {
        String location = systemBundle.jar().toUri().toString();
        try {
            Bundle bundle = context.installBundle(location);
            bundle.adapt(BundleStartLevel.class).setStartLevel(systemBundle.startLevel());
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        } catch (BundleException | RuntimeException e) {
            // One broken core bundle must not keep the others (and the admin API that reports it) down.
            Log.error("Cannot install core bundle " + systemBundle.jar().getFileName() + ": " + e.getMessage());
        }
    }

    private void raiseStartLevel(int level) throws InterruptedException {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        Object reached = new Object();
        boolean[] done = {false};
        startLevel.setStartLevel(level, event -> {
            synchronized (reached) {
                done[0] = true;
                reached.notifyAll();
            }
        });
        synchronized (reached) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!done[0] && System.currentTimeMillis() < deadline) {
                reached.wait(500);
            }
        }
    }

    /** Blocks until the framework has stopped (by {@link #stop} or by a bundle stopping the system bundle). */
    public int awaitStop() throws InterruptedException {
        FrameworkEvent event = framework.waitForStop(0);
        return event.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** Stops every bundle in reverse start-level order and then the framework. */
    public void stop(long timeoutMillis) {
        Framework current = framework;
        if (current == null || current.getState() != Bundle.ACTIVE && current.getState() != Bundle.STARTING) {
            return;
        }
        try {
            current.stop();
            FrameworkEvent event = current.waitForStop(timeoutMillis);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                Log.warn("Framework did not stop within " + timeoutMillis + " ms");
            }
        } catch (BundleException | InterruptedException e) {
            Log.error("Error while stopping: " + e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Framework framework() {
        return framework;
    }
}
