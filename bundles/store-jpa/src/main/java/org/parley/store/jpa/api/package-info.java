/**
 * The relational store for bundles that keep their data in SQL (accounts, meetings): a migrated
 * database (embedded H2 or PostgreSQL, chosen in {@code etc/org.parley.database.cfg}) and EclipseLink
 * persistence units over it, bootstrapped with the calling bundle's class loader.
 */
@Export
@Version("1.0.0")
package org.parley.store.jpa.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
