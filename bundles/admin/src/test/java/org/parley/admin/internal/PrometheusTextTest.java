package org.parley.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void groupsSamplesUnderOneHelpAndTypeLine() {
        PrometheusText text = new PrometheusText();
        text.counter("parley_http_requests_total", "HTTP requests", Map.of("status", "2xx", "method", "GET"), 3);
        text.gauge("parley_ws_connections", "Open connections", 2);
        text.counter("parley_http_requests_total", "HTTP requests", Map.of("method", "POST", "status", "4xx"), 1);
        assertThat(text.render()).isEqualTo("""
                # HELP parley_http_requests_total HTTP requests
                # TYPE parley_http_requests_total counter
                parley_http_requests_total{method="GET",status="2xx"} 3
                parley_http_requests_total{method="POST",status="4xx"} 1
                # HELP parley_ws_connections Open connections
                # TYPE parley_ws_connections gauge
                parley_ws_connections 2
                """);
    }

    @Test
    void escapesLabelValuesAndSanitizesNames() {
        PrometheusText text = new PrometheusText();
        text.gauge("bad-name.x", "help\nline", Map.of("path", "a\"b\\c\nd"), 1.5);
        assertThat(text.render()).contains("# HELP bad_name_x help\\nline")
                .contains("bad_name_x{path=\"a\\\"b\\\\c\\nd\"} 1.5");
        assertThat(PrometheusText.sanitize("9lives")).isEqualTo("_lives");
    }

    @Test
    void formatsSpecialValues() {
        assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.format(42.0)).isEqualTo("42");
        assertThat(PrometheusText.format(0.25)).isEqualTo("0.25");
    }
}
