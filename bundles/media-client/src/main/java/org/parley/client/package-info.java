/**
 * A WebRTC peer connection in plain Java, the client side of what the SFU serves: {@link
 * org.parley.client.MediaClientPeer} writes the publish offer or the subscribe answer, runs ICE as the controlling
 * agent against the SFU's single host candidate, DTLS as client and SRTP; {@link
 * org.parley.client.SyntheticPublisher} sends Opus-like audio and VP8-like video that carry a send time and a
 * counter, and {@link org.parley.client.MediaReceiver} measures what arrives and sends the receiver's RTCP. Built
 * for load generation and end-to-end tests without a browser; it binds to the addresses it is given (loopback by
 * default) and never decodes media.
 */
@Export
@Version("0.1.0")
package org.parley.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
