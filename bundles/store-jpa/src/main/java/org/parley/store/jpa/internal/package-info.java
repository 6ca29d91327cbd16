/**
 * The database: connection pool (HikariCP over the H2 or PostgreSQL data source), the migration runner
 * over the versioned SQL files in {@code db/migration}, and EclipseLink bootstrapped without a JPA
 * container (a hand-made {@code PersistenceUnitInfo} with the caller's class loader, weaving off).
 */
package org.parley.store.jpa.internal;
