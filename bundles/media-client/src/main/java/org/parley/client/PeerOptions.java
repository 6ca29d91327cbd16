package org.parley.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.parley.webrtc.srtp.SrtpProfile;

/**
 * How one {@link MediaClientPeer} connects.
 *
 * @param bindAddress the local address of the peer's UDP socket (loopback by default: tests and a load generator
 *        beside the SFU must not send from other interfaces)
 * @param srtpProfiles offered in the DTLS use_srtp extension, most preferred first; the SFU (DTLS server) picks
 * @param consentInterval how often a connected peer repeats its STUN check (RFC 7675 consent freshness)
 * @param connectTimeout how long ICE plus the DTLS handshake may take
 */
public record PeerOptions(InetAddress bindAddress, List<SrtpProfile> srtpProfiles, Duration consentInterval,
        Duration connectTimeout) {

    public PeerOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("offer at least one SRTP profile");
        }
        Objects.requireNonNull(consentInterval, "consentInterval");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Loopback, what Chromium offers (both GCM profiles and AES-CM), consent every 2 s, 10 s to connect. */
    public static PeerOptions defaults() {
        return new PeerOptions(InetAddress.getLoopbackAddress(), List.of(SrtpProfile.AEAD_AES_256_GCM,
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80), Duration.ofSeconds(2),
                Duration.ofSeconds(10));
    }

    public PeerOptions withSrtpProfiles(List<SrtpProfile> profiles) {
        return new PeerOptions(bindAddress, profiles, consentInterval, connectTimeout);
    }

    public PeerOptions withConsentInterval(Duration interval) {
        return new PeerOptions(bindAddress, srtpProfiles, interval, connectTimeout);
    }
}
