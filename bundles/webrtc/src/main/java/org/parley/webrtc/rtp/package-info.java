/**
 * RTP (RFC 3550) on the media hot path: {@link org.parley.webrtc.rtp.RtpPacket} reads, checks and rewrites packet
 * headers in place over {@code (byte[] buf, int off, int len)}, {@link org.parley.webrtc.rtp.HeaderExtensions} finds
 * and remaps RFC 8285 header extensions, {@link org.parley.webrtc.rtp.Rtx} wraps and unwraps RFC 4588
 * retransmissions, and {@link org.parley.webrtc.rtp.SequenceNumbers} compares 16-bit sequence numbers across
 * wrap-around. Nothing here allocates per packet; malformed packets give -1, false or {@link
 * org.parley.webrtc.rtp.RtpException}, never an index exception.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.rtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
