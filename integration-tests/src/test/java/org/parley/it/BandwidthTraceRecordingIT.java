package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.HasCapabilities;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real bandwidth-estimation traces from headless Chromium through the real SFU, with the SFU's trace recorder on
 * ({@code bwe.trace.dir}): Ada publishes her fake camera (simulcast) and microphone, Ben shows her camera in a
 * large tile, and Ben's downlink is shaped on a schedule: his browser then runs in a network namespace the test
 * makes, all UDP into it shaped on the host side of its veth pair ({@link NamespaceLink}, as in AdaptationIT).
 * Ben then leaves, which closes his subscribe transport and its trace; the trace gets the scenario and its
 * shaping schedule in its header ({@code # shape <µs from the trace's start> <bit/s | unshaped>}).
 *
 * <p>By default it records one short unshaped trace and checks it is whole (every feedback is about packets the
 * trace has). With {@code -Dbwe.traces.record=DIR} (scripts/record-bwe-traces.sh) it records every scenario at
 * full length and writes the traces to DIR, as committed in bundles/sfu/src/test/resources/bwe-traces/.
 */
class BandwidthTraceRecordingIT {
    private static final String RECORD_TO = System.getProperty("bwe.traces.record", "");

    /**
     * Bits/s of the shaped class from {@code atSeconds} on (0 lifts the shaping), but not before the SFU's
     * estimate for Ben is at least {@code estimateAtLeast} (waiting up to 30 s more), so that a step down starts
     * from an estimate above the new rate; the schedule after it moves by the wait.
     */
    record Step(int atSeconds, long bits, long estimateAtLeast) {
        Step(int atSeconds, long bits) {
            this(atSeconds, bits, 0);
        }
    }

    record Scenario(String name, int seconds, List<Step> steps) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("unshaped", 40, List.of()),
            new Scenario("shaped-300k", 45, List.of(new Step(0, 300_000))),
            new Scenario("shaped-1m", 45, List.of(new Step(0, 1_000_000))),
            new Scenario("step-2m-300k-lifted", 60,
                    List.of(new Step(0, 2_000_000), new Step(20, 300_000, 900_000), new Step(40, 0))));
    static final Scenario SMOKE = new Scenario("smoke-unshaped", 10, List.of());

    private static ParleyServer server;
    private static Path traceDir;
    private static NamespaceLink link;
    private static final List<WebDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path output = Path.of(System.getProperty("parley.it.output", "target/it-output")).toAbsolutePath();
        traceDir = Files.createDirectories(output.resolve("bwe-traces-raw-" + System.currentTimeMillis()));
        Path distribution = Path.of(System.getProperty("parley.distribution", "../distribution/target/parley"));
        String sfuConfig = Files.readString(distribution.resolve("etc/org.parley.sfu.cfg"))
                + "\nbwe.trace.dir = " + traceDir + "\n";
        Map<String, String> environment = Map.of("PARLEY_MEDIA_PORT", "0");
        if (!RECORD_TO.isBlank()) { // the full scenarios shape Ben's link
            String unusable = NamespaceLink.unusableBecause();
            assumeTrue(unusable == null, () -> "cannot make a shaped link: " + unusable);
            link = NamespaceLink.create();
            environment = Map.of("PARLEY_MEDIA_PORT", "0", "PARLEY_HTTP_HOST", link.hostAddress(),
                    "PARLEY_MEDIA_ADDRESS", link.hostAddress());
        }
        server = ParleyServer.start("bwe-traces", environment, Map.of("org.parley.sfu.cfg", sfuConfig));
        List<String> secure = link == null ? List.of() : List.of(Browsers.secureOrigin(server.uri("/")));
        browsers.add(Browsers.start("ada", secure));
        browsers.add(link == null ? Browsers.start("ben", secure) : Browsers.startIn(link, "ben", secure));
    }

    @AfterAll
    static void stop() throws Exception {
        for (WebDriver browser : browsers) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (link != null) {
            link.close();
        }
    }

    @Test
    void recordsWholeTracesOfARealBrowser() throws Exception {
        boolean full = !RECORD_TO.isBlank();
        List<Scenario> scenarios = full ? SCENARIOS : List.of(SMOKE);
        Path out = full ? Files.createDirectories(Path.of(RECORD_TO).toAbsolutePath()) : traceDir.resolve("out");
        Files.createDirectories(out);
        for (Scenario scenario : scenarios) {
            Path trace = record(scenario, out);
            List<String> lines = lines(trace);
            long sends = lines.stream().filter(l -> l.startsWith("S ")).count();
            long feedbacks = lines.stream().filter(l -> l.startsWith("F ")).count();
            log(scenario.name() + ": " + trace + " (" + Files.size(trace) + " bytes): " + sends + " sends, "
                    + feedbacks + " feedbacks, " + lines.stream().filter(l -> l.startsWith("R ")).count() + " REMBs");
            assertThat(lines.get(0)).isEqualTo("# parley-bwe-trace 1");
            assertThat(lines).contains("# scenario " + scenario.name(), "# stopped left");
            assertThat(sends).as("packets sent in " + scenario.seconds() + " s").isGreaterThan(50L * scenario.seconds());
            assertThat(feedbacks).as("transport-cc feedbacks").isGreaterThan(5L * scenario.seconds());
            assertWhole(lines);
        }
    }

    /** Runs one scenario in a fresh meeting; returns the trace of Ben's subscribe connection, header completed. */
    private Path record(Scenario scenario, Path out) throws Exception {
        MeetingsApi api = new MeetingsApi(server);
        MeetingsApi.Meeting meeting = api.createMeeting(api.account("Organizer"), "Trace " + scenario.name(), false);
        WebDriver ada = browsers.get(0);
        WebDriver ben = browsers.get(1);
        String adaId = PageMedia.joinAsGuest(server, ada, meeting, "Ada");
        String benId = PageMedia.joinAsGuest(server, ben, meeting, "Ben");
        PageMedia.awaitStats(server, ben, "Ben has a tile for Ada's camera", Duration.ofSeconds(30),
                s -> camera(s, adaId).path("framesDecoded").asLong() > 0);
        PageMedia.sizeTile(ben, adaId, 1000);
        // The schedule starts once Ben gets a high layer, or after 30 s without one (Ada's Chromium encodes fewer
        // layers on a busy machine): the trace is what the link and the browser did either way.
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int width = 0;
        while (System.nanoTime() < waitUntil && width < 480) {
            width = camera(PageMedia.stats(ben), adaId).path("frameWidth").asInt();
            Thread.sleep(500);
        }
        log(scenario.name() + ": Ben decodes Ada's camera " + width + " pixels wide; the schedule starts");
        List<String> schedule = new ArrayList<>();
        schedule.add("# shape " + epochMicros() + " unshaped");
        NamespaceLink shaper = scenario.steps().isEmpty() ? null : link;
        try {
            if (shaper != null) {
                JsonNode ports = PageMedia.subscribePorts(ben);
                assertThat(ports.path("localAddress").asText()).as("Ben's side of the link " + ports)
                        .isEqualTo(shaper.namespaceAddress());
            }
            long begin = System.nanoTime();
            for (Step step : scenario.steps()) {
                sleepUntil(begin + TimeUnit.SECONDS.toNanos(step.atSeconds()));
                long waitedFrom = System.nanoTime();
                while (step.estimateAtLeast() > 0 && System.nanoTime() - waitedFrom < TimeUnit.SECONDS.toNanos(30)
                        && PageMedia.sfuReceiver(server, benId).path("estimateBits").asLong() < step.estimateAtLeast()) {
                    Thread.sleep(100);
                }
                begin += System.nanoTime() - waitedFrom;
                if (step.bits() > 0) {
                    shaper.shape(step.bits());
                } else {
                    shaper.lift();
                }
                schedule.add("# shape " + epochMicros() + " " + (step.bits() > 0 ? step.bits() : "unshaped"));
                log(scenario.name() + ": t+" + step.atSeconds() + " s shaped to "
                        + (step.bits() > 0 ? step.bits() + " bit/s" : "unshaped") + " (SFU's estimate "
                        + PageMedia.sfuReceiver(server, benId).path("estimateBits").asLong() + ")");
            }
            sleepUntil(begin + TimeUnit.SECONDS.toNanos(scenario.seconds()));
        } finally {
            if (shaper != null) {
                shaper.lift();
            }
        }
        // leaving closes Ben's subscribe connection, and with it the trace
        // (by script: the large tile covers the button)
        for (WebDriver browser : List.of(ben, ada)) {
            ((JavascriptExecutor) browser).executeScript("document.getElementById('leave').click()");
        }
        Path raw = awaitClosedTrace(benId);
        return complete(raw, scenario, schedule, out.resolve(scenario.name() + ".bwe.gz"));
    }

    /** The largest trace of the participant's subscribe connections, once it says it stopped. */
    private static Path awaitClosedTrace(String participantId) throws Exception {
        Path[] found = new Path[1];
        ParleyServer.await("Ben's trace is closed", Duration.ofSeconds(30), () -> {
            try (Stream<Path> files = Files.list(traceDir)) {
                Path largest = files.filter(f -> f.getFileName().toString().contains("-" + participantId + "-subscribe-"))
                        .max(Comparator.comparingLong(BandwidthTraceRecordingIT::size)).orElse(null);
                if (largest == null) {
                    return false;
                }
                List<String> lines = lines(largest);
                found[0] = largest;
                return !lines.isEmpty() && lines.get(lines.size() - 1).startsWith("# stopped");
            } catch (IOException e) {
                return false; // still being written
            }
        });
        return found[0];
    }

    /**
     * The trace with the scenario and its schedule after its first line, the schedule's wall-clock times turned
     * into microseconds from the trace's start ({@code started-epoch-micros}).
     */
    private static Path complete(Path raw, Scenario scenario, List<String> schedule, Path target) throws IOException {
        List<String> lines = lines(raw);
        long started = lines.stream().filter(l -> l.startsWith("# started-epoch-micros ")).findFirst()
                .map(l -> Long.parseLong(l.substring("# started-epoch-micros ".length()))).orElseThrow();
        List<String> header = new ArrayList<>();
        header.add("# scenario " + scenario.name());
        header.add("# recorded-by BandwidthTraceRecordingIT: Chromium " + chromiumVersion()
                + " receiving a fake 960x540 camera (3 simulcast layers) and microphone through the SFU");
        header.add("# shaping htb class with a bfifo of ~250 ms on all UDP into the subscriber's network namespace"
                + " (NamespaceLink)");
        for (String step : schedule) {
            String[] f = step.split(" ");
            header.add("# shape " + Math.max(0, Long.parseLong(f[2]) - started) + " " + f[3]);
        }
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(target)),
                StandardCharsets.US_ASCII)) {
            w.write(lines.get(0) + "\n");
            for (String line : header) {
                w.write(line + "\n");
            }
            for (String line : lines.subList(1, lines.size())) {
                w.write(line + "\n");
            }
        }
        return target;
    }

    /** Every feedback names packets the trace recorded before it, and sequence numbers run without gaps. */
    private static void assertWhole(List<String> lines) {
        Set<Integer> sent = new HashSet<>();
        int expected = 0;
        for (String line : lines) {
            if (line.startsWith("S ")) {
                int sequence = Integer.parseInt(line.split(" ")[1]);
                assertThat(sequence).as("sequence numbers in order").isEqualTo(expected);
                expected = (expected + 1) & 0xffff;
                sent.add(sequence);
            } else if (line.startsWith("F ")) {
                String hex = line.split(" ")[2];
                int base = Integer.parseInt(hex.substring(0, 4), 16);
                assertThat(sent).as("feedback base " + base + " was sent before: " + line).contains(base);
            }
        }
        assertThat(lines).noneMatch(l -> l.startsWith("# missed-sends"));
    }

    private static List<String> lines(Path gz) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.US_ASCII))) {
            return reader.lines().toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
        }
    }

    private static String chromiumVersion() {
        return ((HasCapabilities) browsers.get(1)).getCapabilities().getBrowserVersion();
    }

    private static JsonNode camera(JsonNode stats, String participantId) {
        return PageMedia.inbound(stats, participantId, "camera", "video");
    }

    private static void log(String line) {
        System.out.println("[bwe-traces] " + line);
    }
}
