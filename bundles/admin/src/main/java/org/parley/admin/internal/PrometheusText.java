package org.parley.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.parley.api.metrics.MetricSink;

/**
 * Collects samples from metric sources and writes the Prometheus text exposition format (0.0.4): one HELP and
 * TYPE line per metric name, then its samples, names sanitized and label values escaped.
 */
final class PrometheusText implements MetricSink {
    private record Family(String type, String help, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, Map<String, String> labels, double value) {
        add(name, "counter", help, labels, value);
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, double value) {
        add(name, "gauge", help, labels, value);
    }

    private void add(String rawName, String type, String help, Map<String, String> labels, double value) {
        String name = sanitize(rawName);
        Family family = families.computeIfAbsent(name, n -> new Family(type, help, new ArrayList<>()));
        StringBuilder sample = new StringBuilder(name);
        if (labels != null && !labels.isEmpty()) {
            sample.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    sample.append(',');
                }
                first = false;
                sample.append(sanitize(label.getKey())).append("=\"").append(escape(label.getValue())).append('"');
            }
            sample.append('}');
        }
        sample.append(' ').append(format(value));
        family.samples().add(sample.toString());
    }

    String render() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
            family.samples().forEach(s -> out.append(s).append('\n'));
        });
        return out.toString();
    }

    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    static String escape(String value) {
        return String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return String.valueOf(help).replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
