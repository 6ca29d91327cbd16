package org.parley.webrtc.dtls;

import java.io.IOException;

/** Where a {@link DtlsTransport} sends its outgoing datagrams (one DTLS datagram per call). */
@FunctionalInterface
public interface DatagramSender {
    /**
     * Sends one datagram. The bytes are only valid during the call: copy them when queueing.
     *
     * @throws IOException when the datagram cannot be sent; a failed send during the handshake is
     *     retried by the handshake's own retransmission
     */
    void send(byte[] buf, int off, int len) throws IOException;
}
