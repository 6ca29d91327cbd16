package org.parley.client.load;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The command line of {@code parley loadtest}: where the server is, where the media sockets bind, and the
 * {@link LoadShape}. Other entry points of the load generator (the Janus one) parse the same options and add
 * their own through an {@link Extension}.
 *
 * @param serverPid the server's process when {@code --server-pid} names it: a server inside a network namespace
 *        of this host (the side-by-side benchmark's) has an address that none of this namespace's interfaces
 *        has, and that process's namespace is where it is checked
 * @param rules the node's SFU settings the forwarding bound assumes
 */
public record LoadTestOptions(URI url, InetAddress bind, LoadShape shape, OptionalLong serverPid, boolean help,
        ServerRules rules) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    /** The options every entry point has after its own {@code --url}, one per line. */
    public static final String COMMON_OPTIONS = """
              --meetings N       meetings (default 1)
              --publishers N     participants per meeting that send audio and video and receive (default 3)
              --subscribers N    participants per meeting that only receive (default 0)
              --video on|off     whether publishers send video (default on)
              --bitrate RATE     video bitrate per publisher, e.g. 500k, 1.5M (default 500k)
              --fps N            video frames per second (default 15)
              --duration TIME    how long the run lasts, e.g. 30s, 2m (default 30s; at most 10m)
              --ramp-up TIME     joins are spread over this (default 5s; at most the duration)
              --speakers all|N   who speaks: all publishers at once (1 s on, 1 s off), or N at a time in
                                 turns, the others silent with DTX (default all)
              --turn TIME        length of a speaker turn with --speakers N (default 5s; at least 2s)
              --gallery N        receivers show the first N videos (receive-video), hide the others
                                 (default 0: no receive-video, every video at the SFU's default)
              --tile WxH         size of a gallery tile in device pixels (default 320x180)
              --last-n N, --top-n-audio N, --large-threshold N
                                 the node's last.n, top.n.audio, large.meeting.threshold, for the computed
                                 forwarding bound (default the SFU's: 25, 3, 20)
              --decrypt-one-in N receive-only participants decrypt one SRTP packet in N and count the
                                 others by their headers: a lighter generator, the same server work (default 1)
              --bind ADDRESS     local address of the media sockets (default 127.0.0.1)
              --server-pid PID   the server's process, when it runs in a network namespace of this host: its
                                 address is then looked for among that namespace's
              --help             this text
            At most %d participants in all. The server and the bind address must be on this host.
            """.formatted(LoadShape.MAX_PARTICIPANTS);

    public static final String USAGE = """
            usage: parley loadtest [options]
              --url URL          the Parley node (default %s)
            """.formatted(DEFAULT_URL) + COMMON_OPTIONS;

    /** Options an entry point adds to the load generator's own. */
    @FunctionalInterface
    public interface Extension {
        /**
         * Takes an option the load generator does not know, with its value; false when the extension does not
         * know it either. It may throw IllegalArgumentException for a bad value.
         */
        boolean accept(String option, String value);
    }

    /** Parses the arguments of {@code parley loadtest}; throws IllegalArgumentException with a message for the user. */
    public static LoadTestOptions parse(String... args) {
        return parse(DEFAULT_URL, (option, value) -> false, args);
    }

    /**
     * Parses the arguments, offering those it does not know to {@code extension}; throws IllegalArgumentException
     * with a message for the user.
     *
     * @param defaultUrl the server when {@code --url} is not given
     */
    public static LoadTestOptions parse(String defaultUrl, Extension extension, String... args) {
        String url = defaultUrl;
        OptionalLong serverPid = OptionalLong.empty();
        String bind = "127.0.0.1";
        int meetings = 1;
        int publishers = 3;
        int subscribers = 0;
        boolean video = true;
        int bitrate = 500_000;
        int fps = 15;
        Duration duration = Duration.ofSeconds(30);
        Duration rampUp = null;
        int speakers = 0;
        Duration turn = Duration.ofSeconds(5);
        int gallery = 0;
        int decryptOneIn = 1;
        int[] tile = { 320, 180 };
        ServerRules defaults = ServerRules.DEFAULTS;
        int lastN = defaults.lastN();
        int topNAudio = defaults.topNAudio();
        int threshold = defaults.largeMeetingThreshold();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return new LoadTestOptions(URI.create(url), InetAddress.getLoopbackAddress(),
                        new LoadShape(1, 1, 0, true, bitrate, fps, duration, Duration.ZERO), OptionalLong.empty(),
                        true, ServerRules.DEFAULTS);
            }
            String value;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = args[++i];
            }
            switch (option) {
                case "--url" -> url = value;
                case "--bind" -> bind = value;
                case "--meetings" -> meetings = count(option, value);
                case "--publishers" -> publishers = count(option, value);
                case "--subscribers" -> subscribers = count(option, value);
                case "--video" -> video = onOff(option, value);
                case "--bitrate" -> bitrate = bitrate(value);
                case "--fps" -> fps = count(option, value);
                case "--duration" -> duration = duration(option, value);
                case "--ramp-up" -> rampUp = duration(option, value);
                case "--server-pid" -> serverPid = OptionalLong.of(pid(option, value));
                case "--speakers" -> speakers = "all".equalsIgnoreCase(value.strip()) ? 0 : positive(option, value);
                case "--turn" -> turn = duration(option, value);
                case "--gallery" -> gallery = count(option, value);
                case "--tile" -> tile = size(option, value);
                case "--decrypt-one-in" -> decryptOneIn = positive(option, value);
                case "--last-n" -> lastN = count(option, value);
                case "--top-n-audio" -> topNAudio = count(option, value);
                case "--large-threshold" -> threshold = count(option, value);
                default -> {
                    if (!extension.accept(option, value)) {
                        throw new IllegalArgumentException("unknown option " + option + " (try --help)");
                    }
                }
            }
        }
        if (rampUp == null) {
            rampUp = duration.compareTo(Duration.ofSeconds(5)) < 0 ? duration.dividedBy(2) : Duration.ofSeconds(5);
        }
        URI uri = serverUrl("--url", url, serverPid);
        InetAddress local = localAddress(bind, OptionalLong.empty());
        SpeakingPattern speaking = speakers == 0 ? SpeakingPattern.EVERYONE : new SpeakingPattern(speakers, turn);
        ReceiveView view = gallery == 0 ? ReceiveView.ALL : new ReceiveView(gallery, tile[0], tile[1]);
        return new LoadTestOptions(uri, local, new LoadShape(meetings, publishers, subscribers, video, bitrate, fps,
                duration, rampUp, speaking, view, decryptOneIn), serverPid, false, new ServerRules(lastN, topNAudio, threshold,
                        defaults.keyframeIntervalMillis()));
    }

    /**
     * Another URL of the same server (e.g. Janus's admin API), held to the rule {@code --url} is held to: on this
     * host, or in the namespace of {@code --server-pid}.
     */
    public URI serverUrl(String option, String url) {
        return serverUrl(option, url, serverPid);
    }

    static long pid(String option, String value) {
        try {
            long pid = Long.parseLong(value.strip());
            if (pid < 1) {
                throw new NumberFormatException();
            }
            return pid;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": a process id");
        }
    }

    static int count(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": not a whole number");
        }
    }

    static int positive(String option, String value) {
        int n = count(option, value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " " + value + ": 1 or more");
        }
        return n;
    }

    /** {@code 320x180}: width and height in pixels. */
    static int[] size(String option, String value) {
        String[] parts = value.strip().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + " " + value + ": WIDTHxHEIGHT, e.g. 320x180");
        }
        int[] size = { count(option, parts[0]), count(option, parts[1]) };
        if (size[0] < 1 || size[1] < 1 || size[0] > 16384 || size[1] > 16384) {
            throw new IllegalArgumentException(option + " " + value + ": 1 to 16384 pixels each way");
        }
        return size;
    }

    static boolean onOff(String option, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(option + " " + value + ": on or off");
        };
    }

    /** Bits per second: {@code 500000}, {@code 500k}, {@code 1.5M}. */
    static int bitrate(String value) {
        String v = value.strip();
        double factor = 1;
        char last = v.isEmpty() ? ' ' : Character.toLowerCase(v.charAt(v.length() - 1));
        if (last == 'k') {
            factor = 1e3;
        } else if (last == 'm') {
            factor = 1e6;
        }
        if (factor != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            double bits = Double.parseDouble(v) * factor;
            if (bits < 1 || bits > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) Math.round(bits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--bitrate " + value + ": e.g. 500k or 1.5M");
        }
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms}, or plain seconds. */
    static Duration duration(String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": e.g. 30s, 2m or 500ms");
        }
    }

    /** An http URL of a server on this host: a load test must not leave the machine. */
    static URI serverUrl(String option, String url, OptionalLong serverPid) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + url + ": not a URL");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(option + " " + url + ": an http://host:port URL");
        }
        localAddress(uri.getHost(), serverPid);
        return uri;
    }

    /**
     * The address if it is loopback, one of this host's interfaces, or one of the interfaces of the network
     * namespace {@code serverPid} runs in (a process of this host, so its namespace is on this host too);
     * otherwise a refusal.
     */
    static InetAddress localAddress(String host, OptionalLong serverPid) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host + ": unknown host");
        }
        try {
            if (address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
        } catch (SocketException e) {
            // treated as not local
        }
        if (serverPid.isPresent() && addressesOfNamespace(serverPid.getAsLong()).contains(address)) {
            return address;
        }
        throw new IllegalArgumentException(host + " is not an address of this host"
                + (serverPid.isPresent() ? " nor of the network namespace of process " + serverPid.getAsLong() : "")
                + "; the load generator runs beside the server only");
    }

    /**
     * The local addresses of the network namespace a process runs in, as its /proc/PID/net tells (IPv4: the
     * "host LOCAL" entries of fib_trie; IPv6: if_inet6); empty when the process is gone or not readable.
     */
    static Set<InetAddress> addressesOfNamespace(long pid) {
        Set<InetAddress> addresses = new HashSet<>();
        Path net = Path.of("/proc", Long.toString(pid), "net");
        try {
            addresses.addAll(localAddressesOfFibTrie(Files.readString(net.resolve("fib_trie"))));
        } catch (java.io.IOException | RuntimeException e) {
            // no IPv4 figures: nothing of it counts as local
        }
        try {
            for (String line : Files.readAllLines(net.resolve("if_inet6"))) {
                String hex = line.strip().split("\\s+")[0];
                addresses.add(InetAddress.getByAddress(HexFormat.of().parseHex(hex)));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no IPv6 figures
        }
        return addresses;
    }

    /** The addresses fib_trie lists as {@code /32 host LOCAL}: an address line, then its entries below it. */
    static Set<InetAddress> localAddressesOfFibTrie(String fibTrie) {
        Set<InetAddress> addresses = new HashSet<>();
        String address = null;
        for (String line : fibTrie.split("\n")) {
            String entry = line.strip();
            if (entry.startsWith("|-- ")) {
                address = entry.substring(4).strip();
            } else if (address != null && entry.startsWith("/32 host LOCAL")) {
                try {
                    addresses.add(InetAddress.getByName(address));
                } catch (UnknownHostException e) {
                    // not an address: fib_trie lists nothing else on these lines
                }
            }
        }
        return addresses;
    }
}
