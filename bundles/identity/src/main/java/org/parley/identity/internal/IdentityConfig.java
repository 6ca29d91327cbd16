package org.parley.identity.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Identity", description = "Accounts, passwords and sign-in sessions")
public @interface IdentityConfig {
    String PID = "org.parley.identity";

    @AttributeDefinition(description = "How long a session token stays valid, in seconds (default 24 hours)")
    int session_ttl_seconds() default 86400;

    @AttributeDefinition(description = "Argon2id memory cost in KiB (OWASP minimum: 19456)")
    int argon2_memory_kib() default 19456;

    @AttributeDefinition(description = "Argon2id iterations")
    int argon2_iterations() default 2;

    @AttributeDefinition(description = "Argon2id lanes")
    int argon2_parallelism() default 1;

    @AttributeDefinition(description = "Failed sign-ins per account before further attempts are refused")
    int signin_max_failures_per_account() default 5;

    @AttributeDefinition(description = "Failed sign-ins per client address before further attempts are refused")
    int signin_max_failures_per_address() default 20;

    @AttributeDefinition(description = "How long failed sign-ins are remembered, in seconds")
    int signin_window_seconds() default 900;
}
