package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Starting and stopping a node the ways an admin does. */
class LifecycleIT {

    @Test
    void foregroundNodeStopsCleanlyOnSigterm() throws Exception {
        ParleyServer server = ParleyServer.start("sigterm");
        server.deploy(Jars.helloPlugin(), "hello.jar");
        ParleyServer.await("plugin up", java.time.Duration.ofSeconds(20), () -> server.status("/api/hello") == 200);
        int exit = server.stop();
        assertThat(exit).as("JVM exit after SIGTERM (128 + 15)").isEqualTo(143);
        assertThat(server.log()).contains("[kernel] [INFO] org.parley.kernel - Stopping")
                .contains("Plugin org.parley.plugins.hello 1.0.0 stopped")
                .doesNotContain("did not stop within");
    }

    @Test
    void daemonStartStatusStop() throws Exception {
        Path home = ParleyServer.prepareHome("daemon");
        Result start = run(home, "start");
        try {
            assertThat(start.exit()).as(start.output()).isZero();
            assertThat(start.output()).containsPattern("Parley started \\(pid \\d+\\) at http://127\\.0\\.0\\.1:\\d+/");
            assertThat(Files.readString(home.resolve("data/parley.pid")).strip()).matches("\\d+");
            Result status = run(home, "status");
            assertThat(status.exit()).isZero();
            assertThat(status.output()).containsPattern("running \\(pid \\d+\\) at http://127\\.0\\.0\\.1:\\d+/ - ready")
                    .as("the media port chosen at start (PARLEY_MEDIA_PORT=0)")
                    .containsPattern("media \\(SFU\\) at udp://127\\.0\\.0\\.1:\\d+");
            assertThat(run(home, "start").exit()).as("second start refused").isNotZero();
        } finally {
            Result stop = run(home, "stop");
            assertThat(stop.exit()).as(stop.output()).isZero();
            assertThat(stop.output()).contains("stopped");
        }
        Result after = run(home, "status");
        assertThat(after.exit()).isEqualTo(3);
        assertThat(after.output()).contains("not running");
        assertThat(Files.readString(home.resolve("data/log/parley.log"))).contains("Parley ready at").contains("Stopping");
    }

    @Test
    void helpAndUnknownCommand() throws Exception {
        Path home = ParleyServer.prepareHome("cli");
        assertThat(run(home, "help").output()).contains("parley deploy FILE.jar");
        Result unknown = run(home, "frobnicate");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.output()).contains("unknown command 'frobnicate'");
        assertThat(run(home, "bundles").output()).contains("server not running");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/parley").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        builder.environment().put("PARLEY_HTTP_PORT", "0");
        builder.environment().put("PARLEY_MEDIA_PORT", "0");
        builder.environment().put("PARLEY_JAVA_OPTS", "-Xms64m -Xmx512m");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
