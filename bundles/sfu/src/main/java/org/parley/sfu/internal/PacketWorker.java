package org.parley.sfu.internal;

import java.net.InetSocketAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Reads one of the media port's sockets, on that socket's I/O thread, and sends on it. It owns the scratch
 * buffers every packet of its thread is decrypted, rewritten and encrypted in, so the hot path allocates
 * only the outgoing Netty buffers; writes made while reading are flushed once per read batch.
 */
final class PacketWorker extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PacketWorker.class);
    /** Largest datagram taken; WebRTC stays under ~1300 bytes, a little more leaves room for tags. */
    static final int MAX_DATAGRAM = 1500;
    private static final int SCRATCH = MAX_DATAGRAM + 64;

    final byte[] in = new byte[SCRATCH];
    final byte[] out = new byte[SCRATCH];
    final byte[] aux = new byte[SCRATCH];
    private final PacketRouter router;
    private final MediaCounters counters;
    private volatile Channel channel;
    private boolean writePending;

    PacketWorker(PacketRouter router, MediaCounters counters) {
        this.router = router;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (channel == null) {
            channel = ctx.channel();
        }
        DatagramPacket packet = (DatagramPacket) msg;
        InetSocketAddress from;
        int length;
        try {
            ByteBuf content = packet.content();
            length = content.readableBytes();
            counters.packetsIn.increment();
            counters.bytesIn.add(length);
            if (length > MAX_DATAGRAM) {
                counters.drop(MediaCounters.Drop.OVERSIZED);
                return;
            }
            content.getBytes(content.readerIndex(), in, 0, length);
            from = packet.sender();
        } finally {
            packet.release();
        }
        try {
            router.onDatagram(this, from, in, length);
        } catch (RuntimeException e) {
            // A bug triggered by one packet must not stop the port; the packet is lost, the node keeps serving.
            LOG.warn("Dropped a packet from {} that failed in processing", from, e);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (writePending) {
            writePending = false;
            ctx.flush();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Media socket error (ignored)", cause);
    }

    boolean inThread() {
        Channel c = channel;
        return c != null && c.eventLoop().inEventLoop();
    }

    /** Runs work on this worker's thread (for state it owns, such as a track's sequence counters). */
    void execute(Runnable task) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().execute(task);
        }
    }

    /** Runs work on this worker's thread after a delay (paced sending: probe clusters). */
    void schedule(Runnable task, long delayNanos) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().schedule(task, delayNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Sends a copy of {@code buf[off, off+len)}. From this worker's own thread the write joins the read batch. */
    void send(InetSocketAddress to, byte[] buf, int off, int len) {
        Channel c = channel;
        if (c == null || to == null) {
            counters.drop(MediaCounters.Drop.SEND_FAILED);
            return;
        }
        ByteBuf data = c.alloc().directBuffer(len, len);
        data.writeBytes(buf, off, len);
        counters.packetsOut.increment();
        counters.bytesOut.add(len);
        if (c.eventLoop().inEventLoop()) {
            c.write(new DatagramPacket(data, to), c.voidPromise());
            writePending = true;
        } else {
            c.writeAndFlush(new DatagramPacket(data, to), c.voidPromise());
        }
    }
}
