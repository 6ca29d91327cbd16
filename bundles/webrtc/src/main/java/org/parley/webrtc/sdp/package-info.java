/**
 * Session descriptions (SDP, RFC 8866) with the attributes WebRTC negotiates (JSEP, RFC 8829, unified plan):
 * {@link org.parley.webrtc.sdp.SessionDescription#parse(String)} reads a browser's offer into a mutable model of
 * session and {@link org.parley.webrtc.sdp.MediaDescription media sections} with typed access to BUNDLE, ICE,
 * DTLS, codecs, header extensions, SSRCs and simulcast, and
 * {@link org.parley.webrtc.sdp.SessionDescription#write()} writes the SFU's own answers and offers. Attributes
 * the model does not interpret are kept verbatim; values are small records with their own parse and format.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.sdp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
