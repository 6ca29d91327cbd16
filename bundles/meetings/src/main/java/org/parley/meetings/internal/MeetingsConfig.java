package org.parley.meetings.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Meetings", description = "Meetings, passcodes and join tickets")
public @interface MeetingsConfig {
    String PID = "org.parley.meetings";

    @AttributeDefinition(description = "How long a join ticket stays valid, in seconds")
    int ticket_ttl_seconds() default 300;

    @AttributeDefinition(description = "Key that signs join tickets (at least 32 characters; every node of a cluster "
            + "needs the same). Empty: a random key kept in ${parley.data}/meetings/ticket.key. "
            + "PARLEY_MEETINGS_TICKET_SECRET overrides it.")
    String ticket_secret() default "";

    @AttributeDefinition(description = "Base URL of join links, e.g. https://meet.example.com; empty = the URL the "
            + "request came in on")
    String public_url() default "";

    @AttributeDefinition(description = "Wrong passcodes per meeting before joins of that meeting are refused")
    int join_max_failures_per_meeting() default 10;

    @AttributeDefinition(description = "Wrong passcodes or unknown meetings per client address before its joins are refused")
    int join_max_failures_per_address() default 20;

    @AttributeDefinition(description = "How long failed joins are remembered, in seconds")
    int join_window_seconds() default 600;
}
