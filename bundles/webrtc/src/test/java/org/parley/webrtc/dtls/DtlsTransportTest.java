package org.parley.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsTransportTest {
    private static final List<Integer> ALL = List.of(0x0008, 0x0007, 0x0001);
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate OTHER_CERT = DtlsCertificate.generate();

    private static ExecutorService executor;
    private final List<DtlsTransport> transports = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startExecutor() {
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "dtls-test-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @AfterEach
    void closeAll() {
        transports.forEach(DtlsTransport::close);
    }

    /** A server and a client wired back to back; the filters decide (by datagram index) what is delivered. */
    private final class Pair {
        final AtomicReference<DtlsTransport> serverRef = new AtomicReference<>();
        final AtomicReference<DtlsTransport> clientRef = new AtomicReference<>();
        final AtomicInteger serverSent = new AtomicInteger();
        final AtomicInteger clientSent = new AtomicInteger();
        final DtlsTransport server;
        final DtlsTransport client;

        Pair(List<Integer> serverProfiles, List<Integer> clientProfiles, DtlsCertificate serverExpects,
                DtlsCertificate clientExpects, IntPredicate deliverFromServer, IntPredicate deliverFromClient,
                Duration timeout) {
            server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, serverProfiles, "sha-256",
                serverExpects.fingerprintSha256(), (buf, off, len) -> {
                    if (deliverFromServer.test(serverSent.getAndIncrement())) {
                        clientRef.get().receive(buf, off, len);
                    }
                }, timeout);
            client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, clientProfiles, "sha-256",
                clientExpects.fingerprintSha256(), (buf, off, len) -> {
                    if (deliverFromClient.test(clientSent.getAndIncrement())) {
                        serverRef.get().receive(buf, off, len);
                    }
                }, timeout);
            serverRef.set(server);
            clientRef.set(client);
            transports.add(server);
            transports.add(client);
        }

        Pair(List<Integer> serverProfiles, List<Integer> clientProfiles) {
            this(serverProfiles, clientProfiles, CLIENT_CERT, SERVER_CERT, i -> true, i -> true,
                Duration.ofSeconds(5));
        }
    }

    private static DtlsResult await(CompletableFuture<DtlsResult> f) throws Exception {
        return f.get(8, TimeUnit.SECONDS);
    }

    private static DtlsException failure(CompletableFuture<DtlsResult> f) {
        try {
            f.get(8, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(DtlsException.class);
            return (DtlsException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("handshake neither succeeded nor failed in time", e);
        }
        throw new AssertionError("handshake succeeded");
    }

    @Test
    void handshakeNegotiatesServerPreferredAes256Gcm() throws Exception {
        Pair p = new Pair(ALL, ALL);
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        DtlsResult server = await(s);
        DtlsResult client = await(c);

        assertThat(server.srtpProfileId()).isEqualTo(0x0008);
        assertThat(client.srtpProfileId()).isEqualTo(0x0008);
        assertThat(server.keyingMaterial()).hasSize(2 * (32 + 12)).isEqualTo(client.keyingMaterial());
        assertThat(server.dtlsClient()).isFalse();
        assertThat(client.dtlsClient()).isTrue();
        assertThat(server.remoteFingerprint()).isEqualTo(CLIENT_CERT.fingerprintSha256());
        assertThat(client.remoteFingerprint()).isEqualTo(SERVER_CERT.fingerprintSha256());
        assertThat(client.localMasterKey()).hasSize(32).isEqualTo(server.remoteMasterKey());
        assertThat(client.localMasterSalt()).hasSize(12).isEqualTo(server.remoteMasterSalt());
        assertThat(server.localMasterKey()).isEqualTo(client.remoteMasterKey()).isNotEqualTo(client.localMasterKey());
        assertThat(server.toString()).contains("SRTP_AEAD_AES_256_GCM");
        assertThat(p.server.isHandshakeComplete()).isTrue();
        assertThat(p.client.isHandshakeComplete()).isTrue();
        assertThat(p.server.isClosed()).isFalse();
    }

    @Test
    void clientOfferingOnlySha1_80GetsIt() throws Exception {
        Pair p = new Pair(ALL, List.of(0x0001));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(await(s).srtpProfileId()).isEqualTo(0x0001);
        DtlsResult client = await(c);
        assertThat(client.srtpProfileId()).isEqualTo(0x0001);
        assertThat(client.keyingMaterial()).hasSize(2 * (16 + 14)).isEqualTo(await(s).keyingMaterial());
    }

    @Test
    void serverPreferenceWins() throws Exception {
        Pair p = new Pair(List.of(0x0007, 0x0008), ALL);
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(await(s).srtpProfileId()).isEqualTo(0x0007);
        assertThat(await(c).srtpProfileId()).isEqualTo(0x0007);
        assertThat(await(c).keyingMaterial()).hasSize(2 * (16 + 12));
    }

    @Test
    void noCommonProfileFailsBothSides() {
        Pair p = new Pair(List.of(0x0008, 0x0007), List.of(0x0001));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(failure(s).reason()).isEqualTo(DtlsException.Reason.NO_COMMON_SRTP_PROFILE);
        assertThat(failure(c).reason()).isEqualTo(DtlsException.Reason.ALERT_RECEIVED);
        assertThat(p.server.isClosed()).isTrue();
    }

    @Test
    void serverRejectsClientCertificateWithWrongFingerprint() {
        Pair p = new Pair(ALL, ALL, OTHER_CERT, SERVER_CERT, i -> true, i -> true, Duration.ofSeconds(5));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        DtlsException e = failure(s);
        assertThat(e.reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(e.getMessage()).contains(CLIENT_CERT.fingerprintSha256());
        DtlsException ce = failure(c);
        assertThat(ce.reason()).isEqualTo(DtlsException.Reason.ALERT_RECEIVED);
        assertThat(ce.getMessage()).contains("bad_certificate");
    }

    @Test
    void clientRejectsServerCertificateWithWrongFingerprint() {
        Pair p = new Pair(ALL, ALL, CLIENT_CERT, OTHER_CERT, i -> true, i -> true, Duration.ofSeconds(5));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(failure(c).reason()).isEqualTo(DtlsException.Reason.FINGERPRINT_MISMATCH);
        assertThat(failure(s).reason()).isEqualTo(DtlsException.Reason.ALERT_RECEIVED);
    }

    @Test
    void lostFirstClientFlightIsRetransmitted() throws Exception {
        Pair p = new Pair(ALL, ALL, CLIENT_CERT, SERVER_CERT, i -> true, i -> i != 0, Duration.ofSeconds(6));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(await(c).keyingMaterial()).isEqualTo(await(s).keyingMaterial());
        assertThat(p.clientSent.get()).isGreaterThan(1);
    }

    @Test
    void lostFirstServerFlightIsRetransmitted() throws Exception {
        Pair p = new Pair(ALL, ALL, CLIENT_CERT, SERVER_CERT, i -> i != 0, i -> true, Duration.ofSeconds(6));
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        assertThat(await(c).keyingMaterial()).isEqualTo(await(s).keyingMaterial());
    }

    @Test
    void handshakeMessagesSplitOverSeveralRecordsAreReassembled() throws Exception {
        AtomicInteger maxDatagram = new AtomicInteger();
        AtomicReference<DtlsTransport> serverRef = new AtomicReference<>();
        AtomicReference<DtlsTransport> clientRef = new AtomicReference<>();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-256",
            CLIENT_CERT.fingerprintSha256(), (buf, off, len) -> clientRef.get().receive(buf, off, len));
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256",
            SERVER_CERT.fingerprintSha256(), (buf, off, len) -> {
                maxDatagram.accumulateAndGet(len, Math::max);
                serverRef.get().receive(buf, off, len);
            });
        serverRef.set(server);
        clientRef.set(client);
        transports.add(server);
        transports.add(client);
        client.sendLimit(120); // the ClientHello alone is larger: it goes out in several records
        server.sendLimit(150);
        CompletableFuture<DtlsResult> s = server.start(executor);
        CompletableFuture<DtlsResult> c = client.start(executor);
        assertThat(await(c).keyingMaterial()).isEqualTo(await(s).keyingMaterial());
        assertThat(maxDatagram.get()).isLessThanOrEqualTo(120);
    }

    @Test
    void recordsCoalescedInOneDatagramAreAccepted() throws Exception {
        // like browsers: consecutive records of a flight share a datagram; a lone one goes out after 5 ms
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicReference<DtlsTransport> serverRef = new AtomicReference<>();
            AtomicReference<DtlsTransport> clientRef = new AtomicReference<>();
            AtomicInteger coalesced = new AtomicInteger();
            DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-256",
                CLIENT_CERT.fingerprintSha256(), coalescing(clientRef, timer, coalesced));
            DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256",
                SERVER_CERT.fingerprintSha256(), coalescing(serverRef, timer, coalesced));
            serverRef.set(server);
            clientRef.set(client);
            transports.add(server);
            transports.add(client);
            server.sendLimit(600);
            client.sendLimit(600);
            long t0 = System.nanoTime();
            CompletableFuture<DtlsResult> s = server.start(executor);
            CompletableFuture<DtlsResult> c = client.start(executor);
            assertThat(await(c).keyingMaterial()).isEqualTo(await(s).keyingMaterial());
            assertThat(coalesced.get()).isPositive();
            // no retransmission (BC's first resend is after 1 s) was needed
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(900));
        } finally {
            timer.shutdownNow();
        }
    }

    private static DatagramSender coalescing(AtomicReference<DtlsTransport> to, ScheduledExecutorService timer,
            AtomicInteger coalesced) {
        Object lock = new Object();
        AtomicReference<byte[]> held = new AtomicReference<>();
        return (buf, off, len) -> {
            byte[] current = Arrays.copyOfRange(buf, off, off + len);
            byte[] out = null;
            synchronized (lock) {
                byte[] previous = held.getAndSet(null);
                if (previous == null) {
                    held.set(current);
                    timer.schedule(() -> {
                        byte[] lone;
                        synchronized (lock) {
                            lone = held.getAndSet(null);
                        }
                        if (lone != null) {
                            to.get().receive(lone, 0, lone.length);
                        }
                    }, 5, TimeUnit.MILLISECONDS);
                } else {
                    out = new byte[previous.length + len];
                    System.arraycopy(previous, 0, out, 0, previous.length);
                    System.arraycopy(current, 0, out, previous.length, len);
                    coalesced.incrementAndGet();
                }
            }
            if (out != null) {
                to.get().receive(out, 0, out.length);
            }
        };
    }

    @Test
    void duplicatedDatagramsAreIgnored() throws Exception {
        // every datagram is delivered twice
        DtlsTransport[] peers = new DtlsTransport[2];
        peers[0] = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-256", CLIENT_CERT.fingerprintSha256(),
            (buf, off, len) -> {
                peers[1].receive(buf, off, len);
                peers[1].receive(buf, off, len);
            });
        peers[1] = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256", SERVER_CERT.fingerprintSha256(),
            (buf, off, len) -> {
                peers[0].receive(buf, off, len);
                peers[0].receive(buf, off, len);
            });
        transports.add(peers[0]);
        transports.add(peers[1]);
        CompletableFuture<DtlsResult> s = peers[0].start(executor);
        CompletableFuture<DtlsResult> c = peers[1].start(executor);
        assertThat(await(c).keyingMaterial()).isEqualTo(await(s).keyingMaterial());
    }

    @Test
    void garbageBeforeDuringAndAfterTheHandshakeIsSurvived() throws Exception {
        Random random = new Random(42);
        Pair p = new Pair(ALL, ALL);
        // before: random bytes, truncated records, records with a bad version, to both sides
        for (DtlsTransport t : List.of(p.server, p.client)) {
            feedGarbage(t, random);
        }
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        // during: the server is waiting for the ClientHello, the client will meet garbage amid real flights
        feedGarbage(p.server, random);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        feedGarbage(p.client, random);
        feedGarbage(p.server, random);
        DtlsResult server = await(s);
        DtlsResult client = await(c);
        assertThat(client.keyingMaterial()).isEqualTo(server.keyingMaterial());

        // after: garbage application data and alerts with bad MACs, then a clean close still works
        for (int i = 0; i < 20; i++) {
            byte[] record = record(23 + (i % 2 == 0 ? 0 : -2), 1, 30 + i, random); // application_data / alert
            p.server.receive(record, 0, record.length);
            p.client.receive(record, 0, record.length);
        }
        feedGarbage(p.server, random);
        Thread.sleep(300);
        assertThat(p.server.isClosed()).isFalse();
        assertThat(p.client.isClosed()).isFalse();
        assertThat(p.server.ignoredDatagrams()).isPositive();

        p.client.close();
        awaitClosed(p.server);
        // a record after close is ignored
        byte[] late = record(22, 0, 20, random);
        p.server.receive(late, 0, late.length);
        assertThat(p.server.isClosed()).isTrue();
    }

    private static void feedGarbage(DtlsTransport t, Random random) {
        for (int i = 0; i < 30; i++) {
            byte[] junk = new byte[1 + random.nextInt(200)];
            random.nextBytes(junk);
            t.receive(junk, 0, junk.length);
        }
        for (int i = 0; i < 10; i++) {
            byte[] truncated = record(22, 0, 100, random);
            t.receive(truncated, 0, 13 + random.nextInt(80)); // header claims more than arrives
        }
        for (int i = 0; i < 5; i++) {
            byte[] wrongVersion = record(22, 0, 40, random);
            wrongVersion[1] = 3; // TLS, not DTLS
            wrongVersion[2] = 3;
            t.receive(wrongVersion, 0, wrongVersion.length);
        }
        t.receive(new byte[] {22}, 0, 1);
        t.receive(new byte[0], 0, 0);
    }

    /** A DTLS 1.2 record header with the given type and epoch, followed by random bytes. */
    private static byte[] record(int contentType, int epoch, int bodyLength, Random random) {
        byte[] r = new byte[13 + bodyLength];
        random.nextBytes(r);
        r[0] = (byte) contentType;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[3] = (byte) (epoch >> 8);
        r[4] = (byte) epoch;
        r[11] = (byte) (bodyLength >> 8);
        r[12] = (byte) bodyLength;
        return r;
    }

    @Test
    void clientTimesOutWhenTheServerNeverAnswers() {
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256",
            SERVER_CERT.fingerprintSha256(), (buf, off, len) -> { }, Duration.ofMillis(400));
        transports.add(client);
        long t0 = System.nanoTime();
        DtlsException e = failure(client.start(executor));
        assertThat(e.reason()).isEqualTo(DtlsException.Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        awaitClosed(client);
    }

    @Test
    void serverTimesOutWhenNoClientHelloArrives() {
        AtomicInteger sent = new AtomicInteger();
        DtlsTransport server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-256",
            CLIENT_CERT.fingerprintSha256(), (buf, off, len) -> sent.incrementAndGet(), Duration.ofMillis(300));
        transports.add(server);
        assertThat(failure(server.start(executor)).reason()).isEqualTo(DtlsException.Reason.TIMEOUT);
        assertThat(sent.get()).isZero();
    }

    @Test
    void closeDuringHandshakeFailsWithClosed() throws Exception {
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256",
            SERVER_CERT.fingerprintSha256(), (buf, off, len) -> { });
        transports.add(client);
        CompletableFuture<DtlsResult> f = client.start(executor);
        Thread.sleep(100);
        client.close();
        assertThat(failure(f).reason()).isEqualTo(DtlsException.Reason.CLOSED);
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void closeBeforeStartFailsWithClosed() {
        DtlsTransport client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256",
            SERVER_CERT.fingerprintSha256(), (buf, off, len) -> { });
        client.close();
        assertThat(failure(client.start(executor)).reason()).isEqualTo(DtlsException.Reason.CLOSED);
        assertThatThrownBy(() -> client.start(executor)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverCloseIsNoticedByTheClient() throws Exception {
        Pair p = new Pair(ALL, ALL);
        CompletableFuture<DtlsResult> s = p.server.start(executor);
        CompletableFuture<DtlsResult> c = p.client.start(executor);
        await(s);
        await(c);
        p.server.close();
        assertThat(p.server.isClosed()).isTrue();
        awaitClosed(p.client);
    }

    @Test
    void fullQueueDropsAndCounts() {
        DtlsTransport t = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-256",
            CLIENT_CERT.fingerprintSha256(), (buf, off, len) -> { });
        byte[] datagram = record(22, 0, 10, new Random(1));
        for (int i = 0; i < DtlsTransport.QUEUE_CAPACITY + 10; i++) {
            t.receive(datagram, 0, datagram.length);
        }
        assertThat(t.droppedDatagrams()).isEqualTo(10);
        t.close();
    }

    @Test
    void constructorValidatesArguments() {
        DatagramSender none = (buf, off, len) -> { };
        String fp = SERVER_CERT.fingerprintSha256();
        assertThatThrownBy(() -> new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(0x0042), "sha-256", fp, none))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0042");
        assertThatThrownBy(() -> new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(), "sha-256", fp, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "md5", fp, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-1", fp, none))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "sha-256", "zz:01", none))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sha1FingerprintFromSdpIsAccepted() throws Exception {
        DtlsTransport[] peers = new DtlsTransport[2];
        peers[0] = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, ALL, "sha-1", CLIENT_CERT.fingerprint("sha-1"),
            (buf, off, len) -> peers[1].receive(buf, off, len));
        peers[1] = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, ALL, "SHA-512",
            SERVER_CERT.fingerprint("sha-512").toLowerCase(), (buf, off, len) -> peers[0].receive(buf, off, len));
        transports.add(peers[0]);
        transports.add(peers[1]);
        CompletableFuture<DtlsResult> s = peers[0].start(executor);
        CompletableFuture<DtlsResult> c = peers[1].start(executor);
        assertThat(await(s).remoteFingerprint()).isEqualTo(CLIENT_CERT.fingerprint("sha-1"));
        assertThat(await(c).remoteFingerprint()).isEqualTo(SERVER_CERT.fingerprint("sha-512"));
    }

    private static void awaitClosed(DtlsTransport t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!t.isClosed() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(t.isClosed()).isTrue();
    }
}
