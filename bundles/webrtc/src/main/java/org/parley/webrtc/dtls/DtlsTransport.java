package org.parley.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS 1.2 association with use_srtp (RFC 5764), per peer connection.
 *
 * <p>The network thread hands every incoming DTLS datagram (first byte 20..63, RFC 7983) to {@link #receive};
 * it is copied into a bounded queue and never blocks. {@link #start} runs the blocking BouncyCastle handshake
 * on the given executor; the returned future completes with the negotiated SRTP profile and keying material,
 * or exceptionally with a {@link DtlsException}. After the handshake the same executor task keeps reading
 * (and ignoring) records until the peer sends close_notify or {@link #close} is called, so it holds one
 * executor thread for the life of the association.
 *
 * <p>The peer certificate is accepted only when its fingerprint (with the hash function from the remote SDP)
 * equals the SDP fingerprint; as server we always request a client certificate.
 */
public final class DtlsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsTransport.class);

    /** Default overall handshake timeout. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    static final int RECEIVE_LIMIT = 1500;
    static final int SEND_LIMIT = 1200;
    static final int QUEUE_CAPACITY = 256;
    private static final int POST_HANDSHAKE_POLL_MILLIS = 200;
    /**
     * How long the thread keeps reading after the handshake: long enough to resend our last flight if the
     * peer did not get it (it retransmits its own), short enough that a node with thousands of peers does not
     * hold a thread for each. After that, records are ignored; the media layer notices departures itself
     * (ICE consent), so a late close_notify is not needed.
     */
    static final Duration POST_HANDSHAKE_LINGER = Duration.ofSeconds(20);
    private static final byte[] WAKE_UP = new byte[0];

    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    private static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final int[] CLIENT_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final int[] srtpProfiles;
    private final String remoteHashFunction;
    private final byte[] remoteFingerprint;
    private final DatagramSender sender;
    private final Duration handshakeTimeout;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final CompletableFuture<DtlsResult> future = new CompletableFuture<>();
    private final QueueTransport transport = new QueueTransport();

    private volatile boolean closeRequested;
    private volatile boolean transportClosed;
    private volatile boolean handshakeDone;
    private volatile boolean finished;
    private volatile long deadlineNanos;
    private volatile int sendLimit = SEND_LIMIT;
    /** Written during the handshake by the executor thread, read by it after accept/connect returns. */
    private String verifiedRemoteFingerprint;
    private DtlsResult result;

    /** A transport with the {@linkplain #DEFAULT_HANDSHAKE_TIMEOUT default handshake timeout}. */
    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, List<Integer> srtpProfilesInPreferenceOrder,
            String remoteFingerprintHashFunction, String remoteFingerprintValue, DatagramSender sender) {
        this(role, certificate, srtpProfilesInPreferenceOrder, remoteFingerprintHashFunction,
            remoteFingerprintValue, sender, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * @param role DTLS server or client
     * @param certificate our certificate (the one whose fingerprint we put in our SDP)
     * @param srtpProfilesInPreferenceOrder IANA SRTP protection profile ids, most preferred first (0x0008
     *     AEAD_AES_256_GCM, 0x0007 AEAD_AES_128_GCM, 0x0001 AES_CM_128_HMAC_SHA1_80, 0x0002 ..._SHA1_32)
     * @param remoteFingerprintHashFunction from the remote {@code a=fingerprint}: sha-256, sha-1, sha-384, sha-512
     * @param remoteFingerprintValue from the remote {@code a=fingerprint}: hex bytes with colons, either case
     * @param sender where outgoing datagrams go
     * @param handshakeTimeout overall handshake timeout
     * @throws IllegalArgumentException for an unknown profile, hash function or malformed fingerprint
     */
    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, List<Integer> srtpProfilesInPreferenceOrder,
            String remoteFingerprintHashFunction, String remoteFingerprintValue, DatagramSender sender,
            Duration handshakeTimeout) {
        this.role = Objects.requireNonNull(role, "role");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
        Objects.requireNonNull(srtpProfilesInPreferenceOrder, "srtpProfilesInPreferenceOrder");
        int[] profiles = srtpProfilesInPreferenceOrder.stream().mapToInt(Integer::intValue).distinct().toArray();
        if (profiles.length == 0) {
            throw new IllegalArgumentException("no SRTP protection profile");
        }
        for (int p : profiles) {
            if (!SrtpProfiles.isSupported(p)) {
                throw new IllegalArgumentException("unsupported SRTP protection profile " + String.format("0x%04X", p));
            }
        }
        this.srtpProfiles = profiles;
        int digestLength = DtlsCertificate.digestLength(remoteFingerprintHashFunction);
        this.remoteHashFunction = remoteFingerprintHashFunction.trim();
        Objects.requireNonNull(remoteFingerprintValue, "remoteFingerprintValue");
        byte[] fingerprint;
        try {
            fingerprint = DtlsCertificate.parseFingerprint(remoteFingerprintValue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed fingerprint: " + remoteFingerprintValue, e);
        }
        if (fingerprint.length != digestLength) {
            throw new IllegalArgumentException("fingerprint has " + fingerprint.length + " bytes, " + remoteHashFunction
                + " needs " + digestLength);
        }
        this.remoteFingerprint = fingerprint;
    }

    /** Our role in the handshake. */
    public DtlsRole role() {
        return role;
    }

    /**
     * Hands over one incoming DTLS datagram (called from the network thread). The bytes are copied; the call
     * never blocks. Datagrams that are not DTLS (first byte outside 20..63) or arrive after close are
     * ignored; when the queue is full the datagram is dropped and counted.
     */
    public void receive(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len <= 0 || len > 0xFFFF || closeRequested || transportClosed || finished) {
            ignored.incrementAndGet();
            return;
        }
        int first = buf[off] & 0xFF;
        if (first < 20 || first > 63) {
            ignored.incrementAndGet();
            return;
        }
        if (!queue.offer(Arrays.copyOfRange(buf, off, off + len))) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Starts the handshake on the executor (once). The task blocks its thread for the handshake and then keeps
     * reading records until the association closes.
     *
     * @return completes with the result when the handshake succeeds, exceptionally with a {@link DtlsException}
     * @throws IllegalStateException when already started
     */
    public CompletableFuture<DtlsResult> start(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        if (closeRequested) {
            finished = true;
            future.completeExceptionally(new DtlsException(DtlsException.Reason.CLOSED, "closed before start"));
            return future;
        }
        deadlineNanos = System.nanoTime() + handshakeTimeout.toNanos();
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            finished = true;
            future.completeExceptionally(
                new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "executor rejected the handshake", e));
        }
        return future;
    }

    /** Whether the association is closed: by {@link #close}, by the peer's close_notify or by a failure. */
    public boolean isClosed() {
        return closeRequested || transportClosed || finished;
    }

    /** Whether the handshake completed successfully. */
    public boolean isHandshakeComplete() {
        return handshakeDone;
    }

    /**
     * Closes the association: sends close_notify when the handshake is done (a pending handshake fails with
     * {@link DtlsException.Reason#CLOSED}) and ends the executor task. Does not wait; idempotent.
     */
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        if (!handshakeDone) {
            failure.compareAndSet(null, new Failure(DtlsException.Reason.CLOSED, "closed locally"));
        }
        queue.clear();
        queue.offer(WAKE_UP);
        if (!started.get()) {
            finished = true;
        }
    }

    /** Test hook: a smaller datagram size makes BouncyCastle fragment handshake messages over records. */
    void sendLimit(int limit) {
        if (started.get() || limit < 100 || limit > SEND_LIMIT) {
            throw new IllegalStateException("send limit must be set before start, within 100.." + SEND_LIMIT);
        }
        sendLimit = limit;
    }

    /** Datagrams dropped because the receive queue was full. */
    public long droppedDatagrams() {
        return dropped.get();
    }

    /** Datagrams ignored on arrival (not DTLS, empty, oversized, or after close). */
    public long ignoredDatagrams() {
        return ignored.get();
    }

    // ---- the executor task ----

    private void run() {
        try {
            org.bouncycastle.tls.DTLSTransport dtls;
            if (role == DtlsRole.SERVER) {
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                // ICE connectivity checks already proved the address; skip the cookie round trip.
                protocol.setVerifyRequests(false);
                dtls = protocol.accept(new Server(), transport);
            } else {
                dtls = new DTLSClientProtocol().connect(new Client(), transport);
            }
            handshakeDone = true;
            DtlsResult r = result;
            if (r == null) {
                throw new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "handshake completed without keys");
            }
            if (closeRequested) {
                dtls.close();
                throw new DtlsException(DtlsException.Reason.CLOSED, "closed locally");
            }
            LOG.debug("DTLS {} handshake complete: {}", role, r);
            future.complete(r);
            readUntilClosed(dtls);
        } catch (Throwable e) {
            DtlsException failed = toDtlsException(e);
            if (!future.completeExceptionally(failed)) {
                LOG.debug("DTLS {} association ended: {}", role, e.toString());
            } else {
                LOG.debug("DTLS {} handshake failed: {}", role, failed.getMessage());
            }
            if (e instanceof Error error && !(e instanceof AssertionError)) {
                throw error;
            }
        } finally {
            finished = true;
            queue.clear();
        }
    }

    private void readUntilClosed(org.bouncycastle.tls.DTLSTransport dtls) throws IOException {
        byte[] buf = new byte[Math.max(1, dtls.getReceiveLimit())];
        long lingerUntil = System.nanoTime() + POST_HANDSHAKE_LINGER.toNanos();
        while (!closeRequested && !transportClosed) {
            if (System.nanoTime() - lingerUntil > 0) {
                LOG.debug("DTLS {} stops reading {} after the handshake", role, POST_HANDSHAKE_LINGER);
                return;
            }
            int n = dtls.receive(buf, 0, buf.length, POST_HANDSHAKE_POLL_MILLIS);
            if (n >= 0) {
                LOG.trace("DTLS {} ignored {} bytes of application data", role, n);
            }
        }
        if (!transportClosed) {
            dtls.close(); // sends close_notify
        }
        LOG.debug("DTLS {} association closed ({})", role, closeRequested ? "locally" : "by the peer");
    }

    private DtlsException toDtlsException(Throwable e) {
        Failure recorded = failure.get();
        if (recorded != null) {
            return new DtlsException(recorded.reason(), recorded.message(), e);
        }
        if (e instanceof DtlsException d) {
            return d;
        }
        if (e instanceof TlsTimeoutException || e instanceof SocketTimeoutException) {
            return new DtlsException(DtlsException.Reason.TIMEOUT,
                "handshake did not complete within " + handshakeTimeout.toMillis() + " ms", e);
        }
        if (e instanceof TlsFatalAlertReceived r) {
            return new DtlsException(DtlsException.Reason.ALERT_RECEIVED,
                "peer sent fatal alert " + AlertDescription.getText(r.getAlertDescription()), e);
        }
        if (closeRequested) {
            return new DtlsException(DtlsException.Reason.CLOSED, "closed locally", e);
        }
        if (e instanceof TlsFatalAlert a) {
            return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR,
                "fatal alert " + AlertDescription.getText(a.getAlertDescription())
                    + (a.getMessage() != null ? " (" + a.getMessage() + ")" : ""), e);
        }
        return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, String.valueOf(e), e);
    }

    private TlsFatalAlert fail(DtlsException.Reason reason, String message, short alert) {
        failure.compareAndSet(null, new Failure(reason, message));
        return new TlsFatalAlert(alert, message);
    }

    // ---- shared peer logic ----

    private void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(DtlsException.Reason.FINGERPRINT_MISMATCH, "peer sent no certificate",
                AlertDescription.bad_certificate);
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        byte[] actual = DtlsCertificate.digest(remoteHashFunction, der);
        if (!MessageDigest.isEqual(actual, remoteFingerprint)) {
            throw fail(DtlsException.Reason.FINGERPRINT_MISMATCH,
                "peer certificate " + remoteHashFunction + " fingerprint " + DtlsCertificate.fingerprint(
                    remoteHashFunction, der) + " is not the one from SDP", AlertDescription.bad_certificate);
        }
        verifiedRemoteFingerprint = DtlsCertificate.fingerprint(remoteHashFunction, der);
    }

    private void handshakeComplete(TlsContext context, int profile) throws IOException {
        if (verifiedRemoteFingerprint == null) {
            throw fail(DtlsException.Reason.FINGERPRINT_MISMATCH, "peer certificate was not verified",
                AlertDescription.bad_certificate);
        }
        if (profile < 0) {
            throw fail(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, "no SRTP protection profile negotiated",
                AlertDescription.handshake_failure);
        }
        int length = 2 * (SrtpProfiles.keyLength(profile) + SrtpProfiles.saltLength(profile));
        byte[] keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        result = new DtlsResult(profile, keyingMaterial, verifiedRemoteFingerprint, role == DtlsRole.CLIENT);
        Arrays.fill(keyingMaterial, (byte) 0);
    }

    private void alertRaised(short level, short description, String message, Throwable cause) {
        LOG.debug("DTLS {} raised {} alert {}{}", role, AlertLevel.getText(level),
            AlertDescription.getText(description), message != null ? ": " + message : "");
    }

    private void alertReceived(short level, short description) {
        LOG.debug("DTLS {} received {} alert {}", role, AlertLevel.getText(level),
            AlertDescription.getText(description));
        if (level == AlertLevel.fatal && !handshakeDone) {
            failure.compareAndSet(null, new Failure(DtlsException.Reason.ALERT_RECEIVED,
                "peer sent fatal alert " + AlertDescription.getText(description)));
        }
    }

    private TlsCredentialedSigner signer(TlsContext context) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO,
            certificate.privateKey(), certificate.tlsCertificate(CRYPTO), ECDSA_SHA256);
    }

    private int handshakeTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, handshakeTimeout.toMillis()));
    }

    private record Failure(DtlsException.Reason reason, String message) {
    }

    // ---- BouncyCastle peers ----

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class Server extends DefaultTlsServer {
        private int chosenProfile = -1;

        Server() {
            super(CRYPTO);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), ECDSA_SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis();
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered == null) {
                throw fail(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, "client did not offer use_srtp",
                    AlertDescription.handshake_failure);
            }
            int[] theirs = offered.getProtectionProfiles();
            for (int ours : srtpProfiles) {
                for (int p : theirs) {
                    if (p == ours) {
                        chosenProfile = ours;
                        return;
                    }
                }
            }
            throw fail(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, "client offers SRTP profiles "
                + names(theirs) + ", we support " + names(srtpProfiles), AlertDescription.handshake_failure);
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {chosenProfile}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
            Vector algorithms = new Vector();
            for (short hash : new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512}) {
                algorithms.add(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa));
            }
            algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384);
            algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha512);
            for (short hash : new short[] {HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512}) {
                algorithms.add(SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.rsa));
            }
            algorithms.add(SignatureAndHashAlgorithm.ed25519);
            return new CertificateRequest(types, algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            verifyPeer(clientCertificate);
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            handshakeComplete(context, chosenProfile);
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            alertRaised(level, description, message, cause);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            alertReceived(level, description);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class Client extends DefaultTlsClient {
        private int chosenProfile = -1;

        Client() {
            super(CRYPTO);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), CLIENT_SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis();
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(srtpProfiles.clone(), TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null) {
                throw fail(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, "server did not negotiate use_srtp",
                    AlertDescription.handshake_failure);
            }
            int[] profiles = chosen.getProtectionProfiles();
            if (profiles.length != 1 || Arrays.stream(srtpProfiles).noneMatch(p -> p == profiles[0])) {
                throw fail(DtlsException.Reason.NO_COMMON_SRTP_PROFILE, "server chose SRTP profiles "
                    + names(profiles) + ", we offered " + names(srtpProfiles), AlertDescription.illegal_parameter);
            }
            chosenProfile = profiles[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    verifyPeer(serverCertificate == null ? null : serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) throws IOException {
                    return signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            handshakeComplete(context, chosenProfile);
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            alertRaised(level, description, message, cause);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            alertReceived(level, description);
        }
    }

    private static String names(int[] profiles) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < profiles.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(SrtpProfiles.name(profiles[i]));
        }
        return sb.append(']').toString();
    }

    // ---- the datagram transport BouncyCastle reads and writes ----

    private final class QueueTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return sendLimit;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            while (true) {
                if (closeRequested) {
                    if (!handshakeDone) {
                        throw new DtlsException(DtlsException.Reason.CLOSED, "closed locally");
                    }
                    return -1;
                }
                long wait = waitMillis > 0 ? waitMillis : POST_HANDSHAKE_POLL_MILLIS;
                if (!handshakeDone) {
                    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                    if (remainingMillis <= 0) {
                        failure.compareAndSet(null, new Failure(DtlsException.Reason.TIMEOUT,
                            "handshake did not complete within " + handshakeTimeout.toMillis() + " ms"));
                        throw new TlsTimeoutException("DTLS handshake timed out");
                    }
                    wait = Math.min(wait, remainingMillis);
                }
                byte[] datagram;
                try {
                    datagram = queue.poll(wait, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
                }
                if (datagram == null) {
                    return -1;
                }
                if (datagram == WAKE_UP) {
                    continue;
                }
                int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (transportClosed) {
                throw new IOException("DTLS transport closed");
            }
            try {
                sender.send(buf, off, len);
            } catch (RuntimeException e) {
                throw new IOException("datagram sender failed", e);
            }
        }

        @Override
        public void close() {
            transportClosed = true;
        }
    }
}
