package org.parley.bus.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.event.Event;
import org.parley.api.event.EventType;

class EventHubTest {
    interface MeetingEvent extends Event {
    }

    @EventType("test.started")
    record Started(int n) implements MeetingEvent {
    }

    @EventType("test.other")
    record Other() implements Event {
    }

    private final EventHub hub = new EventHub(2);

    @AfterEach
    void stop() {
        hub.shutdown();
    }

    @Test
    void deliversInPublicationOrderToMatchingSubscribersOnly() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<Event> all = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        hub.subscribe(Started.class, e -> {
            seen.add(e.n());
            done.countDown();
        }, "test");
        hub.subscribe(MeetingEvent.class, all::add, "test");
        for (int i = 0; i < 1000; i++) {
            hub.publish(new Started(i));
            hub.publish(new Other());
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(1000).isSorted();
        waitFor(() -> all.size() == 1000);
        assertThat(all).allMatch(e -> e instanceof Started);
    }

    @Test
    void failingSubscriberKeepsItsSubscriptionAndOthersGetEvents() throws Exception {
        CountDownLatch calls = new CountDownLatch(2);
        CountDownLatch other = new CountDownLatch(2);
        hub.subscribe(Started.class, e -> {
            calls.countDown();
            throw new IllegalStateException("boom");
        }, "failing");
        hub.subscribe(Started.class, e -> other.countDown(), "healthy");
        hub.publish(new Started(1));
        hub.publish(new Started(2));
        assertThat(calls.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(other.await(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> hub.failed.sum() == 2);
    }

    @Test
    void closedSubscriptionReceivesNothingMore() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        EventHub.Delivery<Started> delivery = hub.subscribe(Started.class, e -> seen.add(e.n()), "test");
        delivery.close();
        hub.publish(new Started(1));
        CountDownLatch marker = new CountDownLatch(1);
        hub.subscribe(Started.class, e -> marker.countDown(), "marker");
        hub.publish(new Started(2));
        assertThat(marker.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEmpty();
        assertThat(hub.subscriptionCount()).isEqualTo(1);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
