/**
 * REST through the whiteboard: register a {@link org.parley.api.http.RestResource} service whose class carries a JAX-RS {@code @Path} and it is served under {@code /api} while the service is registered. Errors leave as {@code application/problem+json} (RFC 9457) through {@link org.parley.api.http.ProblemException}.
 */
@Export
@Version("1.1.0")
package org.parley.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
