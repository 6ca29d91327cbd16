/** TODO */
@Export
@Version("0.1.0")
package org.parley.webrtc.stun;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
