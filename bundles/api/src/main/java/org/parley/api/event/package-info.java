/**
 * Typed, versioned events between bundles and, in a cluster, between nodes.
 */
@Export
@Version("1.0.0")
package org.parley.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
