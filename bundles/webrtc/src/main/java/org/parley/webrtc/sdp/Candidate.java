package org.parley.webrtc.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ICE candidate (RFC 8839 section 5.1), the value of {@code a=candidate:} and of trickled candidates:
 * {@code <foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a>] [rport <p>]
 * *(<name> <value>)}. The name/value pairs after the type ({@code generation 0}, {@code tcptype passive},
 * {@code network-id 1}) are kept in {@code extensions} in their written order; {@code relatedAddress} and
 * {@code relatedPort} are null when absent.
 */
public record Candidate(String foundation, int component, String transport, long priority, String address, int port,
        String type, String relatedAddress, Integer relatedPort, Map<String, String> extensions) {

    public Candidate {
        Syntax.requireField("candidate foundation", foundation);
        if (foundation.length() > 32) {
            throw new IllegalArgumentException("candidate foundation is longer than 32 characters");
        }
        if (component < 1 || component > 256) {
            throw new IllegalArgumentException("candidate component must be 1..256, got " + component);
        }
        Syntax.requireField("candidate transport", transport);
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("candidate priority must be 0..4294967295, got " + priority);
        }
        Syntax.requireField("candidate address", address);
        requirePort("candidate port", port);
        Syntax.requireField("candidate type", type);
        if (relatedAddress != null) {
            Syntax.requireField("candidate raddr", relatedAddress);
        }
        if (relatedPort != null) {
            requirePort("candidate rport", relatedPort);
        }
        Map<String, String> ext = new LinkedHashMap<>();
        if (extensions != null) {
            extensions.forEach((k, v) -> {
                Syntax.requireField("candidate extension name", k);
                Syntax.requireField("candidate extension value", v);
                if (k.equals("raddr") || k.equals("rport") || k.equals("typ")) {
                    throw new IllegalArgumentException("candidate extension must not be named " + k);
                }
                ext.put(k, v);
            });
        }
        extensions = Collections.unmodifiableMap(ext);
    }

    /** A candidate with no related address and no extensions, such as the host candidate of an SFU. */
    public Candidate(String foundation, int component, String transport, long priority, String address, int port,
            String type) {
        this(foundation, component, transport, priority, address, port, type, null, null, Map.of());
    }

    private static void requirePort(String what, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 0..65535, got " + port);
        }
    }

    /**
     * The RFC 8445 section 5.1.2.1 priority: {@code 2^24 * type preference + 2^8 * local preference + (256 - component)}.
     * Type preference 126 is the usual one for host candidates.
     */
    public static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** {@code tcptype} of a TCP candidate (active, passive, so). */
    public Optional<String> tcpType() {
        return Optional.ofNullable(extensions.get("tcptype"));
    }

    /**
     * Reads a candidate value; the {@code candidate:} prefix that trickled candidates carry
     * (RTCIceCandidate.candidate) is accepted and ignored.
     */
    public static Candidate parse(String value) throws SdpException {
        return Syntax.parsing(value, Candidate::parseUnchecked);
    }

    static Candidate parseUnchecked(String value) {
        String text = value.startsWith("candidate:") ? value.substring("candidate:".length()) : value;
        List<String> f = Syntax.fields(text);
        if (f.size() < 8) {
            throw new IllegalArgumentException("candidate needs at least 8 fields, got " + f.size());
        }
        if (!f.get(6).equals("typ")) {
            throw new IllegalArgumentException("candidate needs 'typ' as its 7th field, got " + Syntax.quote(f.get(6)));
        }
        if ((f.size() - 8) % 2 != 0) {
            throw new IllegalArgumentException("candidate extension " + Syntax.quote(f.get(f.size() - 1))
                    + " has no value");
        }
        String relatedAddress = null;
        Integer relatedPort = null;
        Map<String, String> extensions = new LinkedHashMap<>();
        for (int i = 8; i < f.size(); i += 2) {
            String name = f.get(i);
            String v = f.get(i + 1);
            switch (name) {
                case "raddr" -> relatedAddress = v;
                case "rport" -> relatedPort = Syntax.parseInt("candidate rport", v, 0, 65535);
                default -> {
                    if (extensions.putIfAbsent(name, v) != null) {
                        throw new IllegalArgumentException("candidate extension " + Syntax.quote(name) + " appears twice");
                    }
                }
            }
        }
        return new Candidate(f.get(0),
                Syntax.parseInt("candidate component", f.get(1), 1, 256),
                f.get(2),
                Syntax.parseNumber("candidate priority", f.get(3), 0, 0xFFFF_FFFFL),
                f.get(4),
                Syntax.parseInt("candidate port", f.get(5), 0, 65535),
                f.get(7), relatedAddress, relatedPort, extensions);
    }

    /** The attribute value, without the {@code candidate:} prefix. */
    public String format() {
        StringBuilder sb = new StringBuilder()
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        extensions.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
        return sb.toString();
    }
}
