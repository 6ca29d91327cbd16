/** Parley itself as a load target: its REST API and signaling WebSocket, its {@code /metrics}. */
@Export
@Version("0.1.0")
package org.parley.client.load.parley;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
