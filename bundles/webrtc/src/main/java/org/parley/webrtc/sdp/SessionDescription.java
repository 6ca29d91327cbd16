package org.parley.webrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session description (RFC 8866) with the attributes WebRTC uses (JSEP, RFC 8829): parsed from a browser's offer
 * or answer, or built in code, and written back as text.
 *
 * <p>{@link #write()} puts lines in the RFC 8866 order (v o s i u e p c b t r z k a, then each media section's
 * m i c b k a) with CRLF endings. Attributes keep their order and text, so writing what was parsed reproduces
 * a conforming input; and any model written and parsed again is {@link #equals equal} to itself.
 *
 * <p>Not thread-safe.
 */
public final class SessionDescription extends Section {
    /** Longest text {@link #parse} reads. Browser offers are a few KiB; this bounds what a peer can make us hold. */
    public static final int MAX_LENGTH = 256 * 1024;

    private static final String LINE_TYPES = "vosiuepcbtrzkam";

    private Origin origin;
    private String sessionName;
    private Timing timing = Timing.UNBOUNDED;
    private final List<MediaDescription> media = new ArrayList<>();

    private SessionDescription(Origin origin, String sessionName) {
        setOrigin(origin);
        setSessionName(sessionName);
    }

    /** An empty description as an SFU starts its offer or answer: {@code o=- id version IN IP4 127.0.0.1, s=-, t=0 0}. */
    public static SessionDescription create(long sessionId, long sessionVersion) {
        return new SessionDescription(Origin.of(sessionId, sessionVersion), "-");
    }

    @Override
    String otherLineTypes() {
        return Line.SESSION_TYPES;
    }

    // ---- parsing

    /**
     * Reads SDP text. Lines may end in CRLF or LF, the last one may lack its newline, and empty lines are skipped.
     * The text must start {@code v=0}, {@code o=}, {@code s=}; line types are those of RFC 8866; each session and
     * media section has at most one c= line and the session one t= line (absent means {@code t=0 0}). Attributes
     * this package understands must be well-formed; others are kept verbatim.
     *
     * @throws SdpException naming the line, for anything else
     */
    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException(0, "SDP is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException(0, "SDP is " + sdp.length() + " characters long, more than the " + MAX_LENGTH
                    + " accepted");
        }
        return new Parser(sdp).parse();
    }

    /** One pass over the lines, tracking which section they belong to. */
    private static final class Parser {
        private final String text;
        private int position;
        private int lineNumber;
        private SessionDescription session;
        private MediaDescription current;
        private boolean sawTiming;
        /** How many of v=, o=, s= have been read; they must come first and in that order. */
        private int header;

        Parser(String text) {
            this.text = text;
        }

        SessionDescription parse() throws SdpException {
            String line;
            Origin origin = null;
            while ((line = nextLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != '=') {
                    throw error("expected <type>=<value>, got " + Syntax.quote(line));
                }
                char type = line.charAt(0);
                if (LINE_TYPES.indexOf(type) < 0) {
                    throw error("unknown line type '" + printable(type) + "'");
                }
                String value = line.substring(2);
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c == '\r' || c == 0) {
                        throw error("line contains a " + (c == 0 ? "NUL" : "stray CR") + " character");
                    }
                }
                if (header < 3) {
                    char expected = "vos".charAt(header);
                    if (type != expected) {
                        throw error(header == 0 ? "SDP must start with v=0" : "expected " + expected + "= line, got "
                                + type + "=");
                    }
                    switch (type) {
                        case 'v' -> {
                            if (!value.equals("0")) {
                                throw error("only v=0 is supported, got v=" + Syntax.quote(value));
                            }
                        }
                        case 'o' -> origin = run(() -> Origin.parseUnchecked(value));
                        default -> {
                            Origin o = origin;
                            session = run(() -> new SessionDescription(o, value));
                        }
                    }
                    header++;
                    continue;
                }
                if (current == null) {
                    sessionLine(type, value);
                } else {
                    mediaLine(type, value);
                }
            }
            if (header < 3) {
                throw new SdpException(0, "SDP ends before its " + "vos".charAt(header) + "= line");
            }
            return session;
        }

        private void sessionLine(char type, String value) throws SdpException {
            switch (type) {
                case 'v', 'o', 's' -> throw error(type + "= line appears twice");
                case 'c' -> {
                    if (session.connection().isPresent()) {
                        throw error("session has two c= lines");
                    }
                    session.setConnection(run(() -> Connection.parseUnchecked(value)));
                }
                case 'b' -> session.addBandwidth(run(() -> Bandwidth.parseUnchecked(value)));
                case 't' -> {
                    if (sawTiming) {
                        throw error("more than one t= line is not supported");
                    }
                    sawTiming = true;
                    session.setTiming(run(() -> Timing.parseUnchecked(value)));
                }
                case 'a' -> {
                    Attribute a = run(() -> parseAttribute(value));
                    run(() -> {
                        session.addParsed(a);
                        return null;
                    });
                }
                case 'm' -> startMedia(value);
                default -> session.addOtherLine(run(() -> new Line(type, value)));
            }
        }

        private void mediaLine(char type, String value) throws SdpException {
            switch (type) {
                case 'm' -> startMedia(value);
                case 'c' -> {
                    if (current.connection().isPresent()) {
                        throw error("media section has two c= lines");
                    }
                    current.setConnection(run(() -> Connection.parseUnchecked(value)));
                }
                case 'b' -> current.addBandwidth(run(() -> Bandwidth.parseUnchecked(value)));
                case 'a' -> {
                    Attribute a = run(() -> parseAttribute(value));
                    run(() -> {
                        current.addParsed(a);
                        return null;
                    });
                }
                case 'i', 'k' -> current.addOtherLine(run(() -> new Line(type, value)));
                default -> throw error(type + "= line is not allowed inside a media section");
            }
        }

        private void startMedia(String value) throws SdpException {
            current = run(() -> MediaDescription.parseMediaLine(value));
            session.addMedia(current);
        }

        private static Attribute parseAttribute(String value) {
            int colon = value.indexOf(':');
            return colon < 0 ? new Attribute(value, null)
                    : new Attribute(value.substring(0, colon), value.substring(colon + 1));
        }

        /** The next line without its LF or CRLF, or null at the end. */
        private String nextLine() {
            if (position >= text.length()) {
                return null;
            }
            lineNumber++;
            int end = text.indexOf('\n', position);
            String line;
            if (end < 0) {
                line = text.substring(position);
                position = text.length();
            } else {
                line = text.substring(position, end);
                position = end + 1;
            }
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }

        private interface Step<T> {
            T get();
        }

        /** Runs a value parser, turning its IllegalArgumentException into an SdpException on this line. */
        private <T> T run(Step<T> step) throws SdpException {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private SdpException error(String detail) {
            return new SdpException(lineNumber, detail);
        }

        private static String printable(char c) {
            return c >= ' ' && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
        }
    }

    // ---- session fields

    public Origin origin() {
        return origin;
    }

    public void setOrigin(Origin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** The s= text; "-" in WebRTC. */
    public String sessionName() {
        return sessionName;
    }

    public void setSessionName(String sessionName) {
        this.sessionName = Syntax.requireText("s= session name", sessionName);
    }

    public Timing timing() {
        return timing;
    }

    public void setTiming(Timing timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    // ---- media sections

    /** Read-only view of the media sections in order. */
    public List<MediaDescription> media() {
        return Collections.unmodifiableList(media);
    }

    /** Appends a media section; it then falls back to this session in its {@code effective...} getters. */
    public void addMedia(MediaDescription section) {
        section.attach(this);
        media.add(section);
    }

    public boolean removeMedia(MediaDescription section) {
        boolean removed = media.remove(section);
        if (removed && !media.contains(section)) {
            section.detach();
        }
        return removed;
    }

    /** The section with that a=mid. */
    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }

    // ---- session-level attributes

    /** All a=group lines. */
    public List<Group> groups() {
        return attributeValues("group").stream().map(Group::parseUnchecked).toList();
    }

    /** The mids of the first group with this semantics ({@code group("BUNDLE")}); empty when there is none. */
    public List<String> group(String semantics) {
        return groups().stream().filter(g -> g.semantics().equals(semantics)).findFirst().map(Group::mids)
                .orElse(List.of());
    }

    public void addGroup(Group group) {
        addAttribute("group", group.format());
    }

    /**
     * {@code a=msid-semantic: WMS} (as Chrome writes it, with a space) trimmed: "WMS", or "WMS stream..." from
     * older browsers.
     */
    public Optional<String> msidSemantic() {
        return attributeValue("msid-semantic").map(String::strip);
    }

    /** Writes {@code a=msid-semantic: <value>} in Chrome's spelling; null removes it. */
    public void setMsidSemantic(String value) {
        setOrRemove("msid-semantic", value == null ? null : " " + value);
    }

    /** {@code a=ice-lite} (RFC 8445): this side only answers connectivity checks, as an SFU with public ports does. */
    public boolean iceLite() {
        return hasAttribute("ice-lite");
    }

    public void setIceLite(boolean on) {
        setFlag("ice-lite", on);
    }

    // ---- writing and equality

    /** The whole description as CRLF-terminated lines. */
    public String write() {
        StringBuilder out = new StringBuilder(1024 + 2048 * media.size());
        writeLine(out, "v=0");
        writeLine(out, "o=" + origin.format());
        writeLine(out, "s=" + sessionName);
        writeCommon(out);
        for (MediaDescription m : media) {
            m.writeTo(out);
        }
        return out.toString();
    }

    @Override
    void writeBeforeConnection(StringBuilder out) {
        writeOtherLines(out, 'u');
        writeOtherLines(out, 'e');
        writeOtherLines(out, 'p');
    }

    @Override
    void writeBeforeKey(StringBuilder out) {
        writeLine(out, "t=" + timing.format());
        writeOtherLines(out, 'r');
        writeOtherLines(out, 'z');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDescription s && origin.equals(s.origin) && sessionName.equals(s.sessionName)
                && timing.equals(s.timing) && sameSection(s) && media.equals(s.media);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, sessionName, timing, sectionHash(), media);
    }

    @Override
    public String toString() {
        return write();
    }
}
