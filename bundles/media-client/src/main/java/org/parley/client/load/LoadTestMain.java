package org.parley.client.load;

import java.net.ConnectException;

import org.parley.client.PeerOptions;
import org.parley.client.load.parley.ParleyTarget;

/**
 * {@code parley loadtest}: runs a {@link LoadShape} against a Parley node on this host, prints a progress line
 * each second and the final figures. Exits 0 when someone connected and received media, 1 when nobody did, 2 on
 * a bad command line.
 */
public final class LoadTestMain {
    private LoadTestMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        LoadTestOptions options;
        try {
            options = LoadTestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("parley loadtest: " + e.getMessage());
            System.err.print(LoadTestOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            System.out.print(LoadTestOptions.USAGE);
            return 0;
        }
        try (ParleyTarget target = new ParleyTarget(options.url())) {
            return runAgainst(target, options);
        } catch (ConnectException e) {
            System.err.println("parley loadtest: cannot reach " + options.url() + " (is the node running?)");
            return 1;
        } catch (Exception e) {
            System.err.println("parley loadtest: " + e);
            return 1;
        }
    }

    /**
     * Runs the options' shape against an open target, printing the load line, a progress line each second and
     * the final table ({@link LoadReport#table()}, which scripts read); the caller closes the target.
     *
     * @return 0 when someone received media, 1 when nobody did
     */
    public static int runAgainst(ConferenceTarget target, LoadTestOptions options) throws Exception {
        LoadShape shape = options.shape();
        System.out.printf("Load test of %s: %d meetings x (%d publishers + %d subscribers), video %s, %s, ramp-up %s%n",
                options.url(), shape.meetings(), shape.publishersPerMeeting(), shape.subscribersPerMeeting(),
                shape.video() ? shape.videoBitrate() / 1000 + " kb/s at " + shape.frameRate() + " fps" : "off",
                shape.duration().toString().substring(2).toLowerCase(),
                shape.rampUp().toString().substring(2).toLowerCase());
        PeerOptions peers = new PeerOptions(options.bind(), PeerOptions.defaults().srtpProfiles(),
                PeerOptions.defaults().consentInterval(), PeerOptions.defaults().connectTimeout());
        LoadReport report = new LoadGenerator(target, shape, peers,
                sample -> System.out.println(sample.line(shape.participants())), options.rules()).run();
        System.out.println();
        System.out.print(report.table());
        return report.receiving() > 0 ? 0 : 1;
    }
}
