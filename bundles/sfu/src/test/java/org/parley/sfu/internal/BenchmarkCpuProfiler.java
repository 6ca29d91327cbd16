package org.parley.sfu.internal;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof org.parley.sfu.internal.BenchmarkCpuProfiler}) reporting the CPU time the
 * benchmark JVM used per operation, all threads together (the benchmark thread, GC, JIT), as
 * {@code cpu.time.norm} in ns/op. On a shared machine whose other processes take the cores, wall-clock
 * time per operation counts the time the benchmark thread waited for a core; CPU time does not (it still
 * pays for caches the other processes thrash).
 */
public final class BenchmarkCpuProfiler implements InternalProfiler {
    private long startNanos;

    @Override
    public String getDescription() {
        return "CPU time of the whole benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = processCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = processCpuNanos() - startNanos;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : (double) cpu / ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
