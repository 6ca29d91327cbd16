package org.parley.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast:send q;h;f recv a,b} (RFC 8853). Each direction is a list of streams separated by ';'; each
 * stream is a list of alternative rids separated by ','; a rid written {@code ~q} starts paused. Either list may be
 * empty, not both.
 */
public record Simulcast(List<List<Alternative>> send, List<List<Alternative>> recv) {

    /** One rid choice within a simulcast stream. */
    public record Alternative(String rid, boolean paused) {
        public Alternative {
            Rid.requireRidId(rid);
        }

        public String format() {
            return paused ? "~" + rid : rid;
        }
    }

    public Simulcast {
        send = copy(send);
        recv = copy(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("simulcast needs a send or a recv list");
        }
    }

    /** Simulcast sending one stream per rid, none paused: {@code send q;h;f}. */
    public static Simulcast sending(List<String> rids) {
        return new Simulcast(rids.stream().map(r -> List.of(new Alternative(r, false))).toList(), List.of());
    }

    /** Simulcast receiving one stream per rid, none paused: {@code recv q;h;f}, what an SFU answers. */
    public static Simulcast receiving(List<String> rids) {
        return new Simulcast(List.of(), rids.stream().map(r -> List.of(new Alternative(r, false))).toList());
    }

    private static List<List<Alternative>> copy(List<List<Alternative>> streams) {
        if (streams == null) {
            return List.of();
        }
        List<List<Alternative>> out = new ArrayList<>();
        for (List<Alternative> stream : streams) {
            if (stream.isEmpty()) {
                throw new IllegalArgumentException("simulcast stream without rids");
            }
            out.add(List.copyOf(stream));
        }
        return List.copyOf(out);
    }

    /** Every rid in the send list, in order, alternatives included. */
    public List<String> sendRids() {
        return send.stream().flatMap(List::stream).map(Alternative::rid).toList();
    }

    /** Every rid in the recv list, in order, alternatives included. */
    public List<String> recvRids() {
        return recv.stream().flatMap(List::stream).map(Alternative::rid).toList();
    }

    public static Simulcast parse(String value) throws SdpException {
        return Syntax.parsing(value, Simulcast::parseUnchecked);
    }

    static Simulcast parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() != 2 && f.size() != 4) {
            throw new IllegalArgumentException("simulcast needs send/recv followed by a rid list, once or twice");
        }
        List<List<Alternative>> send = null;
        List<List<Alternative>> recv = null;
        for (int i = 0; i < f.size(); i += 2) {
            List<List<Alternative>> streams = parseStreams(f.get(i + 1));
            switch (f.get(i)) {
                case "send" -> {
                    if (send != null) {
                        throw new IllegalArgumentException("simulcast has two send lists");
                    }
                    send = streams;
                }
                case "recv" -> {
                    if (recv != null) {
                        throw new IllegalArgumentException("simulcast has two recv lists");
                    }
                    recv = streams;
                }
                default -> throw new IllegalArgumentException("simulcast direction must be send or recv, got "
                        + Syntax.quote(f.get(i)));
            }
        }
        return new Simulcast(send, recv);
    }

    private static List<List<Alternative>> parseStreams(String list) {
        List<List<Alternative>> streams = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<Alternative> alternatives = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                alternatives.add(new Alternative(paused ? alt.substring(1) : alt, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) {
            sb.append("send ").append(formatStreams(send));
        }
        if (!recv.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("recv ").append(formatStreams(recv));
        }
        return sb.toString();
    }

    private static String formatStreams(List<List<Alternative>> streams) {
        StringBuilder sb = new StringBuilder();
        for (List<Alternative> stream : streams) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            for (int i = 0; i < stream.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(stream.get(i).format());
            }
        }
        return sb.toString();
    }
}
