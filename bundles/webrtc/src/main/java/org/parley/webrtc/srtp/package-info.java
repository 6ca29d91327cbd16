/**
 * SRTP and SRTCP packet protection for DTLS-SRTP peer connections (RFC 3711, RFC 7714, RFC 5764):
 * the protection profiles a DTLS handshake can negotiate, the split of the exported keying material
 * into local and remote master keys, and {@link org.parley.webrtc.srtp.SrtpSession}, which protects or
 * unprotects packets in place in the caller's buffer, with per-SSRC rollover counters and replay
 * windows. Rejected packets raise {@link org.parley.webrtc.srtp.SrtpException} carrying a reason so
 * callers can count drops.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.srtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
