package org.parley.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Boots the distribution's real core bundles (system/LEVEL/*.jar, at their start levels) in Felix under Pax
 * Exam and checks, from inside the framework, that every component is active and that a plugin installed,
 * updated and uninstalled through the framework API comes and goes on /api and /ws while a WebSocket client
 * stays connected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreBundlesPaxIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path distribution = Path.of(System.getProperty("parley.distribution")).toAbsolutePath();
        Path output = Path.of(System.getProperty("parley.it.output", "target/it-output")).toAbsolutePath();
        Path home = Files.createDirectories(output.resolve("pax-home"));
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("deploy"));
        List<Option> options = new ArrayList<>();
        try (Stream<Path> levels = Files.list(distribution.resolve("system"))) {
            for (Path level : levels.filter(Files::isDirectory).sorted().toList()) {
                int startLevel = Integer.parseInt(level.getFileName().toString());
                try (Stream<Path> jars = Files.list(level)) {
                    jars.filter(j -> j.toString().endsWith(".jar")).sorted()
                            .forEach(jar -> options.add(bundle(jar.toUri().toString()).startLevel(startLevel)
                                    .start(!isFragment(jar))));
                }
            }
        }
        options.add(frameworkStartLevel(100));
        options.add(frameworkProperty("parley.env.media.port").value("0"));
        options.add(frameworkProperty("parley.home").value(home.toString()));
        options.add(frameworkProperty("parley.data").value(home.resolve("data").toString()));
        options.add(frameworkProperty("parley.etc").value(home.resolve("etc").toString()));
        options.add(frameworkProperty("parley.deploy").value(home.resolve("deploy").toString()));
        options.add(frameworkProperty("parley.env.http.port").value("0"));
        options.add(frameworkProperty("parley.env.admin.token").value("pax-token"));
        options.add(frameworkProperty("org.apache.felix.http.require.config").value("true"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc").toString()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        options.add(systemProperty("parley.plugin.hello").value(System.getProperty("parley.plugin.hello")));
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value(""));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                .value(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")));
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** Fragments (such as Netty's native epoll library) attach to their host and cannot be started. */
    private static boolean isFragment(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue(Constants.FRAGMENT_HOST) != null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    public void everyCoreBundleAndComponentIsActive() throws Exception {
        awaitEndpoint();
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (!fragment) {
                assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE, bundle.getState());
            }
        }
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = context.getService(reference);
        int parleyComponents = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("org.parley.")) {
                continue;
            }
            parleyComponents++;
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                assertTrue(description.name + " is " + configuration.state,
                        configuration.state == ComponentConfigurationDTO.ACTIVE
                                || configuration.state == ComponentConfigurationDTO.SATISFIED);
            }
        }
        assertTrue("Parley components found: " + parleyComponents, parleyComponents >= 10);
    }

    @Test
    public void pluginComesUpdatesAndGoesWhileWebSocketStaysConnected() throws Exception {
        String base = awaitEndpoint();
        HttpClient http = HttpClient.newHttpClient();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(base.replaceFirst("^http", "ws") + "ws"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        Path v1 = Path.of(System.getProperty("parley.plugin.hello"));
        Bundle plugin;
        try (InputStream in = Files.newInputStream(v1)) {
            plugin = context.installBundle("pax:hello", in);
        }
        plugin.start();
        awaitBody(http, base + "api/hello", "\"version\":\"1.0.0\"");
        assertTrue(echo(ws, messages).contains("\"version\":\"1.0.0\""));

        Path v2 = Jars.withHeaders(v1, Map.of("Bundle-Version", "2.0.0"),
                Path.of(System.getProperty("parley.it.output", "target/it-output"), "pax-hello-v2.jar"));
        try (InputStream in = Files.newInputStream(v2)) {
            plugin.update(in);
        }
        awaitBody(http, base + "api/hello", "\"version\":\"2.0.0\"");
        assertTrue(echo(ws, messages).contains("\"version\":\"2.0.0\""));

        plugin.uninstall();
        awaitStatus(http, base + "api/hello", 404);
        assertTrue(echo(ws, messages).contains("unknown-type"));
        assertTrue("WebSocket still open", !ws.isInputClosed() && !ws.isOutputClosed());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private static String echo(WebSocket ws, BlockingQueue<String> messages) throws Exception {
        ws.sendText("{\"type\":\"hello.echo\",\"text\":\"pax\"}", true).get(5, TimeUnit.SECONDS);
        String reply = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull("reply to hello.echo", reply);
        return reply;
    }

    private String awaitEndpoint() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                ServiceReference<?>[] references = context.getAllServiceReferences(
                        "org.osgi.service.servlet.runtime.HttpServiceRuntime", null);
                if (references != null) {
                    Object endpoint = references[0].getProperty("osgi.http.endpoint");
                    String url = endpoint instanceof String s ? s
                            : endpoint instanceof String[] a && a.length > 0 ? a[0]
                            : endpoint instanceof Collection<?> c && !c.isEmpty() ? String.valueOf(c.iterator().next())
                            : null;
                    if (url != null && status(HttpClient.newHttpClient(), url + "ready") == 200) {
                        return url.endsWith("/") ? url : url + "/";
                    }
                }
            } catch (org.osgi.framework.InvalidSyntaxException impossible) {
                throw new AssertionError(impossible);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("HTTP endpoint not ready within 60 s");
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void awaitStatus(HttpClient http, String url, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (status(http, url) == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " did not answer " + expected);
    }

    private static void awaitBody(HttpClient http, String url, String fragment) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains(fragment)) {
                    return;
                }
            } catch (IOException notYet) {
                // retry
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " never contained " + fragment + "; last: " + last);
    }
}
