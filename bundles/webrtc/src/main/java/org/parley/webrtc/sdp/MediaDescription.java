package org.parley.webrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One media section: the {@code m=} line and what follows it up to the next. Typed getters read the attribute
 * list on each call; the {@code effective...} getters fall back to the session level, where RFC 8866 and JSEP
 * allow ICE, DTLS and direction attributes to be written once for all sections.
 *
 * <p>Equality covers the m= line, c=, b=, kept lines and the attribute list, not the session it belongs to.
 */
public final class MediaDescription extends Section {
    /** Payload types that need no rtpmap (RFC 3551), the ones browsers still offer. */
    private static final Map<Integer, Codec> STATIC_PAYLOAD_TYPES = Map.of(
            0, new Codec(0, "PCMU", 8000, 0),
            8, new Codec(8, "PCMA", 8000, 0),
            9, new Codec(9, "G722", 8000, 0),
            13, new Codec(13, "CN", 8000, 0));

    private String kind;
    private int port;
    private int numberOfPorts = 1;
    private String proto;
    private final List<String> formats = new ArrayList<>();
    private SessionDescription session;

    private MediaDescription(String kind, int port, String proto, List<String> formats) {
        setKind(kind);
        setPort(port);
        setProto(proto, formats);
    }

    /**
     * A media section with no attributes yet, e.g. {@code create("video", 9, "UDP/TLS/RTP/SAVPF", List.of("96",
     * "97"))}; {@link #addCodec} also adds its payload type to the formats, so the list may start empty.
     */
    public static MediaDescription create(String kind, int port, String proto, List<String> formats) {
        return new MediaDescription(kind, port, proto, formats);
    }

