package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;

import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.dtls.DtlsResult;
import org.parley.webrtc.dtls.DtlsRole;
import org.parley.webrtc.dtls.DtlsTransport;
import org.parley.webrtc.srtp.SrtpKeys;
import org.parley.webrtc.srtp.SrtpProfile;
import org.parley.webrtc.srtp.SrtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE-lite + DTLS-SRTP association with a browser peer connection (a participant's publish or subscribe
 * connection). It learns its remote address from STUN checks, runs the DTLS handshake as DTLS server, and
 * then holds the SRTP sessions for each direction.
 */
final class MediaTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTransport.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    enum Direction { PUBLISH, SUBSCRIBE }

    enum State { NEW, CHECKING, CONNECTED, FAILED, CLOSED }

    interface Listener {
        void onConnected(MediaTransport transport);

        void onClosed(MediaTransport transport, String reason);
    }

    final String id;
    final Direction direction;
    final MediaParticipant owner;
    /**
     * On a subscribe transport: the transport-wide numbering of what the SFU sends there, and the bandwidth
     * estimate built on it; null on a publish transport, which the SFU sends no media on.
     */
    final TransportWideSequencer sequencer;
    final BandwidthEstimator bandwidth;
    /** On a subscribe transport: padding probes of its bandwidth; null on a publish transport. */
    final BandwidthProber prober;
    private final TransportRegistry registry;
    private final MediaCounters counters;
    private final DtlsCertificate certificate;
    private final List<Integer> srtpProfiles;
    private final Listener listener;

    private volatile String localUfrag;
    private volatile byte[] localPassword;
    private volatile String localPasswordText;
    private volatile String remoteUfrag;
    private volatile String remoteFingerprintHash;
    private volatile String remoteFingerprint;

    private volatile InetSocketAddress remote;
    private volatile PacketWorker worker;
    private volatile long lastConsentNanos = System.nanoTime();
    private volatile State state = State.NEW;
    private volatile DtlsTransport dtls;
    private volatile SrtpSession srtpIn;
    private volatile SrtpSession srtpOut;
    private volatile SrtpProfile profile;
    private volatile Executor handshakeExecutor;
    /** The diagnostic trace of a subscribe transport's bandwidth estimation ({@code bwe.trace.dir}), or null. */
    private volatile BandwidthTraceRecorder bandwidthTrace;
    private volatile int handshakeTimeout;
    /** DTLS records that came before the handshake could start (ClientHello, maybe split over two). */
    private static final int MAX_EARLY_RECORDS = 8;
    private final java.util.List<byte[]> earlyRecords = new java.util.ArrayList<>();

    MediaTransport(String id, Direction direction, MediaParticipant owner, TransportRegistry registry,
            MediaCounters counters, DtlsCertificate certificate, List<Integer> srtpProfiles, Listener listener) {
        this(id, direction, owner, registry, counters, certificate, srtpProfiles, listener,
                ProbeController.Settings.DEFAULT);
    }

    MediaTransport(String id, Direction direction, MediaParticipant owner, TransportRegistry registry,
            MediaCounters counters, DtlsCertificate certificate, List<Integer> srtpProfiles, Listener listener,
            ProbeController.Settings probing) {
        this.id = id;
        this.direction = direction;
        this.owner = owner;
        this.sequencer = direction == Direction.SUBSCRIBE ? new TransportWideSequencer() : null;
        this.bandwidth = sequencer == null ? null : new BandwidthEstimator(sequencer);
        this.prober = sequencer == null ? null : new BandwidthProber(this, probing, counters);
        this.registry = registry;
        this.counters = counters;
        this.certificate = certificate;
        this.srtpProfiles = srtpProfiles;
        this.listener = listener;
        newLocalCredentials();
    }

    /** Fresh ICE credentials (at creation and on ICE restart); the old username fragment stops working. */
    void newLocalCredentials() {
        String old = localUfrag;
        localUfrag = randomIceString(8);
        localPasswordText = randomIceString(24);
        localPassword = localPasswordText.getBytes(StandardCharsets.UTF_8);
        registry.register(localUfrag, this);
        if (old != null) {
            registry.unregisterUfrag(old);
        }
    }

    private static String randomIceString(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }

    /** What the browser's SDP says about its side; the fingerprint is fixed once DTLS has started. */
    void setRemote(String ufrag, String fingerprintHash, String fingerprint) {
        this.remoteUfrag = ufrag;
        if (dtls == null) {
            this.remoteFingerprintHash = fingerprintHash;
            this.remoteFingerprint = fingerprint;
        }
        // ICE may have passed before the SDP that names the browser's certificate arrived (a subscribe
        // answer racing the browser's first checks): start DTLS now rather than at the next consent check.
        Executor executor = handshakeExecutor;
        if (executor != null && remote != null) {
            startDtlsOnce(executor, handshakeTimeout);
        }
    }

    private synchronized void startDtlsOnce(Executor handshakes, int timeoutSeconds) {
        if (state == State.NEW && remoteFingerprint != null) {
            state = State.CHECKING;
            startDtls(handshakes, timeoutSeconds);
        }
    }

    String localUfrag() {
        return localUfrag;
    }

    String localPassword() {
        return localPasswordText;
    }

    byte[] localPasswordBytes() {
        return localPassword;
    }

    String remoteUfrag() {
        return remoteUfrag;
    }

    boolean hasRemoteDescription() {
        return remoteFingerprint != null;
    }

    InetSocketAddress remote() {
        return remote;
    }

    PacketWorker worker() {
        return worker;
    }

    State state() {
        return state;
    }

    boolean isConnected() {
        return state == State.CONNECTED;
    }

    SrtpSession srtpIn() {
        return srtpIn;
    }

    SrtpSession srtpOut() {
        return srtpOut;
    }

    SrtpProfile profile() {
        return profile;
    }

    BandwidthTraceRecorder bandwidthTrace() {
        return bandwidthTrace;
    }

    void recordBandwidthTrace(BandwidthTraceRecorder recorder) {
        bandwidthTrace = recorder;
    }

    long lastConsentNanos() {
        return lastConsentNanos;
    }

    /**
     * A STUN check that passed integrity. The address it came from becomes (or stays) the one media goes to;
     * the first one starts the DTLS handshake, which the browser opens as DTLS client.
     */
    void onConsent(InetSocketAddress from, PacketWorker via, boolean nominated, Executor handshakes,
            int handshakeTimeoutSeconds) {
        lastConsentNanos = System.nanoTime();
        if (state == State.CLOSED || state == State.FAILED) {
            return;
        }
        if (remote == null || nominated || !from.equals(remote)) {
            if (remote == null || nominated) {
                remote = from;
                worker = via;
            }
            registry.bind(from, this);
        }
        handshakeExecutor = handshakes;
        handshakeTimeout = handshakeTimeoutSeconds;
        startDtlsOnce(handshakes, handshakeTimeoutSeconds);
    }

    private void startDtls(Executor handshakes, int timeoutSeconds) {
        DtlsTransport transport;
        try {
            transport = new DtlsTransport(DtlsRole.SERVER, certificate, srtpProfiles, remoteFingerprintHash,
                    remoteFingerprint, (buf, off, len) -> {
                        PacketWorker w = worker;
                        InetSocketAddress to = remote;
                        if (w != null && to != null) {
                            w.send(to, buf, off, len);
                        }
                    }, java.time.Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            // The browser's a=fingerprint names a hash we do not know or is malformed: no handshake can pass.
            LOG.info("DTLS with {} ({} of {}) not started: {}", remote, direction, owner.id, e.getMessage());
            counters.dtlsFailures.increment();
            state = State.FAILED;
            listener.onClosed(this, "dtls-failed");
            return;
        }
        synchronized (earlyRecords) {
            for (byte[] record : earlyRecords) {
                transport.receive(record, 0, record.length);
            }
            earlyRecords.clear();
            dtls = transport;
        }
        transport.start(handshakes).whenComplete((result, failure) -> {
            if (failure != null) {
                counters.dtlsFailures.increment();
                LOG.info("DTLS with {} ({} of {}) failed: {}", remote, direction, owner.id, rootMessage(failure));
                state = State.FAILED;
                listener.onClosed(this, "dtls-failed");
            } else {
                onDtlsComplete(result);
            }
        });
    }

    /** Package-private for ForwardingBenchmark, which installs SRTP keys without a handshake. */
    void onDtlsComplete(DtlsResult result) {
        SrtpProfile chosen = SrtpProfile.fromId(result.srtpProfileId()).orElseThrow();
        SrtpKeys keys = SrtpKeys.fromDtlsKeyingMaterial(chosen, result.keyingMaterial(), false);
        srtpIn = new SrtpSession(chosen, keys.remoteKey(), keys.remoteSalt());
        srtpOut = new SrtpSession(chosen, keys.localKey(), keys.localSalt());
        profile = chosen;
        counters.dtlsHandshakes.increment();
        if (state == State.CLOSED) {
            return;
        }
        state = State.CONNECTED;
        LOG.debug("{} transport of {} connected from {} with {}", direction, owner.id, remote, chosen);
        listener.onConnected(this);
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** A DTLS record (handshake, alert) from the remote address. */
    void onDtlsRecord(byte[] buf, int off, int len) {
        DtlsTransport current = dtls;
        if (current == null) {
            synchronized (earlyRecords) {
                current = dtls;
                if (current == null) {
                    // The browser's ClientHello can beat the SDP with its fingerprint; keep the first few records
                    // for the handshake instead of making the browser wait a second to resend them.
                    if (earlyRecords.size() < MAX_EARLY_RECORDS) {
                        earlyRecords.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                    } else {
                        counters.drop(MediaCounters.Drop.NOT_READY);
                    }
                    return;
                }
            }
        }
        current.receive(buf, off, len);
    }

    /** Sends an RTCP packet to the peer (it is protected here); any thread. */
    void sendRtcp(PacketWorker via, byte[] packet, int off, int len) {
        SrtpSession out = srtpOut;
        InetSocketAddress to = remote;
        PacketWorker w = via != null ? via : worker;
        if (out == null || to == null || w == null || state != State.CONNECTED) {
            return;
        }
        byte[] buf = new byte[len + 64];
        System.arraycopy(packet, off, buf, 0, len);
        try {
            int protectedLength = out.protectRtcp(buf, 0, len);
            w.send(to, buf, 0, protectedLength);
        } catch (org.parley.webrtc.srtp.SrtpException e) {
            counters.drop(MediaCounters.Drop.SEND_FAILED);
        }
    }

    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        registry.remove(this);
        DtlsTransport current = dtls;
        if (current != null) {
            current.close();
        }
        listener.onClosed(this, reason);
    }
}
