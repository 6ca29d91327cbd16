package org.parley.kernel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point: {@code java -Dparley.home=DIR -cp 'lib/*' org.parley.kernel.Main}. Reads
 * {@code etc/system.properties} into the JVM, {@code etc/parley.properties} into the framework, boots the
 * kernel and stops it cleanly on SIGTERM / Ctrl-C.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        long startMillis = System.currentTimeMillis();
        BootSettings settings = new BootSettings(Path.of(System.getProperty("parley.home", ".")), System.getenv(),
                System.getProperties());

        Map<String, String> known = new LinkedHashMap<>(settings.locations());
        Map<String, String> systemProperties = settings.readEtc("system.properties", known);
        systemProperties.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
        known.putAll(systemProperties);

        Map<String, String> framework = new LinkedHashMap<>(settings.readEtc("parley.properties", known));
        framework.putAll(settings.locations());
        framework.putAll(settings.environmentOverrides());
        framework.put("parley.start.millis", Long.toString(startMillis));

        Kernel kernel = new Kernel(settings, framework);
        Thread shutdown = new Thread(() -> {
            Log.info("Stopping");
            kernel.stop(30_000);
        }, "parley-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        Log.info("Parley starting from " + settings.home() + " (data: " + settings.data() + ")");
        kernel.start();
        int exit = kernel.awaitStop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException alreadyShuttingDown) {
            return;
        }
        Log.info("Stopped");
        System.exit(exit);
    }
}
