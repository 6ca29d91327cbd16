/**
 * RTCP (RFC 3550) with the feedback messages a WebRTC SFU handles: generic NACK and transport-wide congestion control
 * (RFC 4585), PLI and FIR (RFC 5104) and REMB (draft-alvestrand-rmcat-remb). {@link
 * org.parley.webrtc.rtcp.RtcpCompound} validates a compound packet and reports its contents to an {@link
 * org.parley.webrtc.rtcp.RtcpVisitor}, and {@link org.parley.webrtc.rtcp.RtcpWriter} writes packets into a caller's
 * buffer; neither allocates.
 */
@Export
@Version("0.1.0")
package org.parley.webrtc.rtcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
