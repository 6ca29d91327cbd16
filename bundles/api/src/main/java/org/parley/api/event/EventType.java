package org.parley.api.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event on the wire (e.g. {@code participant.joined}) and gives its schema version. A bus that
 * crosses nodes uses the name as its topic and refuses to decode a version it does not know.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String value();

    int version() default 1;
}
