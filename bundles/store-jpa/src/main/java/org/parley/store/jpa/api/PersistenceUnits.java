package org.parley.store.jpa.api;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;

/**
 * Creates EclipseLink persistence units over the node's database. The schema belongs to the store's
 * versioned migrations, never to the units (no DDL generation). The caller closes the factory when it
 * stops; the store's service goes away (and with it every unit's connections) when the database
 * configuration changes.
 */
public interface PersistenceUnits {

    /**
     * @param name a name for logs, e.g. {@code meetings}
     * @param loader the class loader that sees the entity classes (the calling bundle's)
     * @param entityClasses the managed classes, by name
     */
    EntityManagerFactory create(String name, ClassLoader loader, List<String> entityClasses);

    /** {@code h2} or {@code postgresql}. */
    String databaseKind();
}
