package org.parley.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every peer of one JVM shares: timers for connectivity checks, media pacing and reports, and the
 * pool DTLS associations run on (BouncyCastle's blocking API holds one thread per association for its life).
 * Daemon threads, so a load generator or test that forgets to close a peer still exits.
 */
public final class ClientThreads {
    public static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("parley-client-timer"));
    public static final ExecutorService DTLS = Executors.newCachedThreadPool(daemon("parley-client-dtls"));

    private ClientThreads() {
    }

    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
