package org.parley.api.meetings;

import java.util.Optional;

/** Verifies the join tickets the meetings service issued. */
public interface JoinTickets {

    /**
     * The ticket the token stands for, if the token is genuine, unexpired and for an existing meeting that
     * has not been cancelled; empty otherwise (never throws for bad input).
     */
    Optional<JoinTicket> verify(String token);
}
