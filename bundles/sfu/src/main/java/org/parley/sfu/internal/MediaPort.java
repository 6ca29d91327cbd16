package org.parley.sfu.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The node's one media UDP port. On Linux with epoll it binds one SO_REUSEPORT socket per I/O thread on the
 * same port; the kernel then spreads remote addresses over them and keeps each address on one socket.
 * Elsewhere it is a single NIO socket.
 */
final class MediaPort implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPort.class);

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<PacketWorker> workers = new ArrayList<>();
    private final InetSocketAddress local;
    private final boolean epoll;

    MediaPort(InetAddress bindAddress, int port, int threads, PacketRouter router, MediaCounters counters)
            throws InterruptedException {
        int count = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
        boolean useEpoll = isEpollAvailable();
        this.epoll = useEpoll;
        if (!useEpoll) {
            count = 1;
        }
        group = new MultiThreadIoEventLoopGroup(count, r -> {
            Thread t = new Thread(r, "parley-media-io");
            t.setDaemon(true);
            return t;
        }, useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        if (useEpoll && port != 0) {
            requireFree(bindAddress, port);
        }
        InetSocketAddress bound = null;
        try {
            for (int i = 0; i < count; i++) {
                PacketWorker worker = new PacketWorker(router, counters);
                Bootstrap bootstrap = new Bootstrap().group(group)
                        .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                        .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                        .handler(worker);
                if (useEpoll) {
                    bootstrap.channel(EpollDatagramChannel.class).option(EpollChannelOption.SO_REUSEPORT, true);
                } else {
                    bootstrap.channel(NioDatagramChannel.class);
                }
                int wanted = bound == null ? port : bound.getPort();
                Channel channel = bootstrap.bind(new InetSocketAddress(bindAddress, wanted)).sync().channel();
                if (bound == null) {
                    bound = (InetSocketAddress) channel.localAddress();
                }
                channels.add(channel);
                workers.add(worker);
            }
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        this.local = bound;
        LOG.info("Media port listening at udp://{}:{} ({} {} socket{})", local.getAddress().getHostAddress(),
                local.getPort(), count, useEpoll ? "epoll" : "NIO", count == 1 ? "" : "s");
    }

    /**
     * SO_REUSEPORT lets any process of the same user join a port and take a share of its packets, so a second
     * node started on the same port would silently split every call. A plain bind first fails instead.
     */
    private static void requireFree(InetAddress address, int port) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(address, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Media port udp://" + address.getHostAddress() + ":" + port
                    + " is in use (another Parley node?); set port in etc/org.parley.sfu.cfg or PARLEY_MEDIA_PORT", e);
        }
    }

    private static boolean isEpollAvailable() {
        try {
            return Epoll.isAvailable();
        } catch (Throwable e) {
            // The native library may be absent on this platform: NIO serves then.
            return false;
        }
    }

    InetSocketAddress localAddress() {
        return local;
    }

    boolean epoll() {
        return epoll;
    }

    /** A worker to send from when no received packet chose one (the first socket). */
    PacketWorker anyWorker() {
        return workers.get(0);
    }

    int sockets() {
        return channels.size();
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
