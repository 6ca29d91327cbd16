package org.parley.webrtc.sdp;

import java.util.Optional;

/** The media direction attributes of RFC 8866 section 6.7, seen from the side that wrote the description. */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String attributeName;

    Direction(String attributeName) {
        this.attributeName = attributeName;
    }

    /** The flag attribute's name, e.g. {@code sendonly}. */
    public String attributeName() {
        return attributeName;
    }

    public static Optional<Direction> fromAttributeName(String name) {
        for (Direction d : values()) {
            if (d.attributeName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The direction as the other side sees it: what an offer's sendonly becomes in the answer (recvonly). */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction that both sends and receives only what both sides allow: the answerer's choice narrowed. */
    public Direction intersect(Direction other) {
        boolean send = sends() && other.sends();
        boolean receive = receives() && other.receives();
        if (send && receive) {
            return SENDRECV;
        }
        return send ? SENDONLY : receive ? RECVONLY : INACTIVE;
    }
}
