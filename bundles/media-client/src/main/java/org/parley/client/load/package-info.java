/**
 * The load generator's view of a conferencing server: rooms to create, participants that publish and
 * subscribe. Parley is one target; a peer such as Janus's videoroom is another, so that both can be
 * measured with the same load in the same run.
 */
@Export
@Version("0.1.0")
package org.parley.client.load;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
