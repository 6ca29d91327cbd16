package org.parley.sfu.internal;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the one media port tells its peers apart: first by the local ICE username fragment of a STUN check,
 * then by the remote address that check came from (RFC 7983 demultiplexing of everything else).
 */
final class TransportRegistry {
    private final Map<String, MediaTransport> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, MediaTransport> byAddress = new ConcurrentHashMap<>();

    void register(String localUfrag, MediaTransport transport) {
        byUfrag.put(localUfrag, transport);
    }

    void unregisterUfrag(String localUfrag) {
        byUfrag.remove(localUfrag);
    }

    MediaTransport byUfrag(String localUfrag) {
        return byUfrag.get(localUfrag);
    }

    MediaTransport byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** Binds an address that passed a connectivity check; an address moves to whoever checked from it last. */
    void bind(InetSocketAddress address, MediaTransport transport) {
        byAddress.put(address, transport);
    }

    void remove(MediaTransport transport) {
        byUfrag.values().removeIf(t -> t == transport);
        byAddress.values().removeIf(t -> t == transport);
    }

    Collection<MediaTransport> transports() {
        return byUfrag.values();
    }

    int addresses() {
        return byAddress.size();
    }
}
