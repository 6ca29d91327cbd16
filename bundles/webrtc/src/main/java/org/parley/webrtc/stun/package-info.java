/**
 * STUN (RFC 8489/5389) as ICE (RFC 8445) uses it for connectivity checks: {@link org.parley.webrtc.stun.StunMessage}
 * parses and checks a received message (MESSAGE-INTEGRITY with short-term credentials, FINGERPRINT), and
 * {@link org.parley.webrtc.stun.StunMessageWriter} builds Binding requests, responses and indications. STUN is
 * low-rate, so unlike the RTP code these classes allocate freely.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.stun;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
