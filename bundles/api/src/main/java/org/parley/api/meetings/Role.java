package org.parley.api.meetings;

/** A participant's role in a meeting, from most to least powerful. */
public enum Role {
    HOST, CO_HOST, PARTICIPANT;

    /** Hosts and co-hosts may use host controls. */
    public boolean moderates() {
        return this == HOST || this == CO_HOST;
    }
}
