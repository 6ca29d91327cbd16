package org.parley.client.load;

import java.util.OptionalDouble;

/** A conferencing server the load generator drives. */
public interface ConferenceTarget extends AutoCloseable {

    /** A short name for reports ({@code parley}, {@code janus}). */
    String name();

    /** Creates a room for one meeting of the load; returns its id. */
    String createRoom(String title) throws Exception;

    /** Joins a room as one participant: signaling connected, nothing negotiated yet. */
    TargetParticipant join(String roomId, String displayName) throws Exception;

    /** CPU seconds the server process has used so far, when the target can tell; read before and after a run. */
    default OptionalDouble serverCpuSeconds() {
        return OptionalDouble.empty();
    }

    /** The server process's resident memory in bytes, when the target can tell. */
    default OptionalDouble serverResidentBytes() {
        return OptionalDouble.empty();
    }

    /**
     * RTP packets the server has forwarded to subscribers so far, when the target can tell (Parley:
     * {@code parley_sfu_rtp_forwarded_total}); with {@link #serverCpuSeconds} it gives CPU time per forwarded packet.
     */
    default OptionalDouble serverForwardedPackets() {
        return OptionalDouble.empty();
    }

    /**
     * Whether {@link #serverForwardedPackets} may be read every second for the progress lines without loading
     * the server it measures; when not, it is read only at the start and the end of a run.
     */
    default boolean serverForwardedPacketsCheap() {
        return true;
    }

    @Override
    void close() throws Exception;
}
