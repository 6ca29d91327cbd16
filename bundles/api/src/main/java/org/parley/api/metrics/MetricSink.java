package org.parley.api.metrics;

import java.util.Map;

/**
 * Receives samples during one scrape. Names follow Prometheus conventions ({@code parley_http_requests_total});
 * the same name may be reported several times with different labels.
 */
public interface MetricSink {
    void counter(String name, String help, Map<String, String> labels, double value);

    void gauge(String name, String help, Map<String, String> labels, double value);

    default void counter(String name, String help, double value) {
        counter(name, help, Map.of(), value);
    }

    default void gauge(String name, String help, double value) {
        gauge(name, help, Map.of(), value);
    }
}
