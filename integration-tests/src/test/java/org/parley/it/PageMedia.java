package org.parley.it;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a browser's web client reports about its media: the summary of both peer connections' getStats that
 * {@code window.parleyMedia.stats()} builds (media.js), polled until a condition holds. A failure says what
 * the page, the SFU's counters and the server log showed, so a broken call explains itself.
 */
final class PageMedia {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageMedia() {
    }

    static JsonNode stats(WebDriver browser) throws Exception {
        Object json = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "if (!window.parleyMedia) { done('null'); return; }"
                + "window.parleyMedia.stats().then((s) => done(JSON.stringify(s)), (e) => done(JSON.stringify({ error: String(e) })));");
        return JSON.readTree(String.valueOf(json));
    }

    /**
     * Joins a meeting through the web client's join-by-link page as a guest with this name, waits until the
     * meeting view is up, and returns the participant id the room gave.
     */
    static String joinAsGuest(ParleyServer server, WebDriver browser, MeetingsApi.Meeting meeting, String name) {
        browser.get(server.uri("/#/join/" + meeting.id() + "?pwd=" + meeting.passcode()).toString());
        WebElement field = waitFor(browser, By.id("displayName"));
        field.clear();
        field.sendKeys(name);
        browser.findElement(By.id("submit")).click();
        waitFor(browser, By.id("controls"));
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return window.parleyMeeting.me.id"));
    }

    static WebElement waitFor(WebDriver browser, By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Makes one participant's gallery tile this many CSS pixels wide (the layer the SFU picks follows it). */
    static void sizeTile(WebDriver browser, String participantId, int width) {
        ((JavascriptExecutor) browser).executeScript(
                "const t = document.querySelector(`#gallery .tile[data-id=\"${arguments[0]}\"]`);"
                        + "t.style.width = arguments[1] + 'px'; t.style.justifySelf = 'start';", participantId, width);
    }

    static JsonNode awaitStats(ParleyServer server, WebDriver browser, String what, Duration timeout,
            Predicate<JsonNode> condition) throws Exception {
        return awaitStats(server, browser, what, timeout, condition, () -> {
            String log = server.log();
            return "SFU metrics:\n" + sfuMetrics(server) + "server log tail:\n"
                    + log.substring(Math.max(0, log.length() - 4000));
        });
    }

    /** As above, with {@code context} saying what else a failure should show. */
    static JsonNode awaitStats(ParleyServer server, WebDriver browser, String what, Duration timeout,
            Predicate<JsonNode> condition, Callable<String> context) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = stats(browser);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        Object flash = ((JavascriptExecutor) browser).executeScript(
                "const f = document.getElementById('flash'); return f ? f.textContent : null");
        throw new AssertionError(what + " within " + timeout + "; last stats: " + last + "\npage says: " + flash
                + "\n" + context.call());
    }

    /** The page's inbound stream of {@code participantId} with this source and kind, or an empty node. */
    static JsonNode inbound(JsonNode stats, String participantId, String source, String kind) {
        for (JsonNode in : stats.path("inbound")) {
            if (participantId.equals(in.path("participantId").asText()) && source.equals(in.path("source").asText())
                    && kind.equals(in.path("kind").asText())) {
                return in;
            }
        }
        return JSON.createObjectNode();
    }

    /** The subscribe connection's selected candidate pair: the browser's local port and the SFU's (its media port). */
    static JsonNode subscribePorts(WebDriver browser) throws Exception {
        Object json = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "window.parleyMedia.subscriber.getStats().then((r) => {"
                + "  let pair = null;"
                + "  r.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pair = r.get(s.selectedCandidatePairId); });"
                + "  if (!pair) r.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s; });"
                + "  if (!pair) { done('{}'); return; }"
                + "  const l = r.get(pair.localCandidateId), m = r.get(pair.remoteCandidateId);"
                + "  done(JSON.stringify({ localAddress: l.address, localPort: l.port, protocol: l.protocol,"
                + "    remoteAddress: m.address, remotePort: m.port }));"
                + "}, (e) => done(JSON.stringify({ error: String(e) })));");
        return JSON.readTree(String.valueOf(json));
    }

    /** The SFU's debug view ({@code GET /api/admin/sfu}). */
    static JsonNode sfuView(ParleyServer server) throws IOException, InterruptedException {
        return JSON.readTree(server.send(server.admin("/api/admin/sfu").GET()).body());
    }

    /** The debug view's entry of one receiver (its estimate, its down tracks), or an empty object. */
    static JsonNode sfuReceiver(ParleyServer server, String participantId) throws IOException, InterruptedException {
        for (JsonNode meeting : sfuView(server).path("meetings")) {
            for (JsonNode receiver : meeting.path("receivers")) {
                if (participantId.equals(receiver.path("participantId").asText())) {
                    return receiver;
                }
            }
        }
        return JSON.createObjectNode();
    }

    /** The SFU's non-zero counters and gauges, one per line. */
    static String sfuMetrics(ParleyServer server) throws Exception {
        StringBuilder metrics = new StringBuilder();
        for (String line : server.get("/metrics").body().split("\n")) {
            if (line.startsWith("parley_sfu") && !line.endsWith(" 0") && !line.endsWith(" 0.0")) {
                metrics.append(line).append('\n');
            }
        }
        return metrics.toString();
    }

    /** One unlabelled sample from /metrics. */
    static double metric(ParleyServer server, String name) throws Exception {
        for (String line : server.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("metric " + name + " not found");
    }
}
