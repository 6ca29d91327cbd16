/**
 * Metrics: any bundle may register a {@link org.parley.api.metrics.MetricSource}; the admin bundle renders all of them at {@code /metrics} in the Prometheus text format.
 */
@Export
@Version("1.0.0")
package org.parley.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
