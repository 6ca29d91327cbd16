package org.parley.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.parley.client.internal.ClientThreads;
import org.parley.client.internal.ReceiveLoops;
import org.parley.webrtc.dtls.DtlsCertificate;
import org.parley.webrtc.dtls.DtlsResult;
import org.parley.webrtc.dtls.DtlsRole;
import org.parley.webrtc.dtls.DtlsTransport;
import org.parley.webrtc.rtp.RtpPacket;
import org.parley.webrtc.sdp.Candidate;
import org.parley.webrtc.sdp.Codec;
import org.parley.webrtc.sdp.Connection;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.Extmap;
import org.parley.webrtc.sdp.Fingerprint;
import org.parley.webrtc.sdp.Group;
import org.parley.webrtc.sdp.MediaDescription;
import org.parley.webrtc.sdp.Msid;
import org.parley.webrtc.sdp.SdpException;
import org.parley.webrtc.sdp.SessionDescription;
import org.parley.webrtc.sdp.Setup;
import org.parley.webrtc.sdp.SsrcAttribute;
import org.parley.webrtc.sdp.SsrcGroup;
import org.parley.webrtc.srtp.SrtpException;
import org.parley.webrtc.srtp.SrtpKeys;
import org.parley.webrtc.srtp.SrtpProfile;
import org.parley.webrtc.srtp.SrtpSession;
import org.parley.webrtc.stun.StunException;
import org.parley.webrtc.stun.StunMessage;
import org.parley.webrtc.stun.StunMessageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client-side WebRTC peer connection to an ICE-lite SFU: the publish connection (it offers one Opus and one
 * VP8 stream) or the subscribe connection (it answers the SFU's offer, receive only). The peer is ICE controlling
 * and nominates the SFU's one host candidate, then runs DTLS and protects media with SRTP. It is the DTLS client
 * unless the remote description makes it the server: an answer with {@code a=setup:active} (Janus answers a
 * publish offer so) or an offer with {@code a=setup:active}.
 *
 * <p>One UDP socket per peer, a non-blocking {@link DatagramChannel} watched by the receive loops every peer of
 * the JVM shares ({@link ReceiveLoops}: a thousand peers of a load generator need no thousand threads).
 * Listeners are called on the peer's receive loop thread, one datagram at a time; the timers that pace
 * connectivity checks are shared by every peer ({@link ClientThreads}). Sending is thread-safe.
 */
public final class MediaClientPeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaClientPeer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .toCharArray();
    private static final long CHECK_INTERVAL_MILLIS = 50;
    private static final long HANDSHAKE_CHECK_INTERVAL_NANOS = 250_000_000L;
    /** Peer-reflexive type preference (RFC 8445 5.1.2.2): what a check's PRIORITY carries. */
    private static final long CHECK_PRIORITY = Candidate.priority(110, 65535, 1);
    private static final int MAX_TAG = 32;

    public static final String AUDIO_MID = "0";
    public static final String VIDEO_MID = "1";
    public static final int OPUS_PAYLOAD_TYPE = 111;
    public static final int VP8_PAYLOAD_TYPE = 96;
    public static final int VP8_RTX_PAYLOAD_TYPE = 97;
    /** Header extension ids of the publish offer. */
    public static final int AUDIO_LEVEL_ID = 1;
    public static final int ABS_SEND_TIME_ID = 2;
    public static final int MID_ID = 3;
    static final List<String> VIDEO_FEEDBACK = List.of("nack", "nack pli", "ccm fir", "goog-remb");

    /** What the peer receives, decrypted, on its receive thread; the bytes are valid only during the call. */
    public interface Listener {
        default void onRtp(byte[] packet, int length) {
        }

        default void onRtcp(byte[] packet, int length) {
        }

        /**
         * An SRTP packet this peer did not decrypt nor authenticate ({@link #decryptOneIn}): its RTP header is
         * readable (SSRC, sequence number, header extensions), its payload is not; {@code length} leaves out the
         * authentication tag.
         */
        default void onRtpUndecrypted(byte[] packet, int length) {
        }

        /** Each SRTP or SRTCP datagram as it leaves the socket (for tests that replay or tamper with one). */
        default void onSent(byte[] datagram, int length) {
        }
    }

    public enum State { NEW, CHECKING, HANDSHAKING, CONNECTED, FAILED, CLOSED }

    private final PeerOptions options;
    private final DatagramChannel socket;
    private final InetSocketAddress localAddress;
    private final DtlsCertificate certificate;
    private final String localUfrag = randomIceString(8);
    private final String localPassword = randomIceString(24);
    private final long tieBreaker = RANDOM.nextLong();
    private final long sessionId = RANDOM.nextLong() & Long.MAX_VALUE;
    private final String cname = randomIceString(16);
    /** Publish SSRCs: audio, video, video RTX; and the SSRC a subscriber's RTCP comes from. */
    private final long audioSsrc = randomSsrc();
    private final long videoSsrc = randomSsrc();
    private final long videoRtxSsrc = randomSsrc();
    private final long receiverSsrc = randomSsrc();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> pendingTransactions = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private final AtomicLong checksSent = new AtomicLong();
    private final AtomicLong checksAnswered = new AtomicLong();
    private final AtomicLong checksReceived = new AtomicLong();
    private final AtomicLong srtpFailures = new AtomicLong();
    private final AtomicLong ignoredDatagrams = new AtomicLong();
    private final AtomicLong sendDrops = new AtomicLong();
    private long sdpVersion;

    private volatile State state = State.NEW;
    private volatile String remoteUfrag;
    private volatile byte[] remotePassword;
    private volatile Fingerprint remoteFingerprint;
    private volatile InetSocketAddress remote;
    /** Fixed by the first remote description, as the transport is. */
    private volatile DtlsRole dtlsRole = DtlsRole.CLIENT;
    private volatile List<RemoteTrack> remoteTracks = List.of();
    private volatile DtlsTransport dtls;
    private volatile SrtpSession srtpIn;
    private volatile SrtpSession srtpOut;
    private volatile ScheduledFuture<?> ticker;
    private volatile long lastCheckNanos;
    private volatile long deadlineNanos;
    private volatile int decryptOneIn = 1;
    /** SRTP packets received, for {@link #decryptOneIn}; the receive loop thread's only. */
    private long srtpPackets;

    private MediaClientPeer(PeerOptions options) throws IOException {
        this.options = options;
        this.socket = DatagramChannel.open();
        try {
            // Enough for a keyframe burst; small enough that a generator falling behind drops packets after
            // about a second rather than delivering them, and the DTLS records queued behind them, many seconds late.
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 256 << 10);
            socket.bind(new InetSocketAddress(options.bindAddress(), 0));
            socket.configureBlocking(false);
            this.localAddress = (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.certificate = DtlsCertificate.generate();
        ReceiveLoops.shared().register(socket, this::onDatagram);
    }

    /** A peer with its own UDP socket on {@code options.bindAddress()} (an ephemeral port) and certificate. */
    public static MediaClientPeer open(PeerOptions options) throws IOException {
        return new MediaClientPeer(options);
    }

    public static MediaClientPeer open() throws IOException {
        return open(PeerOptions.defaults());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---- SDP ----

    /**
     * The publish offer: mid 0 sendonly Opus (PT 111) and mid 1 sendonly VP8 (PT 96) with RTX (PT 97), each with
     * its ssrc lines (a FID group for video), mid, abs-send-time and (audio) audio-level extensions, bundled and
     * rtcp-muxed, with this peer's ICE credentials, host candidate and certificate fingerprint, a=setup:actpass.
     */
    public synchronized String publishOffer() {
        SessionDescription offer = SessionDescription.create(sessionId, ++sdpVersion);
        offer.setMsidSemantic("WMS *");
        String stream = "parley-" + cname;

        MediaDescription audio = newSection("audio", AUDIO_MID, Setup.ACTPASS);
        audio.addExtmap(new Extmap(AUDIO_LEVEL_ID, Extmap.AUDIO_LEVEL));
        audio.addExtmap(new Extmap(ABS_SEND_TIME_ID, Extmap.ABS_SEND_TIME));
        audio.addExtmap(new Extmap(MID_ID, Extmap.SDES_MID));
        audio.setDirection(Direction.SENDONLY);
        audio.addCodec(new Codec(OPUS_PAYLOAD_TYPE, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of()));
        audio.setMsid(new Msid(stream, "audio-" + cname));
        audio.addSsrc(audioSsrc, "cname", cname);
        audio.addSsrc(audioSsrc, "msid", stream + " audio-" + cname);
        offer.addMedia(audio);

        MediaDescription video = newSection("video", VIDEO_MID, Setup.ACTPASS);
        video.addExtmap(new Extmap(ABS_SEND_TIME_ID, Extmap.ABS_SEND_TIME));
        video.addExtmap(new Extmap(MID_ID, Extmap.SDES_MID));
        video.setDirection(Direction.SENDONLY);
        video.addCodec(new Codec(VP8_PAYLOAD_TYPE, "VP8", 90000, 0, null, VIDEO_FEEDBACK));
        video.addCodec(Codec.rtx(VP8_RTX_PAYLOAD_TYPE, VP8_PAYLOAD_TYPE, 90000));
        video.setMsid(new Msid(stream, "video-" + cname));
        video.addSsrcGroup(new SsrcGroup("FID", List.of(videoSsrc, videoRtxSsrc)));
        for (long ssrc : new long[] { videoSsrc, videoRtxSsrc }) {
            video.addSsrc(ssrc, "cname", cname);
            video.addSsrc(ssrc, "msid", stream + " video-" + cname);
        }
        offer.addMedia(video);
        offer.addGroup(new Group("BUNDLE", List.of(AUDIO_MID, VIDEO_MID)));
        return offer.write();
    }

    /**
     * The SFU's answer to {@link #publishOffer}: where to connect and whom to trust. {@code a=setup:passive} (or
     * none) keeps this peer DTLS client; {@code a=setup:active} makes it the DTLS server.
     */
    public void acceptAnswer(String answerSdp) throws SdpException {
        SessionDescription answer = SessionDescription.parse(answerSdp);
        // actpass is no answer's value, but this peer always took it as passive, and still does.
        readRemoteTransport(answer, Setup.PASSIVE, Set.of(Setup.PASSIVE, Setup.ACTPASS, Setup.ACTIVE));
    }

    /**
     * Answers a subscribe offer of the SFU: every m-line it sends on becomes recvonly (inactive stays inactive),
     * with the offered codecs (RTX included) and header extensions accepted as they are, a=setup:active (passive
     * when the offer says active). May be called again for each renegotiation; the tracks it announces replace the
     * earlier ones.
     */
    public synchronized String answer(String offerSdp) throws SdpException {
        SessionDescription offer = SessionDescription.parse(offerSdp);
        readRemoteTransport(offer, Setup.ACTPASS, Set.of(Setup.ACTPASS, Setup.ACTIVE, Setup.PASSIVE));
        Setup localSetup = dtlsRole == DtlsRole.SERVER ? Setup.PASSIVE : Setup.ACTIVE;
        SessionDescription answer = SessionDescription.create(sessionId, ++sdpVersion);
        List<RemoteTrack> tracks = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow(() -> new SdpException(0, "an offered m-line has no a=mid"));
            if (m.port() == 0 || !m.isRtp()) {
                MediaDescription rejected = MediaDescription.create(m.kind(), 0, m.proto(), m.formats());
                rejected.setMid(mid);
                answer.addMedia(rejected);
                continue;
            }
            MediaDescription a = newSection(m.kind(), mid, localSetup);
            for (Extmap extmap : m.extmaps()) {
                a.addExtmap(new Extmap(extmap.id(), extmap.uri()));
            }
            for (Codec codec : m.codecs()) {
                a.addCodec(codec);
            }
            if (m.rtcpRsize()) {
                a.setRtcpRsize(true);
            }
            boolean active = m.effectiveDirection().sends();
            a.setDirection(active ? Direction.RECVONLY : Direction.INACTIVE);
            answer.addMedia(a);
            bundle.add(mid);
            tracks.add(remoteTrack(m, mid, active));
        }
        if (!bundle.isEmpty()) {
            answer.addGroup(new Group("BUNDLE", bundle));
        }
        remoteTracks = List.copyOf(tracks);
        return answer.write();
    }

    private static RemoteTrack remoteTrack(MediaDescription m, String mid, boolean active) {
        Codec primary = m.codecs().stream().filter(c -> !c.isRtx()).findFirst().orElse(null);
        int payloadType = primary == null ? -1 : primary.payloadType();
        int rtxPayloadType = primary == null ? -1 : m.rtxFor(payloadType).map(Codec::payloadType).orElse(-1);
        long ssrc = -1;
        long rtxSsrc = -1;
        for (SsrcGroup group : m.ssrcGroups()) {
            if ("FID".equals(group.semantics()) && group.ssrcs().size() == 2) {
                ssrc = group.ssrcs().get(0);
                rtxSsrc = group.ssrcs().get(1);
            }
        }
        if (ssrc < 0) {
            List<SsrcAttribute> lines = m.ssrcs();
            ssrc = lines.isEmpty() ? -1 : lines.get(0).ssrc();
        }
        return new RemoteTrack(mid, m.kind(), active, ssrc, rtxSsrc, primary == null ? null : primary.name(),
                payloadType, rtxPayloadType, primary == null ? 0 : primary.clockRate());
    }

    private MediaDescription newSection(String kind, String mid, Setup setup) {
        InetSocketAddress local = localAddress();
        MediaDescription m = MediaDescription.create(kind, local.getPort(), "UDP/TLS/RTP/SAVPF", List.of());
        m.setConnection(Connection.of(local.getAddress().getHostAddress()));
        m.setMid(mid);
        m.setIceUfrag(localUfrag);
        m.setIcePwd(localPassword);
        m.setFingerprint(new Fingerprint("sha-256", certificate.fingerprintSha256()));
        m.setSetup(setup);
        m.setRtcpMux(true);
        m.addCandidate(new Candidate("1", 1, "udp", Candidate.priority(126, 65535, 1),
                local.getAddress().getHostAddress(), local.getPort(), "host"));
        m.setEndOfCandidates(true);
        return m;
    }

    /**
     * The remote ICE credentials, fingerprint, host candidate and DTLS role; the first SDP fixes them.
     *
     * @param absentSetup what a description without a=setup means
     * @param usableSetups the a=setup values this kind of description (offer, answer) may carry
     */
    private void readRemoteTransport(SessionDescription sdp, Setup absentSetup, Set<Setup> usableSetups)
            throws SdpException {
        if (sdp.media().isEmpty()) {
            throw new SdpException(0, "the remote description has no media sections");
        }
        MediaDescription first = sdp.media().get(0);
        String ufrag = first.effectiveIceUfrag().orElseThrow(() -> new SdpException(0, "no a=ice-ufrag"));
        String pwd = first.effectiveIcePwd().orElseThrow(() -> new SdpException(0, "no a=ice-pwd"));
        Fingerprint fingerprint = first.effectiveFingerprint().orElseThrow(() -> new SdpException(0, "no a=fingerprint"));
        Setup setup = first.effectiveSetup().orElse(absentSetup);
        if (!usableSetups.contains(setup)) {
            throw new SdpException(0, "the remote side says a=setup:" + setup.value() + ", which this peer cannot use here");
        }
        InetSocketAddress candidate = null;
        for (MediaDescription m : sdp.media()) {
            for (Candidate c : m.candidates()) {
                if (candidate == null && "udp".equalsIgnoreCase(c.transport()) && c.component() == 1) {
                    candidate = literalAddress(c.address(), c.port());
                }
            }
        }
        if (candidate == null) {
            throw new SdpException(0, "the remote description has no UDP host candidate with an IP address");
        }
        if (remoteUfrag == null) {
            remoteUfrag = ufrag;
            remotePassword = pwd.getBytes(StandardCharsets.UTF_8);
            remoteFingerprint = fingerprint;
            remote = candidate;
            // The remote side opens DTLS when it is active; in every other case (passive, actpass) this peer does.
            dtlsRole = setup == Setup.ACTIVE ? DtlsRole.SERVER : DtlsRole.CLIENT;
        } else if (!remoteUfrag.equals(ufrag)) {
            throw new SdpException(0, "the remote side restarted ICE; this peer does not support ICE restarts");
        }
    }

    private static InetSocketAddress literalAddress(String address, int port) {
        // Only IP literals: a name here would be an mDNS candidate, which the SFU never sends.
        boolean literal = address.indexOf(':') >= 0 || address.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
        if (!literal) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- ICE and DTLS ----

    /**
     * Starts connectivity checks towards the remote candidate (a remote description must have been applied).
     * Completes with the negotiated SRTP profile once DTLS is done, or exceptionally after the connect timeout.
     */
    public synchronized CompletableFuture<SrtpProfile> connect() {
        if (remote == null) {
            connected.completeExceptionally(new IllegalStateException("no remote description yet"));
            return connected;
        }
        if (state == State.NEW) {
            state = State.CHECKING;
            deadlineNanos = System.nanoTime() + options.connectTimeout().toNanos();
            ticker = ClientThreads.TIMERS.scheduleWithFixedDelay(this::tick, 0, CHECK_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        return connected;
    }

    private void tick() {
        try {
            State now = state;
            long nanos = System.nanoTime();
            if (now == State.CHECKING || now == State.HANDSHAKING) {
                if (nanos > deadlineNanos) {
                    fail(new IOException("not connected within " + options.connectTimeout().toMillis() + " ms ("
                            + now + ")"));
                    return;
                }
                if (now == State.CHECKING) {
                    sendCheck();
                } else if (nanos - lastCheckNanos >= HANDSHAKE_CHECK_INTERVAL_NANOS) {
                    // An ICE-lite server that got the first check before it had this peer's answer (and so its
                    // fingerprint) has not started DTLS and drops the ClientHello; a later check starts it.
                    sendCheck();
                }
            } else if (now == State.CONNECTED
                    && nanos - lastCheckNanos >= options.consentInterval().toNanos()) {
                sendCheck();
            }
        } catch (RuntimeException e) {
            LOG.warn("Connectivity check of {} failed", localUfrag, e);
        }
    }

    private void sendCheck() {
        byte[] transaction = StunMessageWriter.newTransactionId();
        pendingTransactions.add(HexFormat.of().formatHex(transaction));
        if (pendingTransactions.size() > 64) {
            pendingTransactions.clear(); // a peer that never answers must not grow this without bound
            pendingTransactions.add(HexFormat.of().formatHex(transaction));
        }
        byte[] request = bindingRequest(transaction, remoteUfrag, localUfrag, remotePassword, tieBreaker);
        lastCheckNanos = System.nanoTime();
        checksSent.incrementAndGet();
        sendDatagram(request, 0, request.length);
    }

    /** A Binding request as a controlling agent nominating the pair: USERNAME remote:local, keyed with the remote password. */
    static byte[] bindingRequest(byte[] transactionId, String remoteUfrag, String localUfrag, byte[] remotePassword,
            long tieBreaker) {
        return new StunMessageWriter(StunMessageWriter.BINDING_REQUEST, transactionId)
                .username(remoteUfrag + ":" + localUfrag)
                .priority(CHECK_PRIORITY)
                .iceControlling(tieBreaker)
                .useCandidate()
                .build(remotePassword, true);
    }

    private void onStun(byte[] buf, int len) {
        StunMessage message;
        try {
            message = StunMessage.parse(buf, 0, len);
        } catch (StunException e) {
            ignoredDatagrams.incrementAndGet();
            return;
        }
        if (message.type() == StunMessageWriter.BINDING_REQUEST) {
            answerCheck(message);
            return;
        }
        if (message.type() != StunMessageWriter.BINDING_SUCCESS
                || !pendingTransactions.remove(HexFormat.of().formatHex(message.transactionId()))
                || !message.verifyMessageIntegrity(remotePassword)) {
            ignoredDatagrams.incrementAndGet();
            return;
        }
        checksAnswered.incrementAndGet();
        synchronized (this) {
            if (state == State.CHECKING) {
                state = State.HANDSHAKING;
                startDtls();
            }
        }
    }

    /**
     * Answers the remote side's own check. An ICE-lite server never sends one; libnice, even in lite mode (Janus),
     * sends a triggered check back for each check it receives and selects the pair only when that one succeeds.
     * The check must be for this peer (USERNAME local:remote) and keyed with this peer's password.
     */
    private void answerCheck(StunMessage request) {
        String username = request.username();
        byte[] localKey = localPassword.getBytes(StandardCharsets.UTF_8);
        if (username == null || !username.startsWith(localUfrag + ":") || !request.verifyMessageIntegrity(localKey)) {
            ignoredDatagrams.incrementAndGet();
            return;
        }
        checksReceived.incrementAndGet();
        byte[] response = bindingSuccess(request.transactionId(), remote, localKey);
        sendDatagram(response, 0, response.length);
    }

    /** A Binding success response telling the checking side the address its check came from. */
    static byte[] bindingSuccess(byte[] transactionId, InetSocketAddress checkSource, byte[] localPassword) {
        return new StunMessageWriter(StunMessageWriter.BINDING_SUCCESS, transactionId)
                .xorMappedAddress(checkSource)
                .build(localPassword, true);
    }

    private void startDtls() {
        Fingerprint fingerprint = remoteFingerprint;
        DtlsTransport transport;
        try {
            transport = new DtlsTransport(dtlsRole, certificate,
                    options.srtpProfiles().stream().map(SrtpProfile::id).toList(), fingerprint.hashFunction(),
                    fingerprint.value(), this::sendDatagramChecked, options.connectTimeout());
        } catch (IllegalArgumentException e) {
            fail(new IOException("the remote fingerprint cannot be used: " + e.getMessage(), e));
            return;
        }
        dtls = transport;
        transport.start(ClientThreads.DTLS).whenComplete((result, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                onDtlsComplete(result);
            }
        });
    }

    private void onDtlsComplete(DtlsResult result) {
        Optional<SrtpProfile> profile = SrtpProfile.fromId(result.srtpProfileId());
        if (profile.isEmpty()) {
            fail(new IOException("DTLS negotiated an unknown SRTP profile " + result.srtpProfileId()));
            return;
        }
        SrtpKeys keys = SrtpKeys.fromDtlsKeyingMaterial(profile.get(), result.keyingMaterial(),
                dtlsRole == DtlsRole.CLIENT);
        srtpIn = keys.newRemoteSession();
        srtpOut = keys.newLocalSession();
        synchronized (this) {
            if (state != State.HANDSHAKING) {
                return;
            }
            state = State.CONNECTED;
        }
        connected.complete(profile.get());
    }

    private void fail(Throwable failure) {
        synchronized (this) {
            if (state == State.CLOSED || state == State.FAILED) {
                return;
            }
            state = State.FAILED;
        }
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        LOG.debug("Peer {} failed: {}", localUfrag, failure.toString());
        connected.completeExceptionally(failure);
    }

    // ---- sending ----

    /** Protects and sends one RTP packet; false when not connected or the packet is not RTP. */
    public boolean sendRtp(byte[] packet, int offset, int length) {
        return protectAndSend(packet, offset, length, false);
    }

    /** Protects and sends one (compound) RTCP packet; false when not connected or it is not RTCP. */
    public boolean sendRtcp(byte[] packet, int offset, int length) {
        return protectAndSend(packet, offset, length, true);
    }

    private boolean protectAndSend(byte[] packet, int offset, int length, boolean rtcp) {
        SrtpSession out = srtpOut;
        if (out == null || state != State.CONNECTED) {
            return false;
        }
        byte[] buf = new byte[length + MAX_TAG];
        System.arraycopy(packet, offset, buf, 0, length);
        int protectedLength;
        // One SRTP context per SSRC allows one thread at a time; senders here are few, so one lock serves.
        synchronized (sendLock) {
            try {
                protectedLength = rtcp ? out.protectRtcp(buf, 0, length) : out.protectRtp(buf, 0, length);
            } catch (SrtpException e) {
                return false;
            }
        }
        if (!sendDatagram(buf, 0, protectedLength)) {
            return false;
        }
        for (Listener listener : listeners) {
            listener.onSent(buf, protectedLength);
        }
        return true;
    }

    /** Sends bytes as they are from this peer's socket to the remote candidate (tests: replays, garbage). */
    public boolean sendRaw(byte[] datagram, int offset, int length) {
        return sendDatagram(datagram, offset, length);
    }

    private boolean sendDatagram(byte[] buf, int off, int len) {
        try {
            sendDatagramChecked(buf, off, len);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void sendDatagramChecked(byte[] buf, int off, int len) throws IOException {
        InetSocketAddress to = remote;
        if (to == null || !socket.isOpen()) {
            throw new IOException("no remote address, or closed");
        }
        // Non-blocking: a full socket send buffer drops the datagram, as a congested network would.
        if (socket.send(ByteBuffer.wrap(buf, off, len), to) == 0) {
            sendDrops.incrementAndGet();
        }
    }

    // ---- receiving ----

    private void onDatagram(SocketAddress from, byte[] buf, int len) {
        if (len < 1 || !from.equals(remote)) {
            ignoredDatagrams.incrementAndGet();
            return;
        }
        int first = buf[0] & 0xff;
        if (first <= 3) {
            onStun(buf, len);
        } else if (first >= 20 && first <= 63) {
            DtlsTransport current = dtls;
            if (current != null) {
                current.receive(buf, 0, len);
            }
        } else if (first >= 128 && first <= 191) {
            onSrtp(buf, len);
        } else {
            ignoredDatagrams.incrementAndGet();
        }
    }

    /**
     * Decrypts and authenticates only every {@code n}th SRTP packet (SRTCP always); the others go to
     * {@link Listener#onRtpUndecrypted} with their header only. For a load generator whose thousand receivers
     * would otherwise spend most of its CPU in AES-GCM: the server's work is the same either way. 1: every
     * packet (the default); at most 256. The SRTP index of a stream is estimated from the last packet decrypted,
     * which holds while fewer than 32768 of its packets go by undecrypted: minutes of even a video stream.
     */
    public void decryptOneIn(int n) {
        if (n < 1 || n > 256) {
            throw new IllegalArgumentException("decrypt one packet in 1..256, not " + n);
        }
        decryptOneIn = n;
    }

    private void onSrtp(byte[] buf, int len) {
        SrtpSession in = srtpIn;
        if (in == null || len < 12) {
            ignoredDatagrams.incrementAndGet();
            return;
        }
        boolean rtcp = RtpPacket.isRtcp(buf, 0, len);
        int n = decryptOneIn;
        if (!rtcp && n > 1 && srtpPackets++ % n != 0) {
            int plainLength = len - in.profile().authTagLength();
            if (RtpPacket.headerLength(buf, 0, plainLength) < 0) {
                ignoredDatagrams.incrementAndGet();
                return;
            }
            for (Listener listener : listeners) {
                listener.onRtpUndecrypted(buf, plainLength);
            }
            return;
        }
        int plain;
        try {
            plain = rtcp ? in.unprotectRtcp(buf, 0, len) : in.unprotectRtp(buf, 0, len);
        } catch (SrtpException e) {
            srtpFailures.incrementAndGet();
            return;
        }
        for (Listener listener : listeners) {
            if (rtcp) {
                listener.onRtcp(buf, plain);
            } else {
                listener.onRtp(buf, plain);
            }
        }
    }

    // ---- what the peer is ----

    public State state() {
        return state;
    }

    /** The negotiated SRTP profile, once connected. */
    public Optional<SrtpProfile> srtpProfile() {
        SrtpSession out = srtpOut;
        return out == null ? Optional.empty() : Optional.of(out.profile());
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The SFU's candidate this peer checks and sends to, once a remote description was applied. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The DTLS role the remote description gave this peer (client until one says otherwise). */
    public DtlsRole dtlsRole() {
        return dtlsRole;
    }

    public String localUfrag() {
        return localUfrag;
    }

    /** The tracks the latest subscribe offer announced, in m-line order. */
    public List<RemoteTrack> remoteTracks() {
        return remoteTracks;
    }

    public Optional<RemoteTrack> remoteTrack(String mid) {
        return remoteTracks.stream().filter(t -> t.mid().equals(mid)).findFirst();
    }

    public long audioSsrc() {
        return audioSsrc;
    }

    public long videoSsrc() {
        return videoSsrc;
    }

    public long videoRtxSsrc() {
        return videoRtxSsrc;
    }

    /** The sender SSRC of this peer's receiver reports and feedback. */
    public long receiverSsrc() {
        return receiverSsrc;
    }

    /**
     * Counters: checks sent and answered, the remote side's checks answered, datagrams that failed SRTP, datagrams
     * ignored (unknown source, noise), datagrams dropped on sending (socket send buffer full).
     */
    public Map<String, Long> counters() {
        return Map.of("checks-sent", checksSent.get(), "checks-answered", checksAnswered.get(), "checks-received",
                checksReceived.get(), "srtp-failures", srtpFailures.get(), "ignored", ignoredDatagrams.get(),
                "send-drops", sendDrops.get());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        ScheduledFuture<?> t = ticker;
        if (t != null) {
            t.cancel(false);
        }
        DtlsTransport current = dtls;
        if (current != null) {
            current.close();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing a UDP channel has nothing to flush; the port is free either way
        }
        connected.completeExceptionally(new IOException("closed"));
    }

    private static long randomSsrc() {
        return (RANDOM.nextInt() & 0xffffffffL) | 1;
    }

    private static String randomIceString(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[RANDOM.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }
}
