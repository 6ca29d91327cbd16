/**
 * WebSocket signaling through the whiteboard: a {@link org.parley.api.signaling.SignalingHandler} service registered with the property {@code parley.signaling.type} receives every {@code /ws} message of that type.
 */
@Export
@Version("1.0.0")
package org.parley.api.signaling;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
