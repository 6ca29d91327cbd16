package org.parley.plugins.hello;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hello plugin", description = "The example plugin's greeting")
public @interface HelloConfig {
    String PID = "org.parley.plugins.hello";

    @AttributeDefinition(description = "What GET /api/hello says")
    String greeting() default "Hello from a Parley plugin";
}
