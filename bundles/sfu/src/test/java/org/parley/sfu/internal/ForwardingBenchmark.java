package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.parley.webrtc.dtls.DtlsResult;
import org.parley.webrtc.srtp.SrtpException;
import org.parley.webrtc.srtp.SrtpKeys;
import org.parley.webrtc.srtp.SrtpProfile;
import org.parley.webrtc.srtp.SrtpSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The SFU's per-packet forwarding path, measured on the real classes: one published track with N subscribers,
 * each incoming SRTP packet decrypted, looked up, rewritten, cached and encrypted once per subscriber.
 *
 * <p>{@link #forward} drives a {@link PacketWorker} in an {@link EmbeddedChannel} the way Netty's epoll read
 * loop does: the datagram arrives in a pooled direct buffer wrapped in a {@link DatagramPacket},
 * {@code fireChannelRead} runs {@link PacketRouter#onDatagram} on it, and {@code fireChannelReadComplete}
 * flushes the N writes. The writes are real Netty writes (pooled direct buffer, {@code DatagramPacket},
 * outbound buffer, flush) into the embedded channel's queue, which the benchmark drains and releases after
 * every packet so memory stays flat; the kernel's {@code sendmsg} is not part of the figure.
 *
 * <p>{@link #cryptoOnly} is the baseline of the same run: the same SRTP work with bare {@link SrtpSession}
 * calls, one {@code unprotectRtp} and N {@code protectRtp} (each on a fresh copy), so the difference is
 * what routing, rewriting, the retransmission cache and Netty add on top of the crypto.
 *
 * <p>Packets: a ring of {@value #RING} SRTP packets with consecutive sequence numbers, protected in setup
 * by a browser-side session on the same keys. Replaying the ring would hit the receiver's replay window,
 * so at each wrap the benchmark makes the SFU forget the publisher's SSRC ({@link SrtpSession#removeSsrc},
 * as when a track ends) and the next lap starts a new stream, exactly as the first one did. That costs one
 * new cipher context per {@value #RING} packets, and is included in the figures (of the order of 1 B a packet).
 * The subscribers' outgoing sessions just see the sequence numbers repeat, which protectRtp accepts.
 *
 * <p>Not a unit test (Surefire runs *Test classes): run it with scripts/bench-sfu.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ForwardingBenchmark {
    static final int RING = 4096;
    private static final long PUBLISHER_SSRC = 0x1234_5678L;
    private static final int FIRST_SEQUENCE = 1000;

    /** Subscribers of the track: each forwarded packet is encrypted and sent this many times. */
    @Param({"1", "10", "50"})
    public int receivers;

    /** video: 1200-byte VP8 packet (retransmission cache on); audio: 100-byte Opus packet (no cache). */
    @Param({"video", "audio"})
    public String kind;

    @Param({"AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public String profile;

    private final byte[][] ring = new byte[RING][];
    /** Next ring slot of each path (each runs in its own fork, but the setup check drives both). */
    private int nextForward;
    private int nextCrypto;

    // forward(): the SFU objects
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private ByteBufAllocator alloc;
    private MediaTransport publisherTransport;
    private InetSocketAddress publisherAddress;
    private InetSocketAddress localAddress;
    private MediaCounters counters;
    private PublishedTrack track;

    // cryptoOnly(): bare sessions on the same kind of keys
    private SrtpSession baselineIn;
    private SrtpSession[] baselineOut;
    private final byte[] in = new byte[PacketWorker.MAX_DATAGRAM + 64];
    private final byte[] out = new byte[PacketWorker.MAX_DATAGRAM + 64];

    @Setup(Level.Trial)
    public void setUp() throws SrtpException {
        SrtpProfile srtp = SrtpProfile.valueOf(profile);
        Random random = new SecureRandom();
        boolean video = "video".equals(kind);

        counters = new MediaCounters();
        TransportRegistry registry = new TransportRegistry();
        PacketRouter router = new PacketRouter(registry, counters, Runnable::run, 10, true);
        PacketWorker worker = new PacketWorker(router, counters);
        channel = new EmbeddedChannel(worker);
        pipeline = channel.pipeline();
        alloc = channel.alloc();
        localAddress = new InetSocketAddress("127.0.0.1", 10000);

        // The publisher: a connected publish transport whose participant publishes one track.
        MediaParticipant publisher = new MediaParticipant("publisher", "meeting");
        publisherAddress = new InetSocketAddress("127.0.0.1", 40000);
        byte[] publisherMaterial = keyingMaterial(srtp, random);
        publisherTransport = connect(MediaTransport.Direction.PUBLISH, publisher, registry, worker, publisherAddress,
                srtp, publisherMaterial);
        Publication publication = new Publication(publisherTransport);
        publisher.setPublication(publication);
        track = newTrack(publisher, publisherTransport, video);
        publication.add(track);

        // The subscribers: one connected subscribe transport each, attached to the track as an answer does.
        baselineOut = new SrtpSession[receivers];
        for (int i = 0; i < receivers; i++) {
            MediaParticipant subscriber = new MediaParticipant("subscriber-" + i, "meeting");
            byte[] material = keyingMaterial(srtp, random);
            MediaTransport transport = connect(MediaTransport.Direction.SUBSCRIBE, subscriber, registry, worker,
                    new InetSocketAddress("127.0.0.1", 41000 + i), srtp, material);
            track.attach(new DownTrack(track, transport, "0", track.codec.outRtxPayloadType()));
            baselineOut[i] = SrtpKeys.fromDtlsKeyingMaterial(srtp, material, false).newLocalSession();
        }
        baselineIn = SrtpKeys.fromDtlsKeyingMaterial(srtp, publisherMaterial, false).newRemoteSession();

        // What the browser sends: consecutive packets of the track, protected with its (DTLS client) keys.
        SrtpSession browser = SrtpKeys.fromDtlsKeyingMaterial(srtp, publisherMaterial, true).newLocalSession();
        int size = video ? 1200 : 100;
        for (int i = 0; i < RING; i++) {
            byte[] packet = new byte[size + srtp.authTagLength()];
            int len = video ? videoPacket(packet, FIRST_SEQUENCE + i, random)
                    : audioPacket(packet, FIRST_SEQUENCE + i, random);
            int protectedLength = browser.protectRtp(packet, 0, len);
            ring[i] = java.util.Arrays.copyOf(packet, protectedLength);
        }

        // A few packets through each path first: every one must reach every receiver, or the figures mean nothing.
        for (int i = 0; i < 16; i++) {
            if (forward() != receivers) {
                throw new IllegalStateException("packet " + i + " was not forwarded to " + receivers
                        + " receivers; in " + counters.packetsIn.sum() + ", track " + track.packets + ", sent "
                        + counters.packetsOut.sum() + ", forwarded " + counters.rtpForwarded.sum() + "; drops: " + drops());
            }
            cryptoOnly();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // Every packet of the run (ring wraps included) must have been forwarded to every receiver.
        long in = counters.packetsIn.sum();
        long forwarded = counters.rtpForwarded.sum();
        String drops = drops();
        channel.finishAndReleaseAll();
        if (!drops.isEmpty() || forwarded != in * receivers) {
            throw new IllegalStateException(in + " packets in, " + forwarded + " copies forwarded to " + receivers
                    + " receivers; dropped: " + drops);
        }
    }

    /** One incoming packet through the SFU: read, decrypt, route, rewrite, cache, N x (encrypt, write), flush. */
    @Benchmark
    public int forward() {
        if (nextForward == RING) {
            nextForward = 0;
            publisherTransport.srtpIn().removeSsrc(PUBLISHER_SSRC);
        }
        byte[] packet = ring[nextForward++];
        ByteBuf content = alloc.directBuffer(packet.length, packet.length);
        content.writeBytes(packet);
        pipeline.fireChannelRead(new DatagramPacket(content, localAddress, publisherAddress));
        pipeline.fireChannelReadComplete();
        int sent = 0;
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(message);
            sent++;
        }
        return sent;
    }

    /** The baseline: the same SRTP work (1 unprotect, N protects of a copy) with bare sessions. */
    @Benchmark
    public int cryptoOnly() throws SrtpException {
        if (nextCrypto == RING) {
            nextCrypto = 0;
            baselineIn.removeSsrc(PUBLISHER_SSRC);
        }
        byte[] packet = ring[nextCrypto++];
        System.arraycopy(packet, 0, in, 0, packet.length);
        int len = baselineIn.unprotectRtp(in, 0, packet.length);
        int total = 0;
        for (SrtpSession session : baselineOut) {
            System.arraycopy(in, 0, out, 0, len);
            total += session.protectRtp(out, 0, len);
        }
        return total;
    }

    private String drops() {
        StringBuilder s = new StringBuilder();
        for (MediaCounters.Drop drop : MediaCounters.Drop.values()) {
            long n = counters.dropped(drop);
            if (n > 0) {
                s.append(drop.label).append('=').append(n).append(' ');
            }
        }
        return s.toString().trim();
    }

    /** A transport in the state a finished ICE check and DTLS handshake leave it (the SFU is DTLS server). */
    private MediaTransport connect(MediaTransport.Direction direction, MediaParticipant owner, TransportRegistry registry,
            PacketWorker worker, InetSocketAddress remote, SrtpProfile srtp, byte[] material) {
        MediaTransport transport = new MediaTransport(direction.name().toLowerCase() + "-" + owner.id, direction, owner,
                registry, counters, null, List.of(srtp.id()), new MediaTransport.Listener() {
                    @Override
                    public void onConnected(MediaTransport t) {
                    }

                    @Override
                    public void onClosed(MediaTransport t, String reason) {
                    }
                });
        // No remote fingerprint yet, so this binds the address and worker without starting DTLS.
        transport.onConsent(remote, worker, true, Runnable::run, 10);
        transport.onDtlsComplete(new DtlsResult(srtp.id(), material, "00", false));
        if (!transport.isConnected() || transport.remote() == null) {
            throw new IllegalStateException("transport not connected");
        }
        return transport;
    }

    private static byte[] keyingMaterial(SrtpProfile srtp, Random random) {
        byte[] material = new byte[srtp.keyingMaterialLength()];
        random.nextBytes(material);
        return material;
    }

    /**
     * A track as PublishNegotiator makes it from a Chrome offer: extmap 1 audio level (audio only),
     * 2 abs-send-time, 3 transport-cc (not accepted: stripped to the unknown id), 4 mid.
     */
    private PublishedTrack newTrack(MediaParticipant owner, MediaTransport transport, boolean video) {
        byte[] extensionMap = new byte[256];
        if (!video) {
            extensionMap[1] = (byte) CodecTable.subscriberExtensionId(CodecTable.AUDIO_LEVEL);
        }
        extensionMap[2] = (byte) CodecTable.subscriberExtensionId(CodecTable.ABS_SEND_TIME);
        extensionMap[4] = (byte) CodecTable.subscriberExtensionId(CodecTable.MID);
        NegotiatedCodec codec = video
                ? new NegotiatedCodec("VP8", 90000, 0, null, 96, CodecTable.payloadType("VP8"), 97,
                        CodecTable.rtxPayloadType("VP8"))
                : new NegotiatedCodec("opus", 48000, 2, "minptime=10;useinbandfec=1", 111, CodecTable.payloadType("OPUS"),
                        -1, -1);
        PublishedTrack t = new PublishedTrack("track-1", owner, transport, video ? "1" : "0", video ? "video" : "audio",
                video ? "camera" : "microphone", codec, extensionMap, 4, TimeUnit.MILLISECONDS.toNanos(300), counters);
        t.layers[0].ssrc = PUBLISHER_SSRC;
        t.layers[0].rtxSsrc = PUBLISHER_SSRC + 1;
        return t;
    }

    /** 1200 bytes: 12 header, 12 extension block (abs-send-time, transport-cc), 1176 VP8 payload. */
    private static int videoPacket(byte[] p, int sequence, Random random) {
        int at = header(p, 96, sequence, sequence / 4 * 3000L);
        at = extensionBlock(p, at, 2);
        p[at++] = 0x22; // id 2, 3 bytes: abs-send-time
        at = fill(p, at, 3, random);
        p[at++] = 0x31; // id 3, 2 bytes: transport-wide sequence number
        at = fill(p, at, 2, random);
        p[at++] = 0; // padding to a word
        return fill(p, at, 1200 - at, random);
    }

    /** 100 bytes: 12 header, 16 extension block (audio level, abs-send-time, transport-cc), 72 Opus payload. */
    private static int audioPacket(byte[] p, int sequence, Random random) {
        int at = header(p, 111, sequence, sequence * 960L);
        at = extensionBlock(p, at, 3);
        p[at++] = 0x10; // id 1, 1 byte: audio level
        p[at++] = (byte) 0x8a;
        p[at++] = 0x22; // id 2, 3 bytes: abs-send-time
        at = fill(p, at, 3, random);
        p[at++] = 0x31; // id 3, 2 bytes: transport-wide sequence number
        at = fill(p, at, 2, random);
        p[at++] = 0;
        p[at++] = 0;
        p[at++] = 0;
        return fill(p, at, 100 - at, random);
    }

    private static int header(byte[] p, int payloadType, int sequence, long timestamp) {
        p[0] = (byte) 0x90; // V=2, X=1
        p[1] = (byte) payloadType;
        p[2] = (byte) (sequence >>> 8);
        p[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            p[4 + i] = (byte) (timestamp >>> (24 - 8 * i));
            p[8 + i] = (byte) (PUBLISHER_SSRC >>> (24 - 8 * i));
        }
        return 12;
    }

    private static int extensionBlock(byte[] p, int at, int words) {
        p[at] = (byte) 0xBE;
        p[at + 1] = (byte) 0xDE;
        p[at + 2] = 0;
        p[at + 3] = (byte) words;
        return at + 4;
    }

    private static int fill(byte[] p, int at, int n, Random random) {
        for (int i = 0; i < n; i++) {
            p[at + i] = (byte) random.nextInt();
        }
        return at + n;
    }
}
