package org.parley.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/** Boots a real Felix framework from a system/ folder built by the test. */
class KernelTest {
    @TempDir
    Path home;

    @Test
    void installsCoreBundlesInStartLevelOrderAndSkipsBrokenOnes() throws Exception {
        writeBundle(home.resolve("system/20/b.jar"), "test.b");
        writeBundle(home.resolve("system/5/a.jar"), "test.a");
        Files.createDirectories(home.resolve("system/notalevel"));
        writeBundle(home.resolve("system/notalevel/ignored.jar"), "test.ignored");
        Files.writeString(home.resolve("system/5/broken.jar"), "not a jar");

        Kernel kernel = new Kernel(new BootSettings(home, Map.of(), new Properties()), Map.of());
        kernel.start();
        try {
            Bundle[] bundles = kernel.framework().getBundleContext().getBundles();
            Bundle a = find(bundles, "test.a");
            Bundle b = find(bundles, "test.b");
            assertThat(a.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(a.adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(5);
            assertThat(b.adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(20);
            assertThat(a.getBundleId()).isLessThan(b.getBundleId());
            assertThat(Arrays.stream(bundles).map(Bundle::getSymbolicName)).doesNotContain("test.ignored");
            assertThat(Files.isDirectory(home.resolve("deploy"))).isTrue();
        } finally {
            kernel.stop(10_000);
        }
        assertThat(kernel.framework().getState()).isEqualTo(Bundle.RESOLVED);
    }

    private static Bundle find(Bundle[] bundles, String name) {
        return Arrays.stream(bundles).filter(b -> name.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    private static void writeBundle(Path jar, String symbolicName) throws Exception {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest-only bundle is enough to see install order and start levels
        }
    }
}
