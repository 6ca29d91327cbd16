package org.parley.client.janus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Janus of its own for a test: a network namespace joined to this one by a veth pair (10.203.0.5 here,
 * 10.203.0.6 inside, apart from the 10.203.0.1/30 the benchmark script uses), Janus inside it with the
 * benchmark's configuration (scripts/janus/), so that its media sockets can reach nothing but this host.
 * Needs root, iproute2 and the janus package; {@link #available()} says whether they are there.
 */
final class JanusInNamespace implements AutoCloseable {
    static final String HOST_ADDRESS = "10.203.0.5";
    static final String NAMESPACE_ADDRESS = "10.203.0.6";
    static final String ADMIN_SECRET = "parley-test";
    private static final Path JANUS = Path.of("/usr/bin/janus");
    private static final Path PLUGINS = Path.of("/usr/lib/x86_64-linux-gnu/janus/plugins/libjanus_videoroom.so");
    private static final Path TRANSPORTS = Path.of("/usr/lib/x86_64-linux-gnu/janus/transports/libjanus_http.so");
    /** The module runs with its own directory as working directory; the configuration is the script's. */
    private static final Path CONFIG_TEMPLATES = Path.of("../../scripts/janus");

    private final String namespace;
    private final String hostLink;
    private final Path directory;
    private final List<String[]> undo = new ArrayList<>();
    private Process janus;

    private JanusInNamespace() throws IOException {
        long id = ProcessHandle.current().pid() % 100_000;
        this.namespace = "parley-jt-" + id;
        this.hostLink = "pjt" + id + "h";
        this.directory = Files.createTempDirectory("parley-janus-test");
    }

    static boolean available() {
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip"));
        return ip && Files.isExecutable(JANUS) && Files.exists(PLUGINS) && Files.exists(TRANSPORTS)
                && Files.isDirectory(CONFIG_TEMPLATES) && "root".equals(System.getProperty("user.name"));
    }

    static JanusInNamespace start() throws Exception {
        JanusInNamespace j = new JanusInNamespace();
        try {
            j.startNetwork();
            j.startJanus();
            return j;
        } catch (Exception e) {
            j.close();
            throw e;
        }
    }

    private void startNetwork() throws IOException, InterruptedException {
        String inside = "pjt" + namespace.substring("parley-jt-".length()) + "n";
        ip("netns", "add", namespace);
        undo.add(0, new String[] { "netns", "delete", namespace });
        ip("link", "add", hostLink, "type", "veth", "peer", "name", inside);
        undo.add(0, new String[] { "link", "delete", hostLink });
        ip("link", "set", inside, "netns", namespace);
        ip("addr", "add", HOST_ADDRESS + "/30", "dev", hostLink);
        ip("link", "set", hostLink, "up");
        ip("netns", "exec", namespace, "ip", "addr", "add", NAMESPACE_ADDRESS + "/30", "dev", inside);
        ip("netns", "exec", namespace, "ip", "link", "set", inside, "up");
        ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
    }

    private void startJanus() throws Exception {
        Path conf = Files.createDirectories(directory.resolve("conf"));
        Path plugins = Files.createDirectories(directory.resolve("plugins"));
        Path transports = Files.createDirectories(directory.resolve("transports"));
        Path empty = Files.createDirectories(directory.resolve("empty"));
        Files.createSymbolicLink(plugins.resolve(PLUGINS.getFileName()), PLUGINS);
        Files.createSymbolicLink(transports.resolve(TRANSPORTS.getFileName()), TRANSPORTS);
        Map<String, String> values = Map.ofEntries(Map.entry("@ADMIN_PORT@", "7088"),
                Map.entry("@ADMIN_SECRET@", ADMIN_SECRET), Map.entry("@CONFIGS_FOLDER@", conf.toString()),
                Map.entry("@PLUGINS_FOLDER@", plugins.toString()), Map.entry("@TRANSPORTS_FOLDER@", transports.toString()),
                Map.entry("@EMPTY_FOLDER@", empty.toString()), Map.entry("@RTP_PORT_RANGE@", "30000-39999"),
                Map.entry("@MEDIA_ADDRESS@", NAMESPACE_ADDRESS), Map.entry("@HTTP_PORT@", "8088"),
                Map.entry("@HTTP_ADDRESS@", NAMESPACE_ADDRESS));
        try (Stream<Path> templates = Files.list(CONFIG_TEMPLATES)) {
            for (Path template : templates.filter(p -> p.toString().endsWith(".jcfg")).toList()) {
                String text = Files.readString(template);
                for (Map.Entry<String, String> value : values.entrySet()) {
                    text = text.replace(value.getKey(), value.getValue());
                }
                Files.writeString(conf.resolve(template.getFileName()), text);
            }
        }
        janus = new ProcessBuilder("ip", "netns", "exec", namespace, JANUS.toString(), "-C",
                conf.resolve("janus.jcfg").toString(), "-F", conf.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("janus.log").toFile()).start();
        awaitApi();
    }

    /** Until Janus answers "info" (it loads its plugins first), or it exits. */
    private void awaitApi() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest info = HttpRequest.newBuilder(api()).timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"janus\":\"info\",\"transaction\":\"ready\"}")).build();
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!janus.isAlive()) {
                throw new IOException("Janus exited: " + log());
            }
            try {
                if (http.send(info, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("Janus did not answer on " + api() + ": " + log());
    }

    URI api() {
        return URI.create("http://" + NAMESPACE_ADDRESS + ":8088/janus");
    }

    URI adminApi() {
        return URI.create("http://" + NAMESPACE_ADDRESS + ":7088/admin");
    }

    JanusTarget.Options options() {
        return JanusTarget.Options.of(api(), java.util.OptionalLong.of(pid()))
                .withAdmin(adminApi(), ADMIN_SECRET);
    }

    long pid() {
        return janus.pid();
    }

    static InetAddress hostAddress() throws IOException {
        return InetAddress.getByName(HOST_ADDRESS);
    }

    String log() {
        try {
            return Files.readString(directory.resolve("janus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws Exception {
        if (janus != null) {
            janus.destroy();
            if (!janus.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                janus.destroyForcibly().waitFor();
            }
        }
        for (String[] command : undo) {
            try {
                ip(command);
            } catch (IOException e) {
                // already gone with the namespace
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
