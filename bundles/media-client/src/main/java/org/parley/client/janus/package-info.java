/**
 * Janus's videoroom plugin as a {@link org.parley.client.load.ConferenceTarget}: the load generator drives it
 * over Janus's HTTP API with the same peers it uses against Parley, for the side-by-side benchmark.
 */
@Export
@Version("0.1.0")
package org.parley.client.janus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
