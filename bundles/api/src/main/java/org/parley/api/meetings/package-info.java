/**
 * What the room needs to know of meetings: join tickets (the proof that a client passed the passcode check)
 * and each meeting's host, co-hosts and settings. Implemented by the meetings bundle.
 */
@Export
@Version("1.0.0")
package org.parley.api.meetings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
