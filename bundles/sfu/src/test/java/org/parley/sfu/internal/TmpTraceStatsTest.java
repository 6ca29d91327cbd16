package org.parley.sfu.internal;

import java.util.List;
import org.junit.jupiter.api.Test;

class TmpTraceStatsTest {
    static final long S = 1_000_000;

    @Test
    void stats() throws Exception {
        for (String[] t : new String[][] { { "shaped-300k.bwe.gz", "300000" }, { "shaped-1m.bwe.gz", "1000000" } }) {
            var r = new BandwidthEstimatorTraceTest.Replay(t[0]);
            long c = Long.parseLong(t[1]);
            var s = r.between(r.shapedAt(c) + 5 * S, r.end() + 1);
            System.out.println(t[0] + " " + BandwidthEstimatorTraceTest.Spread.of(s, c, 1.3) + " n=" + s.size());
            if (Boolean.getBoolean("outline")) System.out.println(r.outline());
        }
        var r = new BandwidthEstimatorTraceTest.Replay("step-2m-300k-lifted.bwe.gz");
        long step = r.shapedAt(300_000), lift = r.liftedAt();
        var fall = r.between(step, lift).stream().filter(x -> x.estimate() < 300_000).findFirst();
        long atStep = r.between(step - S, step).stream().mapToLong(x -> x.estimate()).max().orElse(0);
        System.out.printf("step: step %.1f lift %.1f end %.1f; at step %d; below 300k after %s s%n", step / 1e6, lift / 1e6, r.end() / 1e6, atStep, fall.map(x -> String.format("%.2f", (x.micros() - step) / 1e6)).orElse("never"));
        var after = r.between(lift, r.end() + 1);
        System.out.printf("  after lift min %d max %d last %d%n", after.stream().mapToLong(x -> x.estimate()).min().orElse(0), after.stream().mapToLong(x -> x.estimate()).max().orElse(0), after.get(after.size() - 1).estimate());
        System.out.println("  2M phase " + BandwidthEstimatorTraceTest.Spread.of(r.between(r.shapedAt(2_000_000) + 5 * S, step), 2_000_000, 1.3));
        System.out.println("  300k phase " + BandwidthEstimatorTraceTest.Spread.of(r.between(step + 5 * S, lift), 300_000, 1.3));
        if (Boolean.getBoolean("outline")) System.out.println(r.outline());
        var u = new BandwidthEstimatorTraceTest.Replay("unshaped.bwe.gz");
        double min = 9, minAfter5 = 9; int below = 0, n = 0;
        for (var x : u.between(u.samples.get(0).micros() + 2 * S, u.end() + 1)) {
            if (x.deliveredLastSecond() < 100_000) continue;
            double q = (double) x.estimate() / x.deliveredLastSecond();
            min = Math.min(min, q); n++; if (q < 1) below++;
            if (x.micros() > 5 * S) minAfter5 = Math.min(minAfter5, q);
        }
        System.out.printf("unshaped: min est/delivered %.2f (after 5 s %.2f); below delivered %.0f%% of %d%n", min, minAfter5, 100.0 * below / n, n);
        if (Boolean.getBoolean("outline")) System.out.println(u.outline());
    }
}
