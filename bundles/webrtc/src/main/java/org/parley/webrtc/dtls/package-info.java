/**
 * DTLS 1.2 with the use_srtp extension (RFC 5764) for WebRTC, on BouncyCastle's low-level TLS API.
 * {@link org.parley.webrtc.dtls.DtlsCertificate} makes the self-signed ECDSA P-256 certificate whose
 * fingerprint goes into SDP; {@link org.parley.webrtc.dtls.DtlsTransport} runs one handshake per peer
 * connection over datagrams the caller feeds in and sends out, verifies the peer certificate against the
 * SDP fingerprint, negotiates an SRTP protection profile (its IANA id) and exports the SRTP keying material
 * as a {@link org.parley.webrtc.dtls.DtlsResult}.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.dtls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
