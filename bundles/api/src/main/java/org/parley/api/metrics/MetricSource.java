package org.parley.api.metrics;

/**
 * A service that reports metrics when {@code /metrics} is scraped. {@link #collect} must be quick and must
 * not block: read counters, do not compute.
 */
public interface MetricSource {
    void collect(MetricSink sink);
}
