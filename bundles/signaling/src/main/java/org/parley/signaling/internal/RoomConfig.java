package org.parley.signaling.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley meeting room", description = "Room behaviour over signaling")
public @interface RoomConfig {
    String PID = "org.parley.signaling";

    @AttributeDefinition(description = "Seconds a participant whose connection dropped keeps its seat")
    int reconnect_grace_seconds() default 30;

    @AttributeDefinition(description = "Participants one meeting may hold")
    int max_participants() default 1000;

    @AttributeDefinition(description = "Hours room state is kept after the last change")
    int state_ttl_hours() default 24;
}
