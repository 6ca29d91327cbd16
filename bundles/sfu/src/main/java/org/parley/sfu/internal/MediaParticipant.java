package org.parley.sfu.internal;

/** A meeting participant as the SFU knows it: what it publishes and what it receives. */
final class MediaParticipant {
    final String id;
    final String meetingId;
    private volatile Publication publication;
    private volatile Subscription subscription;

    MediaParticipant(String id, String meetingId) {
        this.id = id;
        this.meetingId = meetingId;
    }

    Publication publication() {
        return publication;
    }

    void setPublication(Publication publication) {
        this.publication = publication;
    }

    Subscription subscription() {
        return subscription;
    }

    void setSubscription(Subscription subscription) {
        this.subscription = subscription;
    }
}
