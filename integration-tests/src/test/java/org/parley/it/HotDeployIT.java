package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Hot deploy as an admin does it: a plugin jar dropped into deploy/, overwritten with v2, deleted, while a
 * WebSocket client stays connected and a client keeps calling /api.
 */
class HotDeployIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("hotdeploy");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void pluginAppearsUpdatesAndDisappearsWhileClientsStayConnected() throws Exception {
        Path v1 = Jars.helloPlugin();
        Path v2 = Jars.withHeaders(v1, Map.of("Bundle-Version", "2.0.0"), server.home().resolve("v2/hello.jar"));
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicBoolean hammering = new AtomicBoolean(true);
        Thread hammer = new Thread(() -> {
            while (hammering.get()) {
                try {
                    int status = server.get("/api/hello").statusCode();
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
                }
            }
        }, "api-hammer");
        hammer.start();

        try (WsClient ws = WsClient.connect(server.webSocketUri())) {
            JsonNode before = ws.request("{\"type\":\"hello.echo\",\"id\":\"0\",\"text\":\"hi\"}");
            assertThat(before.path("type").asText()).isEqualTo("error");
            assertThat(before.path("code").asText()).isEqualTo("unknown-type");
            assertThat(before.path("id").asText()).isEqualTo("0");

            server.deploy(v1, "hello.jar");
            awaitVersion("1.0.0");
            assertThat(echoVersion(ws, "1")).isEqualTo("1.0.0");

            server.deploy(v2, "hello.jar");
            awaitVersion("2.0.0");
            assertThat(echoVersion(ws, "2")).isEqualTo("2.0.0");

            Files.delete(server.home().resolve("deploy/hello.jar"));
            ParleyServer.await("/api/hello gone", Duration.ofSeconds(15), () -> server.status("/api/hello") == 404);
            JsonNode after = ws.request("{\"type\":\"hello.echo\",\"id\":\"3\",\"text\":\"hi\"}");
            assertThat(after.path("code").asText()).isEqualTo("unknown-type");

            assertThat(ws.isOpen()).as("WebSocket survived install, update and removal").isTrue();
        } finally {
            hammering.set(false);
            hammer.join();
        }
        assertThat(statuses.keySet()).as("statuses seen by /api/hello during hot deploy: " + statuses)
                .contains(200, 404).allMatch(s -> s == 200 || s == 404);
        // The watcher logs the uninstall on the framework's event thread, possibly just after /api/hello is 404.
        ParleyServer.await("uninstall logged", Duration.ofSeconds(10),
                () -> server.log().contains("uninstalled (deploy/hello.jar)"));
        assertThat(server.log()).contains("Plugin org.parley.plugins.hello 1.0.0 started (deploy/hello.jar)")
                .contains("Plugin org.parley.plugins.hello 2.0.0 updated (deploy/hello.jar)")
                .contains("uninstalled (deploy/hello.jar)");
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void configurationChangeInEtcAppliesLive() throws Exception {
        server.deploy(Jars.helloPlugin(), "hello-config.jar");
        try {
            awaitVersion("1.0.0");
            Path cfg = server.home().resolve("etc/org.parley.plugins.hello.cfg");
            Path temp = server.home().resolve("data/hello.cfg.tmp");
            Files.writeString(temp, "greeting = Configured live\n");
            Files.move(temp, cfg, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            ParleyServer.await("greeting from etc", Duration.ofSeconds(15),
                    () -> body("/api/hello").path("greeting").asText().equals("Configured live"));
            Files.delete(cfg);
            ParleyServer.await("default greeting back", Duration.ofSeconds(15),
                    () -> body("/api/hello").path("greeting").asText().equals("Hello from a Parley plugin"));
        } finally {
            Files.deleteIfExists(server.home().resolve("deploy/hello-config.jar"));
            ParleyServer.await("/api/hello gone", Duration.ofSeconds(15), () -> server.status("/api/hello") == 404);
        }
    }

    private static String echoVersion(WsClient ws, String id) throws InterruptedException {
        JsonNode reply = ws.request("{\"type\":\"hello.echo\",\"id\":\"" + id + "\",\"text\":\"ping\"}");
        assertThat(reply.path("type").asText()).as(reply.toString()).isEqualTo("hello.echo.reply");
        assertThat(reply.path("id").asText()).isEqualTo(id);
        assertThat(reply.path("text").asText()).isEqualTo("ping");
        return reply.path("version").asText();
    }

    private static void awaitVersion(String version) throws InterruptedException {
        ParleyServer.await("/api/hello answering version " + version, Duration.ofSeconds(20),
                () -> version.equals(body("/api/hello").path("version").asText()));
    }

    static JsonNode body(String path) {
        try {
            return JSON.readTree(server.get(path).body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

}
