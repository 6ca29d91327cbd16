/**
 * In-meeting chat storage, shaped like the seed's {@code chat_messages} table: partitioned by meeting,
 * ordered by a time-based UUID. Embedded by default; Cassandra in a cluster.
 */
@Export
@Version("1.0.0")
package org.parley.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
