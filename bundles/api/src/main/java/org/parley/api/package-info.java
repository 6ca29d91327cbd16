/**
 * Parley's plugin SPI. A plugin compiles against the {@code org.parley.api} packages alone. This package holds the facts every bundle may ask of the node it runs in.
 */
@Export
@Version("1.0.0")
package org.parley.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
