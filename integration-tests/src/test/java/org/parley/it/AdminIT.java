package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Health, readiness, metrics, the admin bundle API and the bin/parley commands that wrap it. */
class AdminIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start("admin");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void healthReadyAndMetrics() throws Exception {
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).path("status").asText()).isEqualTo("UP");

        try (WsClient ws = WsClient.connect(server.webSocketUri())) {
            ws.request("{\"type\":\"nope\"}");
            HttpResponse<String> metrics = server.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("# TYPE jvm_memory_used_bytes gauge")
                    .containsPattern("jvm_memory_used_bytes\\{area=\"heap\"} \\d+")
                    .containsPattern("parley_http_requests_total\\{method=\"GET\",status=\"2xx\"} [1-9]")
                    .contains("parley_ws_connections 1")
                    .containsPattern("parley_ws_errors_total\\{code=\"unknown-type\"} [1-9]")
                    .containsPattern("parley_bundles\\{state=\"active\"} [1-9]\\d")
                    .containsPattern("process_cpu_seconds_total [0-9.]+");
        }
    }

    @Test
    void adminApiNeedsTheToken() throws Exception {
        HttpResponse<String> none = server.get("/api/admin/bundles");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(none.body()).path("type").asText()).isEqualTo("urn:parley:problem:unauthorized");
        HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(server.uri("/api/admin/bundles"))
                .header("Authorization", "Bearer " + ParleyServer.ADMIN_TOKEN + "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void listsBundlesWithStateAndOrigin() throws Exception {
        JsonNode bundles = JSON.readTree(server.send(server.admin("/api/admin/bundles")).body());
        assertThat(bundles.isArray()).isTrue();
        JsonNode http = find(bundles, "org.parley.http");
        assertThat(http.path("state").asText()).isEqualTo("active");
        assertThat(http.path("origin").asText()).isEqualTo("system");
        assertThat(http.path("startLevel").asInt()).isEqualTo(20);
        for (JsonNode bundle : bundles) {
            if (!bundle.path("fragment").asBoolean()) {
                assertThat(bundle.path("state").asText()).as(bundle.toString()).isEqualTo("active");
            }
        }
    }

    @Test
    void installsUpdatesAndUninstallsThroughTheApi() throws Exception {
        byte[] v1 = Files.readAllBytes(Jars.helloPlugin());
        HttpResponse<String> installed = upload("hello-api.jar", v1);
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(JSON.readTree(installed.body()).path("state").asText()).isEqualTo("active");
        assertThat(Files.exists(server.home().resolve("deploy/hello-api.jar"))).isTrue();
        assertThat(server.get("/api/hello").statusCode()).isEqualTo(200);

        Path v2 = Jars.withHeaders(Jars.helloPlugin(), Map.of("Bundle-Version", "2.1.0"),
                server.home().resolve("tmp/hello-v2.jar"));
        HttpResponse<String> updated = upload("other-name.jar", Files.readAllBytes(v2));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JSON.readTree(updated.body()).path("version").asText()).isEqualTo("2.1.0");
        assertThat(JSON.readTree(updated.body()).path("file").asText()).as("update keeps the deployed file")
                .isEqualTo("hello-api.jar");
        assertThat(JSON.readTree(server.get("/api/hello").body()).path("version").asText()).isEqualTo("2.1.0");

        HttpResponse<String> removed = server.send(server.admin("/api/admin/bundles/org.parley.plugins.hello").DELETE());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(Files.exists(server.home().resolve("deploy/hello-api.jar"))).isFalse();
        assertThat(server.get("/api/hello").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesBadUploadsWithProblems() throws Exception {
        assertProblem(upload("garbage.jar", "not a jar".getBytes(StandardCharsets.UTF_8)), 400, "not-a-bundle");
        assertProblem(upload("../escape.jar", Files.readAllBytes(Jars.helloPlugin())), 400, "validation");
        assertProblem(upload("empty.jar", new byte[0]), 400, "not-a-bundle");
        Path core = Jars.withHeaders(Jars.helloPlugin(), Map.of("Bundle-SymbolicName", "org.parley.http"),
                server.home().resolve("tmp/fake-core.jar"));
        assertProblem(upload("fake-core.jar", Files.readAllBytes(core)), 409, "core-bundle");
        assertProblem(server.send(server.admin("/api/admin/bundles/org.parley.http").DELETE()), 409, "core-bundle");
        assertProblem(server.send(server.admin("/api/admin/bundles/no.such.bundle").DELETE()), 404, "bundle-not-found");
        assertThat(Files.list(server.home().resolve("deploy")).filter(p -> p.toString().endsWith(".jar")).toList())
                .as("nothing refused was written to deploy/").isEmpty();
    }

    @Test
    void updatesACoreBundleInPlace() throws Exception {
        Path jar;
        try (var files = Files.list(server.home().resolve("system/20"))) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("parley-bus-local")).findFirst().orElseThrow();
        }
        long idBefore = JSON.readTree(server.send(server.admin("/api/admin/bundles/org.parley.bus.local")).body()).path("id").asLong();
        HttpResponse<String> updated = server.send(server.admin("/api/admin/bundles/org.parley.bus.local")
                .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar)));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JSON.readTree(updated.body()).path("state").asText()).isEqualTo("active");
        assertThat(JSON.readTree(updated.body()).path("id").asLong()).isEqualTo(idBefore);
        assertThat(server.get("/ready").statusCode()).isEqualTo(200);
        assertThat(server.log()).contains("Admin updated core bundle org.parley.bus.local");
        assertProblem(server.send(server.admin("/api/admin/bundles/org.parley.bus.local")
                .PUT(HttpRequest.BodyPublishers.ofFile(Jars.helloPlugin()))), 409, "wrong-bundle");
    }

    @Test
    void commandLineWrapsTheApi() throws Exception {
        Result status = parley("status");
        assertThat(status.output()).contains("running").contains(server.uri("/").toString());

        Result deploy = parley("deploy", Jars.helloPlugin().toString());
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("\"symbolicName\":\"org.parley.plugins.hello\"").contains("\"state\":\"active\"");

        Result bundles = parley("bundles");
        assertThat(bundles.exit()).isZero();
        assertThat(bundles.output()).containsPattern("active\\s+80\\s+deploy\\s+org\\.parley\\.plugins\\.hello\\s+1\\.0\\.0")
                .containsPattern("active\\s+20\\s+system\\s+org\\.parley\\.http");

        Result undeploy = parley("undeploy", "org.parley.plugins.hello");
        assertThat(undeploy.exit()).as(undeploy.output()).isZero();
        assertThat(parley("bundles").output()).doesNotContain("org.parley.plugins.hello");

        Result missing = parley("undeploy", "no.such.plugin");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("bundle-not-found");
    }

    private record Result(int exit, String output) {
    }

    private static Result parley(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(server.home().resolve("bin/parley").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PARLEY_ADMIN_TOKEN", ParleyServer.ADMIN_TOKEN);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static HttpResponse<String> upload(String fileName, byte[] jar) throws Exception {
        return server.send(server.admin("/api/admin/bundles?filename=" + java.net.URLEncoder.encode(fileName,
                StandardCharsets.UTF_8)).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("type").asText()).isEqualTo("urn:parley:problem:" + type);
    }

    private static JsonNode find(JsonNode bundles, String name) {
        for (JsonNode bundle : bundles) {
            if (name.equals(bundle.path("symbolicName").asText())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + name);
    }

}
