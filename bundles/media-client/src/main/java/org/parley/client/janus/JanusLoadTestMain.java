package org.parley.client.janus;

import java.net.ConnectException;
import java.net.URI;

import org.parley.client.load.LoadTestMain;
import org.parley.client.load.LoadTestOptions;

/**
 * The load generator against Janus's videoroom ({@link JanusTarget}): the options of {@code parley loadtest}
 * plus where Janus's admin API is, which counts the packets Janus forwards, and Janus's process, whose CPU time
 * and memory /proc tells. scripts/bench-janus.sh runs it and reads the final table. Exits like
 * {@link LoadTestMain}: 0 when someone received media, 1 when nobody did, 2 on a bad command line.
 */
public final class JanusLoadTestMain {
    static final String DEFAULT_URL = "http://127.0.0.1:8088/janus";

    static final String USAGE = """
            usage: JanusLoadTestMain [options]
              --url URL          Janus's HTTP API (default %s)
              --admin-url URL    Janus's admin API, e.g. http://127.0.0.1:7088/admin: without it forwarded
                                 packets (and CPU per forwarded packet) are unknown
              --admin-secret S   the admin_secret of janus.jcfg (with --admin-url)
            """.formatted(DEFAULT_URL) + LoadTestOptions.COMMON_OPTIONS
            + "With --server-pid, Janus's CPU time and memory are read from /proc; without it they are unknown.\n";

    /** What the Janus options add to the load generator's. */
    record Options(LoadTestOptions load, URI adminUrl, String adminSecret) {

        JanusTarget.Options target() {
            JanusTarget.Options target = JanusTarget.Options.of(load.url(), load.serverPid());
            return adminUrl == null ? target : target.withAdmin(adminUrl, adminSecret);
        }
    }

    private JanusLoadTestMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses the arguments; throws IllegalArgumentException with a message for the user. */
    static Options parse(String... args) {
        String[] admin = new String[2];
        LoadTestOptions load = LoadTestOptions.parse(DEFAULT_URL, (option, value) -> {
            switch (option) {
                case "--admin-url" -> admin[0] = value;
                case "--admin-secret" -> admin[1] = value;
                default -> {
                    return false;
                }
            }
            return true;
        }, args);
        if (load.help()) {
            return new Options(load, null, null);
        }
        if ((admin[0] == null) != (admin[1] == null)) {
            throw new IllegalArgumentException("--admin-url and --admin-secret go together");
        }
        URI adminUrl = admin[0] == null ? null : load.serverUrl("--admin-url", admin[0]);
        return new Options(load, adminUrl, admin[1]);
    }

    static int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("janus loadtest: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        if (options.load().help()) {
            System.out.print(USAGE);
            return 0;
        }
        try (JanusTarget target = JanusTarget.connect(options.target())) {
            return LoadTestMain.runAgainst(target, options.load());
        } catch (ConnectException e) {
            System.err.println("janus loadtest: cannot reach " + options.load().url() + " (is Janus running?)");
            return 1;
        } catch (Exception e) {
            System.err.println("janus loadtest: " + e);
            return 1;
        }
    }
}
