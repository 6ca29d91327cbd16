package org.parley.http.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.parley.api.metrics.MetricSink;
import org.parley.api.metrics.MetricSource;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Counts every HTTP request by method, status class and time spent, for {@code /metrics}. */
@Component(service = { Filter.class, MetricSource.class }, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME + "=parley-http-metrics",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED + "=true" })
public final class HttpMetrics implements Filter, MetricSource {
    private record Key(String method, String status) {
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder nanos = new LongAdder();
    private final AtomicInteger inflight = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        inflight.incrementAndGet();
        try {
            chain.doFilter(request, response);
        } finally {
            inflight.decrementAndGet();
            nanos.add(System.nanoTime() - start);
            String method = request instanceof HttpServletRequest http ? normalizeMethod(http.getMethod()) : "OTHER";
            int status = response instanceof HttpServletResponse http ? http.getStatus() : 0;
            requests.computeIfAbsent(new Key(method, (status / 100) + "xx"), k -> new LongAdder()).increment();
        }
    }

    private static String normalizeMethod(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }

    @Override
    public void collect(MetricSink sink) {
        requests.forEach((key, count) -> sink.counter("parley_http_requests_total", "HTTP requests served",
                Map.of("method", key.method(), "status", key.status()), count.sum()));
        sink.counter("parley_http_request_seconds_total", "Time spent serving HTTP requests", nanos.sum() / 1e9);
        sink.gauge("parley_http_requests_in_flight", "HTTP requests being served", inflight.get());
    }
}
