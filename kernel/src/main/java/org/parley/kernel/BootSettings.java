package org.parley.kernel;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The settings the kernel needs before any bundle runs: where the node lives and the properties files in
 * {@code etc/} that become JVM system properties ({@code system.properties}) and framework properties
 * ({@code parley.properties}).
 *
 * <p>Values may refer to other values as {@code ${name}}, looked up in this order: the properties already
 * read, the JVM system properties, then {@code env:NAME} for an environment variable.
 * {@code ${name:-fallback}} gives a fallback when nothing is found.
 */
public final class BootSettings {
    private final Path home;
    private final Path data;
    private final Path etc;
    private final Path system;
    private final Path deploy;
    private final Map<String, String> environment;

    public BootSettings(Path home, Map<String, String> environment, Properties systemProperties) {
        this.home = home.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.etc = this.home.resolve("etc");
        this.system = this.home.resolve("system");
        this.deploy = this.home.resolve("deploy");
        String dataSetting = environment.getOrDefault("PARLEY_DATA", systemProperties.getProperty("parley.data"));
        this.data = dataSetting == null || dataSetting.isBlank() ? this.home.resolve("data")
                : this.home.resolve(dataSetting).toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    public Path data() {
        return data;
    }

    public Path etc() {
        return etc;
    }

    public Path system() {
        return system;
    }

    public Path deploy() {
        return deploy;
    }

    /** The {@code parley.*} properties that locate the node, as bundles see them. */
    public Map<String, String> locations() {
        Map<String, String> locations = new LinkedHashMap<>();
        locations.put("parley.home", home.toString());
        locations.put("parley.data", data.toString());
        locations.put("parley.etc", etc.toString());
        locations.put("parley.deploy", deploy.toString());
        return locations;
    }

    /**
     * Every {@code PARLEY_*} environment variable as {@code parley.env.*}: {@code PARLEY_HTTP_PORT} becomes
     * {@code parley.env.http.port}. Components let these override their configuration.
     */
    public Map<String, String> environmentOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("PARLEY_") && name.length() > "PARLEY_".length()) {
                String key = name.substring("PARLEY_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                overrides.put("parley.env." + key, value);
            }
        });
        return overrides;
    }

    /**
     * Reads a properties file from {@code etc/} and resolves its {@code ${...}} references against
     * {@code known} (then system properties, then the environment). A missing file gives no properties.
     */
    public Map<String, String> readEtc(String fileName, Map<String, String> known) throws IOException {
        Path file = etc.resolve(fileName);
        Map<String, String> result = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(reader);
        }
        Map<String, String> scope = new LinkedHashMap<>(known);
        for (String name : raw.stringPropertyNames()) {
            scope.putIfAbsent(name, raw.getProperty(name));
        }
        UnaryOperator<String> lookup = name -> {
            if (name.startsWith("env:")) {
                return environment.get(name.substring(4));
            }
            String value = scope.get(name);
            return value != null ? value : System.getProperty(name);
        };
        for (String name : raw.stringPropertyNames()) {
            result.put(name, Interpolation.resolve(raw.getProperty(name), lookup));
        }
        return result;
    }
}
