package org.parley.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Makes variants of a plugin jar for tests: same classes, changed manifest headers. */
public final class Jars {
    private Jars() {
    }

    public static Path withHeaders(Path jar, Map<String, String> headers, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = new Manifest(source.getManifest());
            Attributes main = manifest.getMainAttributes();
            headers.forEach((name, value) -> {
                if (value == null) {
                    main.remove(new Attributes.Name(name));
                } else {
                    main.putValue(name, value);
                }
            });
            Files.createDirectories(out.getParent());
            try (OutputStream os = Files.newOutputStream(out); JarOutputStream target = new JarOutputStream(os, manifest)) {
                JarEntry entry;
                while ((entry = source.getNextJarEntry()) != null) {
                    target.putNextEntry(new JarEntry(entry.getName()));
                    source.transferTo(target);
                    target.closeEntry();
                }
            }
        }
        return out;
    }

    public static Path helloPlugin() {
        return Path.of(System.getProperty("parley.plugin.hello"));
    }
}
