package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What a bad jar in deploy/ does: the node says why in its log and keeps serving. */
class BrokenPluginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("broken");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void jarWithoutBundleManifestIsReportedAndIgnored() throws Exception {
        Path garbage = server.home().resolve("tmp/garbage.jar");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "this is not a jar");
        server.deploy(garbage, "garbage.jar");
        ParleyServer.await("log line about garbage.jar", Duration.ofSeconds(15),
                () -> server.log().contains("Ignoring deploy/garbage.jar: not an OSGi bundle"));
        assertStillServing();
        String node = server.send(server.admin("/api/admin/node")).body();
        assertThat(JSON.readTree(node).path("deployProblems").toString()).contains("garbage.jar");
        Files.delete(server.home().resolve("deploy/garbage.jar"));
    }

    @Test
    void bundleWithMissingImportIsInstalledButNotStartedAndTheLogSaysWhy() throws Exception {
        Path broken = Jars.withHeaders(Jars.helloPlugin(), Map.of("Bundle-SymbolicName", "org.parley.plugins.broken",
                "Import-Package", "com.example.nowhere;version=\"[1,2)\""), server.home().resolve("tmp/broken.jar"));
        server.deploy(broken, "broken.jar");
        ParleyServer.await("log line naming the missing import", Duration.ofSeconds(15),
                () -> server.log().contains("deploy/broken.jar") && server.log().contains("com.example.nowhere"));
        assertStillServing();
        String bundle = server.send(server.admin("/api/admin/bundles/org.parley.plugins.broken")).body();
        assertThat(JSON.readTree(bundle).path("state").asText()).isEqualTo("installed");
        Files.delete(server.home().resolve("deploy/broken.jar"));
        ParleyServer.await("broken bundle uninstalled", Duration.ofSeconds(15), () -> {
            try {
                return server.send(server.admin("/api/admin/bundles/org.parley.plugins.broken")).statusCode() == 404;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void secondPluginClaimingTheSamePathIsRefusedAndTheFirstKeepsServing() throws Exception {
        server.deploy(Jars.helloPlugin(), "hello.jar");
        ParleyServer.await("/api/hello served", Duration.ofSeconds(15), () -> server.status("/api/hello") == 200);
        Path rival = Jars.withHeaders(Jars.helloPlugin(), Map.of("Bundle-SymbolicName", "org.parley.plugins.rival",
                "Bundle-Version", "9.0.0"), server.home().resolve("tmp/rival.jar"));
        server.deploy(rival, "rival.jar");
        ParleyServer.await("conflict logged", Duration.ofSeconds(15),
                () -> server.log().contains("Refused REST resource org.parley.plugins.hello.HelloResource from "
                        + "org.parley.plugins.rival 9.0.0: path /api/hello is already served by "
                        + "org.parley.plugins.hello.HelloResource from org.parley.plugins.hello 1.0.0"));
        assertThat(server.log()).contains("Signaling type 'hello.echo' is claimed by org.parley.plugins.hello 1.0.0 "
                + "and org.parley.plugins.rival 9.0.0");
        assertThat(JSON.readTree(server.get("/api/hello").body()).path("version").asText()).isEqualTo("1.0.0");
        try (WsClient ws = WsClient.connect(server.webSocketUri())) {
            assertThat(ws.request("{\"type\":\"hello.echo\",\"text\":\"x\"}").path("version").asText()).isEqualTo("1.0.0");
        }
        assertStillServing();
        Files.delete(server.home().resolve("deploy/rival.jar"));
        Files.delete(server.home().resolve("deploy/hello.jar"));
        ParleyServer.await("/api/hello gone", Duration.ofSeconds(15), () -> server.status("/api/hello") == 404);
    }

    private static void assertStillServing() throws Exception {
        assertThat(server.isAlive()).isTrue();
        assertThat(server.get("/ready").statusCode()).isEqualTo(200);
        assertThat(server.send(server.admin("/api/admin/node")).statusCode()).isEqualTo(200);
    }
}
