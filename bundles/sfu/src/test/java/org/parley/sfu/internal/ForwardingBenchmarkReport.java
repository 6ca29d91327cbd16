package org.parley.sfu.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ForwardingBenchmark} with the JMH command-line options given (as {@code org.openjdk.jmh.Main}
 * takes them) and prints the results as the Markdown table of docs/benchmarks.md: per case the forwarding
 * path's time per incoming packet (wall clock, and CPU time when run with {@code -prof
 * org.parley.sfu.internal.BenchmarkCpuProfiler}) and per forwarded copy, its allocation per packet (when run
 * with {@code -prof gc}), and the crypto-only baseline of the same run with the ratio between them.
 */
public final class ForwardingBenchmarkReport {
    private ForwardingBenchmarkReport() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        String include = cli.getIncludes().isEmpty() ? ForwardingBenchmark.class.getName() + "\\." : null;
        // One JMH run per case, so that a case's baseline and forwarding figures are measured back to back: on a
        // shared machine the load changes over the minutes a whole run takes.
        List<RunResult> results = new ArrayList<>();
        for (String kind : values(cli, "kind", "video", "audio")) {
            for (String profile : values(cli, "profile", "AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_80")) {
                for (String receivers : values(cli, "receivers", "1", "10", "50")) {
                    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
                            .param("kind", kind).param("profile", profile).param("receivers", receivers);
                    if (include != null) {
                        options.include(include);
                    }
                    results.addAll(new Runner(options.build()).run());
                }
            }
        }

        // case key -> [forward, cryptoOnly]
        Map<String, RunResult[]> cases = new TreeMap<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            String key = sortKey(params);
            RunResult[] pair = cases.computeIfAbsent(key, k -> new RunResult[2]);
            pair["forward".equals(method) ? 0 : 1] = result;
        }
        StringBuilder table = new StringBuilder();
        boolean cpu = cases.values().stream().allMatch(p -> !Double.isNaN(secondary(p[0], "cpu.time.norm"))
                && !Double.isNaN(secondary(p[1], "cpu.time.norm")));
        String basis = cpu ? "CPU" : "wall";
        table.append("| packet | SRTP profile | receivers | ns/packet (wall) | CPU ns/packet | " + basis + " ns/copy | B/packet "
                + "| crypto-only ns/packet (wall) | crypto-only CPU ns/packet | crypto-only B/packet | forward / crypto ("
                + basis + ") |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult[] pair : cases.values()) {
            RunResult any = pair[0] != null ? pair[0] : pair[1];
            BenchmarkParams params = any.getParams();
            int receivers = Integer.parseInt(params.getParam("receivers"));
            String kind = params.getParam("kind");
            double forwardCpu = secondary(pair[0], "cpu.time.norm");
            double cryptoCpu = secondary(pair[1], "cpu.time.norm");
            if (!cpu) { // run without the CPU profiler: wall time
                forwardCpu = pair[0] == null ? Double.NaN : pair[0].getPrimaryResult().getScore();
                cryptoCpu = pair[1] == null ? Double.NaN : pair[1].getPrimaryResult().getScore();
            }
            table.append("| ").append("video".equals(kind) ? "video 1200 B" : "audio 100 B");
            table.append(" | ").append(params.getParam("profile"));
            table.append(" | ").append(receivers);
            table.append(" | ").append(pair[0] == null ? "-" : withError(pair[0].getPrimaryResult()));
            table.append(" | ").append(format(secondary(pair[0], "cpu.time.norm")));
            table.append(" | ").append(format(forwardCpu / receivers));
            table.append(" | ").append(format(secondary(pair[0], "gc.alloc.rate.norm")));
            table.append(" | ").append(pair[1] == null ? "-" : withError(pair[1].getPrimaryResult()));
            table.append(" | ").append(format(secondary(pair[1], "cpu.time.norm")));
            table.append(" | ").append(format(secondary(pair[1], "gc.alloc.rate.norm")));
            double ratio = forwardCpu / cryptoCpu;
            table.append(" | ").append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio));
            table.append(" |\n");
        }
        System.out.println();
        System.out.println("Markdown (ns/packet: JMH average wall time per incoming packet +- 99.9% interval; "
                + "CPU ns: cpu.time.norm of BenchmarkCpuProfiler; B/packet: gc.alloc.rate.norm):");
        System.out.println();
        System.out.print(table);
    }

    private static Collection<String> values(CommandLineOptions cli, String name, String... defaults) {
        return cli.getParameter(name).orElse(List.of(defaults));
    }

    /** Video before audio, GCM before AES-CM, then by receiver count. */
    private static String sortKey(BenchmarkParams params) {
        return ("video".equals(params.getParam("kind")) ? "0" : "1")
                + (params.getParam("profile").startsWith("AEAD") ? "0" : "1")
                + String.format(Locale.ROOT, "%05d", Integer.parseInt(params.getParam("receivers")));
    }

    private static String withError(Result<?> result) {
        double error = result.getScoreError();
        return Double.isNaN(error) ? format(result.getScore())
                : format(result.getScore()) + " ± " + format(error);
    }

    /** A profiler's figure (gc.alloc.rate.norm, cpu.time.norm), or NaN when that profiler did not run. */
    private static double secondary(RunResult result, String name) {
        if (result == null) {
            return Double.NaN;
        }
        for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
            if (entry.getKey().endsWith(name)) {
                return entry.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
