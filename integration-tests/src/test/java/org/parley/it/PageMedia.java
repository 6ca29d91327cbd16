package org.parley.it;

import java.time.Duration;
import java.util.function.Predicate;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

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

    static JsonNode awaitStats(ParleyServer server, WebDriver browser, String what, Duration timeout,
            Predicate<JsonNode> condition) throws Exception {
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
        String log = server.log();
        throw new AssertionError(what + " within " + timeout + "; last stats: " + last + "\npage says: " + flash
                + "\nSFU metrics:\n" + sfuMetrics(server) + "server log tail:\n"
                + log.substring(Math.max(0, log.length() - 4000)));
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
