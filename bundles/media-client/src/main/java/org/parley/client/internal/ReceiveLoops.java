package org.parley.client.internal;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that receive for every client peer of one JVM: a few selector loops, each watching many
 * non-blocking datagram channels, instead of a blocked thread per socket. A load generator of a thousand peers
 * then wakes one thread for a burst of datagrams on many sockets rather than a thousand threads one datagram
 * each, and reads each datagram into the loop's one buffer (no allocation per datagram). A channel stays on
 * the loop it was registered with, so one peer's datagrams are handled on one thread, in order.
 */
public final class ReceiveLoops {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveLoops.class);
    /** Datagrams read from one channel before the loop looks at the others: one busy peer must not starve them. */
    private static final int BURST = 32;
    private static final int MAX_DATAGRAM = 2048;

    /** What a registered channel's datagrams go to; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface Handler {
        void onDatagram(SocketAddress from, byte[] buf, int len);
    }

    private static final ReceiveLoops SHARED = new ReceiveLoops(Math.max(1,
            Runtime.getRuntime().availableProcessors()));

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    private ReceiveLoops(int threads) {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            try {
                loops[i] = new Loop(Selector.open(), "parley-client-rx-" + (i + 1));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
            Thread t = new Thread(loops[i]::run, loops[i].name);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The loops every peer of this JVM shares. */
    public static ReceiveLoops shared() {
        return SHARED;
    }

    /**
     * Receives {@code channel}'s datagrams (it must be non-blocking) on one of the loops, until it is closed;
     * the loops are taken in turn.
     */
    public void register(DatagramChannel channel, Handler handler) {
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        loop.pending.add(new Registration(channel, handler));
        loop.selector.wakeup();
    }

    private record Registration(DatagramChannel channel, Handler handler) {
    }

    private static final class Loop {
        final Selector selector;
        final String name;
        final Queue<Registration> pending = new ConcurrentLinkedQueue<>();
        final byte[] buf = new byte[MAX_DATAGRAM];
        final ByteBuffer buffer = ByteBuffer.wrap(buf);

        Loop(Selector selector, String name) {
            this.selector = selector;
            this.name = name;
        }

        void run() {
            while (true) {
                try {
                    registerPending();
                    selector.select();
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        drain(key);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Receive loop {} failed a round", name, e);
                }
            }
        }

        private void registerPending() {
            Registration r;
            while ((r = pending.poll()) != null) {
                try {
                    r.channel().register(selector, SelectionKey.OP_READ, r.handler());
                } catch (ClosedChannelException e) {
                    // closed before it got here: nothing to receive
                }
            }
        }

        private void drain(SelectionKey key) {
            if (!key.isValid()) {
                return;
            }
            DatagramChannel channel = (DatagramChannel) key.channel();
            Handler handler = (Handler) key.attachment();
            for (int i = 0; i < BURST; i++) {
                buffer.clear();
                SocketAddress from;
                try {
                    from = channel.receive(buffer);
                } catch (IOException e) {
                    if (channel.isOpen()) {
                        LOG.debug("Receive on {} failed", channel, e);
                    }
                    key.cancel();
                    return;
                }
                if (from == null) {
                    return; // nothing more for now
                }
                try {
                    handler.onDatagram(from, buf, buffer.position());
                } catch (RuntimeException e) {
                    // One bad datagram (or a listener's bug) must not end the peer, nor the others of this loop.
                    LOG.warn("Datagram from {} failed in processing", from, e);
                }
            }
        }
    }
}
