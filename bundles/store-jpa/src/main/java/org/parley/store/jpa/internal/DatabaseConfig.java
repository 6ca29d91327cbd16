package org.parley.store.jpa.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Database", description = "Where accounts and meetings are stored")
public @interface DatabaseConfig {
    String PID = "org.parley.database";

    @AttributeDefinition(description = "JDBC URL: jdbc:h2:file:... or jdbc:postgresql://host:port/db; empty = "
            + "embedded H2 in ${parley.data}/db. PARLEY_DB_URL overrides it.")
    String url() default "";

    @AttributeDefinition(description = "Database user (PARLEY_DB_USER overrides it)")
    String user() default "";

    @AttributeDefinition(description = "Database password (PARLEY_DB_PASSWORD overrides it)", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Largest number of pooled connections")
    int pool_max() default 10;

    @AttributeDefinition(description = "How long a request waits for a free connection, in seconds")
    int pool_timeout_seconds() default 10;
}