    /** Parses an {@code m=} value: {@code <media> <port>[/<count>] <proto> <fmt> ...}. */
    static MediaDescription parseMediaLine(String value) {
        List<String> f = Syntax.fields(value);
        if (f.size() < 4) {
            throw new IllegalArgumentException("m= line needs at least 4 fields, got " + f.size());
        }
        String portField = f.get(1);
        int count = 1;
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            count = Syntax.parseInt("m= number of ports", portField.substring(slash + 1), 1, 65535);
            portField = portField.substring(0, slash);
        }
        MediaDescription m = new MediaDescription(f.get(0), Syntax.parseInt("m= port", portField, 0, 65535), f.get(2),
                f.subList(3, f.size()));
        m.numberOfPorts = count;
        return m;
    }

    @Override
    String otherLineTypes() {
        return Line.MEDIA_TYPES;
    }

    // ---- the m= line

    /** "audio", "video", "application". */
    public String kind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = Syntax.requireToken("m= media", kind);
    }

    /** The port; 9 (discard) under ICE, 0 for a rejected or stopped section. */
    public int port() {
        return port;
    }

    public void setPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("m= port must be 0..65535, got " + port);
        }
        this.port = port;
    }

    /** The {@code /<count>} after the port; 1 when absent (and then not written). */
    public int numberOfPorts() {
        return numberOfPorts;
    }

    /** "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP". */
    public String proto() {
        return proto;
    }

    /** Read-only copy of the formats: payload type numbers for RTP, e.g. "webrtc-datachannel" for SCTP. */
    public List<String> formats() {
        return List.copyOf(formats);
    }

    public void setFormats(List<String> list) {
        setProto(proto, list);
    }

    private void setProto(String proto, List<String> list) {
        Syntax.requireField("m= proto", proto);
        List<String> copy = List.copyOf(list);
        boolean rtp = isRtp(proto);
        for (String format : copy) {
            if (rtp) {
                Syntax.parseInt("m= payload type", format, 0, 127);
            } else {
                Syntax.requireField("m= format", format);
            }
        }
        this.proto = proto;
        formats.clear();
        formats.addAll(copy);
    }

    /** Whether the formats are RTP payload types (RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF and the like). */
    public boolean isRtp() {
        return isRtp(proto);
    }

    private static boolean isRtp(String proto) {
        return proto.contains("RTP/");
    }

    // ---- session link and fallbacks

    /** The session this section belongs to, once added with {@link SessionDescription#addMedia}. */
    public Optional<SessionDescription> session() {
        return Optional.ofNullable(session);
    }

    void attach(SessionDescription owner) {
        if (session != null && session != owner) {
            throw new IllegalStateException("media section already belongs to another session description");
        }
        session = owner;
    }

    void detach() {
        session = null;
    }

    public Optional<String> effectiveIceUfrag() {
        return iceUfrag().or(() -> session().flatMap(Section::iceUfrag));
    }

    public Optional<String> effectiveIcePwd() {
        return icePwd().or(() -> session().flatMap(Section::icePwd));
    }

    public List<String> effectiveIceOptions() {
        List<String> own = iceOptions();
        return !own.isEmpty() || session == null ? own : session.iceOptions();
    }

    public List<Fingerprint> effectiveFingerprints() {
        List<Fingerprint> own = fingerprints();
        return !own.isEmpty() || session == null ? own : session.fingerprints();
    }

    public Optional<Fingerprint> effectiveFingerprint() {
        return fingerprint().or(() -> session().flatMap(Section::fingerprint));
    }

    public Optional<Setup> effectiveSetup() {
        return setup().or(() -> session().flatMap(Section::setup));
    }

    public Optional<Connection> effectiveConnection() {
        return connection().or(() -> session().flatMap(Section::connection));
    }

    /** This section's direction, else the session-level one, else sendrecv (RFC 8866 section 6.7). */
    public Direction effectiveDirection() {
        return directionAttribute().or(() -> session().flatMap(Section::directionAttribute))
                .orElse(Direction.SENDRECV);
    }

    public boolean effectiveExtmapAllowMixed() {
        return extmapAllowMixed() || session != null && session.extmapAllowMixed();
    }

    // ---- typed media attributes

    public Optional<String> mid() {
        return attributeValue("mid");
    }

    /** Sets a=mid; null removes it. */
    public void setMid(String mid) {
        setOrRemove("mid", mid);
    }

    /** The direction attribute of this section, sendrecv when there is none. See {@link #effectiveDirection()}. */
    public Direction direction() {
        return directionAttribute().orElse(Direction.SENDRECV);
    }

    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    public void setRtcpMux(boolean on) {
        setFlag("rtcp-mux", on);
    }

    /** {@code a=rtcp-rsize} (RFC 5506): reduced-size RTCP allowed. */
    public boolean rtcpRsize() {
        return hasAttribute("rtcp-rsize");
    }

    public void setRtcpRsize(boolean on) {
        setFlag("rtcp-rsize", on);
    }

    public List<Candidate> candidates() {
        return attributeValues("candidate").stream().map(Candidate::parseUnchecked).toList();
    }

    public void addCandidate(Candidate candidate) {
        addAttribute("candidate", candidate.format());
    }

    /** {@code a=end-of-candidates} (RFC 8838): no more candidates will trickle for this section. */
    public boolean endOfCandidates() {
        return hasAttribute("end-of-candidates");
    }

    public void setEndOfCandidates(boolean on) {
        setFlag("end-of-candidates", on);
    }

    /**
     * The codecs in the order of the m= line's formats, each from its rtpmap, fmtp and rtcp-fb lines
     * ({@code a=rtcp-fb:*} applies to all). A payload type without rtpmap is left out unless it is one of the static
     * ones browsers offer (0 PCMU, 8 PCMA, 9 G722, 13 CN). Empty for sections that are not RTP.
     */
    public List<Codec> codecs() {
        if (!isRtp()) {
            return List.of();
        }
        Map<Integer, Codec.RtpMap> rtpmaps = new LinkedHashMap<>();
        Map<Integer, String> fmtps = new LinkedHashMap<>();
        Map<Integer, List<String>> feedback = new LinkedHashMap<>();
        List<String> wildcardFeedback = new ArrayList<>();
        for (Attribute a : attributes()) {
            switch (a.name()) {
                case "rtpmap" -> {
                    Codec.RtpMap map = Codec.parseRtpmap(a.value());
                    rtpmaps.putIfAbsent(map.payloadType(), map);
                }
                case "fmtp" -> {
                    Codec.FormatValue fv = Codec.splitFormat("fmtp", a.value(), false);
                    fmtps.putIfAbsent(Integer.parseInt(fv.format()), fv.rest());
                }
                case "rtcp-fb" -> {
                    Codec.FormatValue fv = Codec.splitFormat("rtcp-fb", a.value(), true);
                    String value = fv.rest().strip();
                    if (fv.format().equals("*")) {
                        wildcardFeedback.add(value);
                    } else {
                        feedback.computeIfAbsent(Integer.parseInt(fv.format()), k -> new ArrayList<>()).add(value);
                    }
                }
                default -> {
                }
            }
        }
        List<Codec> out = new ArrayList<>();
        for (String format : formats) {
            int pt = Integer.parseInt(format);
            Codec.RtpMap map = rtpmaps.get(pt);
            Codec base = map != null ? new Codec(pt, map.name(), map.clockRate(), map.channels())
                    : STATIC_PAYLOAD_TYPES.get(pt);
            if (base == null) {
                continue;
            }
            List<String> fb = new ArrayList<>(feedback.getOrDefault(pt, List.of()));
            fb.addAll(wildcardFeedback);
            out.add(new Codec(pt, base.name(), base.clockRate(), base.channels(), fmtps.get(pt), fb));
        }
        return out;
    }

    public Optional<Codec> codec(int payloadType) {
        return codecs().stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    /** The RTX codec whose {@code apt=} is this payload type (RFC 4588). */
    public Optional<Codec> rtxFor(int payloadType) {
        return codecs().stream()
                .filter(c -> c.isRtx() && c.associatedPayloadType().orElse(-1) == payloadType)
                .findFirst();
    }

    /**
     * Appends the codec's rtpmap, fmtp (when not null) and rtcp-fb lines, and its payload type to the formats when it
     * is not there yet.
     */
    public void addCodec(Codec codec) {
        if (!isRtp()) {
            throw new IllegalStateException("codecs need an RTP proto, this section is " + proto);
        }
        String pt = Integer.toString(codec.payloadType());
        addAttribute("rtpmap", codec.formatRtpmap());
        if (codec.fmtp() != null) {
            addAttribute("fmtp", pt + " " + codec.fmtp());
        }
        for (String fb : codec.feedback()) {
            addAttribute("rtcp-fb", pt + " " + fb);
        }
        if (!formats.contains(pt)) {
            formats.add(pt);
        }
    }

    public List<Extmap> extmaps() {
        return attributeValues("extmap").stream().map(Extmap::parseUnchecked).toList();
    }

    /** The id negotiated for an extension URI. */
    public OptionalInt extmapId(String uri) {
        return extmaps().stream().filter(e -> e.uri().equals(uri)).mapToInt(Extmap::id).findFirst();
    }

    public void addExtmap(Extmap extmap) {
        addAttribute("extmap", extmap.format());
    }

    public List<SsrcAttribute> ssrcs() {
        return attributeValues("ssrc").stream().map(SsrcAttribute::parseUnchecked).toList();
    }

    public void addSsrc(SsrcAttribute ssrc) {
        addAttribute("ssrc", ssrc.format());
    }

    public void addSsrc(long ssrc, String name, String value) {
        addSsrc(new SsrcAttribute(ssrc, name, value));
    }

    public List<SsrcGroup> ssrcGroups() {
        return attributeValues("ssrc-group").stream().map(SsrcGroup::parseUnchecked).toList();
    }

    public void addSsrcGroup(SsrcGroup group) {
        addAttribute("ssrc-group", group.format());
    }

    /** The first a=msid; see {@link #msids()} for a track in several streams. */
    public Optional<Msid> msid() {
        return attributeValue("msid").map(Msid::parseUnchecked);
    }

    public List<Msid> msids() {
        return attributeValues("msid").stream().map(Msid::parseUnchecked).toList();
    }

    /** Makes this the only a=msid; null removes it. */
    public void setMsid(Msid msid) {
        setOrRemove("msid", msid == null ? null : msid.format());
    }

    public List<Rid> rids() {
        return attributeValues("rid").stream().map(Rid::parseUnchecked).toList();
    }

    public void addRid(Rid rid) {
        addAttribute("rid", rid.format());
    }

    public Optional<Simulcast> simulcast() {
        return attributeValue("simulcast").map(Simulcast::parseUnchecked);
    }

    /** Sets a=simulcast; null removes it. */
    public void setSimulcast(Simulcast simulcast) {
        setOrRemove("simulcast", simulcast == null ? null : simulcast.format());
    }

    /** {@code a=sctp-port} of a data channel section (RFC 8841). */
    public OptionalInt sctpPort() {
        return attributeValue("sctp-port").map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    /** {@code a=max-message-size} of a data channel section (RFC 8841). */
    public OptionalLong maxMessageSize() {
        return attributeValue("max-message-size").map(v -> OptionalLong.of(Long.parseLong(v)))
                .orElse(OptionalLong.empty());
    }

    // ---- writing and equality

    void writeTo(StringBuilder out) {
        StringBuilder m = new StringBuilder("m=").append(kind).append(' ').append(port);
        if (numberOfPorts != 1) {
            m.append('/').append(numberOfPorts);
        }
        m.append(' ').append(proto);
        for (String format : formats) {
            m.append(' ').append(format);
        }
        writeLine(out, m.toString());
        writeCommon(out);
    }

    /** The section alone, CRLF-terminated lines from m= on. */
    public String write() {
        StringBuilder out = new StringBuilder();
        writeTo(out);
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MediaDescription m && kind.equals(m.kind) && port == m.port
                && numberOfPorts == m.numberOfPorts && proto.equals(m.proto) && formats.equals(m.formats)
                && sameSection(m);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, port, numberOfPorts, proto, formats, sectionHash());
    }

    @Override
    public String toString() {
        return write();
    }
}
