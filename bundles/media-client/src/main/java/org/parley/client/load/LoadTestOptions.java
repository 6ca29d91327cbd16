package org.parley.client.load;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@code parley loadtest}: where the server is, where the media sockets bind, and the
 * {@link LoadShape}.
 */
public record LoadTestOptions(URI url, InetAddress bind, LoadShape shape, boolean help) {

    public static final String USAGE = """
            usage: parley loadtest [options]
              --url URL          the Parley node (default http://127.0.0.1:8080)
              --meetings N       meetings (default 1)
              --publishers N     participants per meeting that send audio and video and receive (default 3)
              --subscribers N    participants per meeting that only receive (default 0)
              --video on|off     whether publishers send video (default on)
              --bitrate RATE     video bitrate per publisher, e.g. 500k, 1.5M (default 500k)
              --fps N            video frames per second (default 15)
              --duration TIME    how long the run lasts, e.g. 30s, 2m (default 30s; at most 10m)
              --ramp-up TIME     joins are spread over this (default 5s; at most the duration)
              --bind ADDRESS     local address of the media sockets (default 127.0.0.1)
              --help             this text
            At most %d participants in all. The server and the bind address must be on this host.
            """.formatted(LoadShape.MAX_PARTICIPANTS);

    /** Parses the arguments; throws IllegalArgumentException with a message for the user. */
    public static LoadTestOptions parse(String... args) {
        String url = "http://127.0.0.1:8080";
        String bind = "127.0.0.1";
        int meetings = 1;
        int publishers = 3;
        int subscribers = 0;
        boolean video = true;
        int bitrate = 500_000;
        int fps = 15;
        Duration duration = Duration.ofSeconds(30);
        Duration rampUp = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return new LoadTestOptions(URI.create(url), InetAddress.getLoopbackAddress(),
                        new LoadShape(1, 1, 0, true, bitrate, fps, duration, Duration.ZERO), true);
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
                default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
            }
        }
        if (rampUp == null) {
            rampUp = duration.compareTo(Duration.ofSeconds(5)) < 0 ? duration.dividedBy(2) : Duration.ofSeconds(5);
        }
        URI uri = serverUrl(url);
        InetAddress local = localAddress(bind);
        return new LoadTestOptions(uri, local, new LoadShape(meetings, publishers, subscribers, video, bitrate, fps,
                duration, rampUp), false);
    }

    static int count(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + ": not a whole number");
        }
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
    static URI serverUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url " + url + ": not a URL");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--url " + url + ": an http://host:port URL");
        }
        localAddress(uri.getHost());
        return uri;
    }

    /** The address if it is loopback or one of this host's interfaces; otherwise a refusal. */
    static InetAddress localAddress(String host) {
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
        throw new IllegalArgumentException(host + " is not an address of this host; the load generator runs"
                + " beside the server only");
    }
}
