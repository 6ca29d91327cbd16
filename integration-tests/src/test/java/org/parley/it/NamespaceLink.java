package org.parley.it;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * A private network namespace made by the test, joined to the host by a veth pair (10.207.N.1 on the host side,
 * 10.207.N.2 inside, N from the test JVM's pid), so that one browser runs behind a link of its own whose
 * downstream the test shapes with tc. Nothing is routed beyond the pair: the namespace has no default route and
 * the host side's /30 holds only the two addresses, so all traffic stays on this machine.
 *
 * <p>The browser inside is started by a chromedriver that runs in the namespace ({@code ip netns exec}) and
 * accepts WebDriver sessions only from the host side's address; the test drives it through a
 * {@link RemoteWebDriver}. A node the browser should reach must listen on {@link #hostAddress()}.
 *
 * <p>Shaping ({@link #shape}) is an htb root qdisc on the host side of the pair, whose default class is
 * unlimited (TCP: signaling, WebDriver) and whose second class takes all UDP towards the namespace (the
 * browser's media, RTP and RTCP, both peer connections) at the shaped rate, over a byte FIFO of about 250 ms:
 * what a narrow downlink does. The kernels here have no netem; htb, u32 and bfifo are enough.
 *
 * <p>Needs root (or CAP_NET_ADMIN) and iproute2; {@link #unusableBecause()} says why not. {@link #close} stops
 * the chromedriver and deletes the namespace, which removes the pair; a shutdown hook does it if the JVM dies
 * first.
 */
final class NamespaceLink implements AutoCloseable {
    static final String IP = "/usr/sbin/ip";
    static final String TC = "/usr/sbin/tc";
    private static final int DRIVER_PORT = 9515;

    private final String name;
    private final String hostDevice;
    private final String hostAddress;
    private final String namespaceAddress;
    private final List<Process> drivers = new ArrayList<>();
    private final Thread cleanup;
    private boolean shaped;

    private NamespaceLink(String name, int subnet) {
        this.name = name;
        this.hostDevice = name + "h";
        this.hostAddress = "10.207." + subnet + ".1";
        this.namespaceAddress = "10.207." + subnet + ".2";
        this.cleanup = new Thread(this::delete, name + "-cleanup");
    }

    /** Why a namespace cannot be made here, or null when it can. */
    static String unusableBecause() {
        String probe = "pitprobe" + ProcessHandle.current().pid() % 100_000;
        try {
            Result add = run(IP, "netns", "add", probe);
            if (add.code != 0) {
                return "cannot create a network namespace (needs root / CAP_SYS_ADMIN and iproute2): " + add.output;
            }
            run(IP, "netns", "delete", probe);
            if (run(TC, "-V").code != 0) {
                return "tc does not run";
            }
            return null;
        } catch (IOException e) {
            return "iproute2 does not run: " + e;
        }
    }

    /** Creates the namespace and the veth pair, both ends up, the addresses set. */
    static NamespaceLink create() throws IOException {
        long pid = ProcessHandle.current().pid();
        NamespaceLink link = new NamespaceLink("pit" + pid % 100_000, (int) (pid % 250) + 1);
        Runtime.getRuntime().addShutdownHook(link.cleanup);
        try {
            link.setUp();
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    private void setUp() throws IOException {
        String inside = name + "n";
        run(IP, "netns", "delete", name); // a leftover of a killed run with the same pid, if any
        check(IP, "netns", "add", name);
        check(IP, "link", "add", hostDevice, "type", "veth", "peer", "name", inside);
        check(IP, "link", "set", inside, "netns", name);
        check(IP, "addr", "add", hostAddress + "/30", "dev", hostDevice);
        check(IP, "link", "set", hostDevice, "up");
        check(IP, "-n", name, "addr", "add", namespaceAddress + "/30", "dev", inside);
        check(IP, "-n", name, "link", "set", inside, "up");
        check(IP, "-n", name, "link", "set", "lo", "up");
    }

    String hostAddress() {
        return hostAddress;
    }

    String namespaceAddress() {
        return namespaceAddress;
    }

    /**
     * Starts a chromedriver inside the namespace and a browser session on it with these options. The driver's
     * console goes to target/it-output/chromedriver-NAME.log.
     */
    WebDriver startBrowser(String browserName, ChromeOptions options) throws IOException, InterruptedException {
        int port = DRIVER_PORT + drivers.size();
        Path log = Path.of(System.getProperty("parley.it.output", "target/it-output"),
                "chromedriver-" + browserName + ".log");
        Files.createDirectories(log.getParent());
        Process driver = new ProcessBuilder(IP, "netns", "exec", name, Browsers.DRIVER, "--port=" + port,
                "--allowed-ips=" + hostAddress).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        drivers.add(driver);
        URL url = new URL("http://" + namespaceAddress + ":" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(log).contains("started successfully")) {
            if (!driver.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("chromedriver in namespace " + name + " did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return new RemoteWebDriver(url, options);
    }

    /** Shapes all UDP towards the namespace to {@code bitsPerSecond}, or changes the rate when already shaped. */
    void shape(long bitsPerSecond) throws IOException {
        String rate = bitsPerSecond + "bit";
        // about 250 ms of queue at the shaped rate, and room for at least two full-size packets
        String limit = String.valueOf(Math.max(3_000, bitsPerSecond / 8 / 4));
        if (!shaped) {
            check(TC, "qdisc", "add", "dev", hostDevice, "root", "handle", "1:", "htb", "default", "10");
            check(TC, "class", "add", "dev", hostDevice, "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit");
            check(TC, "class", "add", "dev", hostDevice, "parent", "1:", "classid", "1:20", "htb", "rate", rate,
                    "ceil", rate, "burst", "1600", "cburst", "1600");
            check(TC, "qdisc", "add", "dev", hostDevice, "parent", "1:20", "handle", "20:", "bfifo", "limit", limit);
            check(TC, "filter", "add", "dev", hostDevice, "parent", "1:", "protocol", "ip", "prio", "1", "u32",
                    "match", "ip", "protocol", "17", "0xff", "flowid", "1:20");
            shaped = true;
        } else {
            check(TC, "class", "change", "dev", hostDevice, "parent", "1:", "classid", "1:20", "htb", "rate", rate,
                    "ceil", rate, "burst", "1600", "cburst", "1600");
            check(TC, "qdisc", "change", "dev", hostDevice, "parent", "1:20", "handle", "20:", "bfifo", "limit", limit);
        }
    }

    /** What went through the shaped class so far and what it dropped: {bytes, packets, dropped}. */
    long[] counters() throws IOException {
        if (!shaped) {
            return new long[] { -1, -1, -1 };
        }
        Result show = run(TC, "-s", "class", "show", "dev", hostDevice, "classid", "1:20");
        Matcher m = Pattern.compile("Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+)").matcher(show.output);
        return m.find() ? new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) }
                : new long[] { -1, -1, -1 };
    }

    /** Removes the shaping: the link is unlimited again. */
    void lift() throws IOException {
        if (shaped) {
            check(TC, "qdisc", "del", "dev", hostDevice, "root");
            shaped = false;
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it does the same
        }
    }

    private synchronized void delete() {
        for (Process driver : drivers) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        drivers.clear();
        try {
            run(IP, "netns", "delete", name);
            run(IP, "link", "delete", hostDevice); // gone with the namespace already, normally
        } catch (IOException e) {
            System.err.println("could not delete network namespace " + name + ": " + e);
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
        if (!new File(command[0]).canExecute()) {
            throw new IOException(command[0] + " is missing (iproute2)");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
