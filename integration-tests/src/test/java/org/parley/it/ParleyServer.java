package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real Parley node for a test: a private copy of the built distribution, started with {@code bin/parley run}
 * on a free port (PARLEY_HTTP_PORT=0) with a known admin token, its console captured to a log file under
 * {@code target/it-output}. Close stops it with SIGTERM, as an admin would.
 */
public final class ParleyServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "it-admin-token";

    private final Path home;
    private final Path log;
    private final Process process;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    private ParleyServer(Path home, Path log, Process process, Map<String, String> environment) {
        this.home = home;
        this.log = log;
        this.process = process;
        this.environment = Map.copyOf(environment);
    }

    /** Starts a node and waits until {@code /ready} answers 200. */
    public static ParleyServer start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        return start(name, environment, Map.of());
    }

    /**
     * Starts a node with extra files in {@code etc/} (file name -> content, e.g. a {@code .cfg} that replaces a
     * default), written before the process starts, and waits until {@code /ready} answers 200.
     */
    public static ParleyServer start(String name, Map<String, String> environment, Map<String, String> etcFiles)
            throws IOException, InterruptedException {
        Path home = prepareHome(name);
        for (Map.Entry<String, String> file : etcFiles.entrySet()) {
            Files.writeString(home.resolve("etc").resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        return launch(home, environment);
    }

    private static ParleyServer launch(Path home, Map<String, String> environment) throws IOException, InterruptedException {
        Path log = home.resolveSibling(home.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/parley").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        builder.environment().put("PARLEY_HTTP_PORT", "0");
        // Nodes run side by side in tests: each takes a free media port.
        builder.environment().put("PARLEY_MEDIA_PORT", "0");
        builder.environment().put("PARLEY_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("PARLEY_JAVA_OPTS", "-Xms64m -Xmx512m");
        builder.environment().putAll(environment);
        ParleyServer server = new ParleyServer(home, log, builder.start(), environment);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /** Stops this node (SIGTERM) and starts a new process on the same home and data. */
    public ParleyServer restart() throws IOException, InterruptedException {
        stop();
        return launch(home, environment);
    }

    /** Kills this node with SIGKILL (no shutdown hooks), as a crash would, then starts it again. */
    public ParleyServer crashAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        return launch(home, environment);
    }

    /** A private copy of the built distribution under target/it-output, without its data/. */
    public static Path prepareHome(String name) throws IOException {
        Path distribution = Path.of(System.getProperty("parley.distribution", "../distribution/target/parley"));
        assertThat(distribution.resolve("bin/parley")).as("built distribution").exists();
        Path output = Path.of(System.getProperty("parley.it.output", "target/it-output")).toAbsolutePath();
        Files.createDirectories(output);
        Path home = Files.createTempDirectory(output, name + "-");
        copyTree(distribution, home);
        return home;
    }

    public static ParleyServer start(String name) throws IOException, InterruptedException {
        return start(name, Map.of());
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Path urlFile = home.resolve("data/run/http.url");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Parley exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (Files.exists(urlFile)) {
                    base = URI.create(Files.readString(urlFile).strip());
                    if (get("/ready").statusCode() == 200) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Parley not ready within " + timeout + ":\n" + log());
    }

    public URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public URI webSocketUri() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    public Path home() {
        return home;
    }

    public HttpClient client() {
        return http;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, or -1 when the node does not answer. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** Everything the node has printed so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a jar into deploy/ the safe way: written beside it, then moved in. */
    public Path deploy(Path jar, String fileName) throws IOException {
        Path temp = home.resolve("data").resolve(fileName + ".part");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        return Files.move(temp, home.resolve("deploy").resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a condition, polling; fails the test with the message when it does not come. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
    }

    /** SIGTERM, then waits for a clean exit. */
    public int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Parley did not stop within 40 s of SIGTERM");
            }
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("data") && dir.getParent().equals(from)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
