/**
 * Shared, expiring state that must outlive a bundle update (and, in a cluster, a node): meeting status,
 * rosters, waiting rooms, live counts. In memory by default; Redis in a cluster. Values are strings
 * (JSON for structures), so every backend stores them the same way.
 */
@Export
@Version("1.1.0")
package org.parley.api.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
