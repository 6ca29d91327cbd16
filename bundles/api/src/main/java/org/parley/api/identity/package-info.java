/**
 * Accounts and sign-in sessions as other bundles see them: who a bearer token belongs to
 * ({@link org.parley.api.identity.SessionStore}, {@link org.parley.api.identity.BearerAuth}) and a user's
 * public profile ({@link org.parley.api.identity.UserDirectory}). Implemented by the identity bundle; a
 * cluster can offer another {@code SessionStore} (e.g. Redis) without the callers changing.
 */
@Export
@Version("1.0.0")
package org.parley.api.identity;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
