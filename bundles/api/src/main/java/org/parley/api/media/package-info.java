/**
 * The media server as the room sees it: the room relays each participant's SDP and ICE messages to the
 * {@link org.parley.api.media.MediaSignaling} service (the SFU bundle) and tells it who leaves; the SFU
 * answers participants through {@link org.parley.api.room.Rooms#send}.
 */
@Export
@Version("1.2.0")
package org.parley.api.media;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
