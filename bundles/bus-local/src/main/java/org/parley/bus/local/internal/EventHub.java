package org.parley.bus.local.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.parley.api.event.Event;
import org.parley.api.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-VM event dispatch shared by every bundle's {@link EventBus} view. Each subscription has its own
 * queue drained by at most one pool thread at a time, so a subscriber sees events in publication order and a
 * slow subscriber delays nobody else.
 */
final class EventHub {
    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final CopyOnWriteArrayList<Delivery<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService pool;
    final LongAdder published = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder failed = new LongAdder();

    EventHub(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "parley-events-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    void publish(Event event) {
        if (event == null) {
            throw new NullPointerException("event");
        }
        published.increment();
        for (Delivery<?> delivery : subscriptions) {
            delivery.offer(event);
        }
    }

    <E extends Event> Delivery<E> subscribe(Class<E> type, Consumer<? super E> handler, String owner) {
        Delivery<E> delivery = new Delivery<>(type, handler, owner);
        subscriptions.add(delivery);
        return delivery;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    void shutdown() {
        subscriptions.forEach(Delivery::close);
        pool.shutdown();
    }

    /** One subscription: a filter, a queue and a flag saying whether a pool thread is draining it. */
    final class Delivery<E extends Event> implements EventBus.Subscription {
        private final Class<E> type;
        private final Consumer<? super E> handler;
        private final String owner;
        private final Queue<E> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean closed;

        Delivery(Class<E> type, Consumer<? super E> handler, String owner) {
            this.type = type;
            this.handler = handler;
            this.owner = owner;
        }

        void offer(Event event) {
            if (closed || !type.isInstance(event)) {
                return;
            }
            queue.add(type.cast(event));
            schedule();
        }

        private void schedule() {
            if (draining.compareAndSet(false, true)) {
                try {
                    pool.execute(this::drain);
                } catch (RejectedExecutionException stopping) {
                    draining.set(false);
                }
            }
        }

        private void drain() {
            try {
                E event;
                int batch = 0;
                while (!closed && batch++ < 256 && (event = queue.poll()) != null) {
                    try {
                        handler.accept(event);
                        delivered.increment();
                    } catch (RuntimeException | LinkageError e) {
                        failed.increment();
                        LOG.error("Subscriber of {} in {} failed on {}", type.getSimpleName(), owner, event, e);
                    }
                }
            } finally {
                draining.set(false);
            }
            // Yield the thread after a batch, and pick up anything that arrived while we were finishing.
            if (!closed && !queue.isEmpty()) {
                schedule();
            }
        }

        @Override
        public void close() {
            closed = true;
            queue.clear();
            subscriptions.remove(this);
        }

        Map<String, Object> describe() {
            return Map.of("type", type.getName(), "owner", owner);
        }
    }
}
