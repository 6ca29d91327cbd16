package org.parley.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes one UDP flow on the loopback interface with tc: an htb root qdisc on {@code lo} whose default class
 * is unlimited (10 Gbit/s), plus one class with the shaped rate, fed by a u32 filter that matches only UDP from
 * the given source port to the given destination port, with a short byte FIFO under it (about 250 ms of queue
 * at that rate; beyond that packets are dropped, as at a real bottleneck). Everything else on {@code lo} goes
 * through unchanged. {@link #close} deletes the root qdisc again (and a shutdown hook does it if the JVM dies
 * first), so {@code lo} ends as it began.
 *
 * <p>Needs root (or CAP_NET_ADMIN) and {@code tc}; {@link #usable} says whether both are there and {@code lo}
 * has no qdisc of someone else's. The kernels here lack netem and prio; htb, u32 and bfifo are enough.
 */
final class LoopbackShaper implements AutoCloseable {
    static final String TC = "/usr/sbin/tc";
    private static final String DEV = "lo";

    private final int sourcePort;
    private final int destinationPort;
    private final Thread cleanup = new Thread(LoopbackShaper::deleteRoot, "lo-shaper-cleanup");
    private boolean installed;

    LoopbackShaper(int sourcePort, int destinationPort) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
    }

    /** Whether tc runs and may change {@code lo}, which has no root qdisc yet (noqueue). */
    static String unusableBecause() {
        try {
            Result show = run(TC, "qdisc", "show", "dev", DEV);
            if (show.code != 0) {
                return "tc does not run: " + show.output;
            }
            if (!show.output.contains("noqueue")) {
                return "lo already has a qdisc: " + show.output;
            }
            Result probe = run(TC, "qdisc", "add", "dev", DEV, "root", "handle", "1:", "htb", "default", "10");
            if (probe.code != 0) {
                return "cannot add an htb qdisc to lo (needs root / CAP_NET_ADMIN): " + probe.output;
            }
            deleteRoot();
            return null;
        } catch (IOException e) {
            return "tc does not run: " + e;
        }
    }

    /** Installs the shaping at {@code bitsPerSecond}, or changes its rate when already installed. */
    void shape(long bitsPerSecond) throws IOException {
        String rate = bitsPerSecond + "bit";
        // about 250 ms of queue at the shaped rate, and room for at least two full-size packets
        String limit = String.valueOf(Math.max(3_000, bitsPerSecond / 8 / 4));
        if (!installed) {
            Runtime.getRuntime().addShutdownHook(cleanup);
            installed = true;
            check(TC, "qdisc", "add", "dev", DEV, "root", "handle", "1:", "htb", "default", "10");
            check(TC, "class", "add", "dev", DEV, "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit");
            check(TC, "class", "add", "dev", DEV, "parent", "1:", "classid", "1:20", "htb", "rate", rate, "ceil", rate,
                    "burst", "1600", "cburst", "1600");
            check(TC, "qdisc", "add", "dev", DEV, "parent", "1:20", "handle", "20:", "bfifo", "limit", limit);
            check(TC, "filter", "add", "dev", DEV, "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                    "match", "ip", "protocol", "17", "0xff",
                    "match", "ip", "sport", String.valueOf(sourcePort), "0xffff",
                    "match", "ip", "dport", String.valueOf(destinationPort), "0xffff", "flowid", "1:20");
        } else {
            check(TC, "class", "change", "dev", DEV, "parent", "1:", "classid", "1:20", "htb", "rate", rate, "ceil",
                    rate, "burst", "1600", "cburst", "1600");
            check(TC, "qdisc", "change", "dev", DEV, "parent", "1:20", "handle", "20:", "bfifo", "limit", limit);
        }
    }

    /** What went through the shaped class so far and what it dropped: {bytes, packets, dropped}. */
    long[] counters() throws IOException {
        Result show = run(TC, "-s", "class", "show", "dev", DEV, "classid", "1:20");
        Matcher m = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+)").matcher(show.output);
        return m.find() ? new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) }
                : new long[] { -1, -1, -1 };
    }

    /** Removes all shaping from {@code lo}. */
    void lift() {
        if (installed) {
            deleteRoot();
            installed = false;
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    @Override
    public void close() {
        lift();
    }

    private static void deleteRoot() {
        try {
            run(TC, "qdisc", "del", "dev", DEV, "root");
        } catch (IOException e) {
            System.err.println("could not remove the shaping from lo: " + e);
        }
    }

    private static void check(String... command) throws IOException {
        Result result = run(command);
        if (result.code != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.code + "): " + result.output);
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
