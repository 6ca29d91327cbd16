package org.parley.webrtc.dtls;

/** Which side of the DTLS handshake we play (SDP {@code a=setup}: passive is SERVER, active is CLIENT). */
public enum DtlsRole {
    SERVER,
    CLIENT
}
