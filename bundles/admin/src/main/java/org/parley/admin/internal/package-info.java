/**
 * What an administrator needs of a running node: liveness and readiness for load balancers, Prometheus
 * metrics gathered from every {@link org.parley.api.metrics.MetricSource}, and the bundle admin API behind
 * {@code bin/parley bundles|deploy|undeploy}, which works through the hot-deploy folder so that what an admin
 * installs survives a restart exactly as a dropped jar does.
 */
package org.parley.admin.internal;
