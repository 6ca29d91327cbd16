package org.parley.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.parley.api.metrics.MetricSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /health} (liveness), {@code /ready} (readiness) and {@code /metrics} (Prometheus text). */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/health",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/ready",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/metrics",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=parley-node-endpoints" })
public final class NodeEndpoints extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NodeEndpoints.class);

    @Reference
    private transient Readiness readiness;

    private final transient Map<MetricSource, Boolean> sources = new ConcurrentHashMap<>();
    private final transient Map<Class<?>, Boolean> reportedFailures = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSource(MetricSource source) {
        sources.put(source, Boolean.TRUE);
    }

    void removeSource(MetricSource source) {
        sources.remove(source);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        switch (request.getServletPath()) {
            case "/health" -> write(response, 200, "application/json", "{\"status\":\"UP\"}");
            case "/ready" -> ready(response);
            case "/metrics" -> write(response, 200, "text/plain; version=0.0.4; charset=utf-8", metrics());
            default -> write(response, 404, "application/problem+json",
                    "{\"type\":\"urn:parley:problem:not-found\",\"title\":\"Not Found\",\"status\":404}");
        }
    }

    private void ready(HttpServletResponse response) throws IOException {
        List<String> problems = readiness.problems();
        StringBuilder body = new StringBuilder("{\"status\":\"").append(problems.isEmpty() ? "UP" : "DOWN")
                .append("\",\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(jsonEscape(problems.get(i))).append('"');
        }
        body.append("]}");
        write(response, problems.isEmpty() ? 200 : 503, "application/json", body.toString());
    }

    String metrics() {
        PrometheusText text = new PrometheusText();
        for (MetricSource source : sources.keySet()) {
            try {
                source.collect(text);
            } catch (RuntimeException | LinkageError e) {
                if (reportedFailures.putIfAbsent(source.getClass(), Boolean.TRUE) == null) {
                    LOG.warn("Metric source {} failed; its metrics are left out", source.getClass().getName(), e);
                }
            }
        }
        return text.render();
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
