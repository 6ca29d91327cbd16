/**
 * The meeting room as other bundles see it: who is in which meeting (the {@link org.parley.api.room.Rooms}
 * service of the signaling bundle) and the events the room publishes on the event bus.
 */
@Export
@Version("1.0.0")
package org.parley.api.room;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
