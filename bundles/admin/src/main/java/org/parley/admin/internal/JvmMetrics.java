package org.parley.admin.internal;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;

/** JVM, process and bundle figures for {@code /metrics}. */
@Component(service = MetricSource.class)
public final class JvmMetrics implements MetricSource {
    private static final long PAGE_SIZE = 4096;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Override
    public void collect(MetricSink sink) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        sink.gauge("jvm_memory_used_bytes", "JVM memory in use", Map.of("area", "heap"), heap.getUsed());
        sink.gauge("jvm_memory_used_bytes", "JVM memory in use", Map.of("area", "nonheap"), nonHeap.getUsed());
        sink.gauge("jvm_memory_committed_bytes", "JVM memory committed", Map.of("area", "heap"), heap.getCommitted());
        sink.gauge("jvm_memory_committed_bytes", "JVM memory committed", Map.of("area", "nonheap"), nonHeap.getCommitted());
        sink.gauge("jvm_memory_max_bytes", "JVM heap limit", Map.of("area", "heap"), heap.getMax());
        sink.gauge("jvm_threads_live", "Live JVM threads", ManagementFactory.getThreadMXBean().getThreadCount());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sink.counter("jvm_gc_collections_total", "GC runs", Map.of("gc", gc.getName()), Math.max(0, gc.getCollectionCount()));
            sink.counter("jvm_gc_collection_seconds_total", "Time spent in GC", Map.of("gc", gc.getName()),
                    Math.max(0, gc.getCollectionTime()) / 1000.0);
        }
        sink.gauge("process_uptime_seconds", "Seconds since the JVM started",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        processCpuSeconds(sink);
        residentMemory(sink);
        int[] counts = new int[6];
        for (Bundle bundle : context.getBundles()) {
            counts[switch (bundle.getState()) {
                case Bundle.ACTIVE -> 0;
                case Bundle.RESOLVED -> 1;
                case Bundle.INSTALLED -> 2;
                case Bundle.STARTING -> 3;
                case Bundle.STOPPING -> 4;
                default -> 5;
            }]++;
        }
        String[] names = { "active", "resolved", "installed", "starting", "stopping", "other" };
        for (int i = 0; i < names.length; i++) {
            sink.gauge("parley_bundles", "OSGi bundles by state", Map.of("state", names[i]), counts[i]);
        }
    }

    private static void processCpuSeconds(MetricSink sink) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object nanos = server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
            if (nanos instanceof Long value && value >= 0) {
                sink.counter("process_cpu_seconds_total", "CPU time used by the server process", value / 1e9);
            }
        } catch (Exception notAvailable) {
            // not every JVM exposes it; the metric is simply absent
        }
    }

    private static void residentMemory(MetricSink sink) {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            sink.gauge("process_resident_memory_bytes", "Resident memory of the server process",
                    Long.parseLong(statm[1]) * PAGE_SIZE);
        } catch (IOException | RuntimeException notLinux) {
            // absent off Linux
        }
    }
}
