package org.parley.webrtc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the session level and a media section have in common: a connection line, bandwidth lines, lines kept but not
 * interpreted, and the attribute list with the typed attributes that may sit at either level (ICE credentials,
 * fingerprint, setup, direction). The attribute list is the one source of truth: typed getters read it, typed
 * setters rewrite it, and unknown attributes pass through untouched.
 *
 * <p>Attributes this package understands are checked when they are added, so a model never holds one its typed
 * getters cannot read; an invalid one is refused with {@link IllegalArgumentException}.
 */
public abstract sealed class Section permits SessionDescription, MediaDescription {
    private Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<Line> otherLines = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();

    Section() {
    }

    /** Line types {@link #addOtherLine} accepts here. */
    abstract String otherLineTypes();

    // ---- connection, bandwidth, other lines

    public Optional<Connection> connection() {
        return Optional.ofNullable(connection);
    }

    /** Sets or (with null) removes the c= line. */
    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    /** Read-only view of the b= lines. */
    public List<Bandwidth> bandwidths() {
        return Collections.unmodifiableList(bandwidths);
    }

    public void addBandwidth(Bandwidth bandwidth) {
        bandwidths.add(Objects.requireNonNull(bandwidth, "bandwidth"));
    }

    public void setBandwidths(List<Bandwidth> list) {
        List<Bandwidth> copy = List.copyOf(list);
        bandwidths.clear();
        bandwidths.addAll(copy);
    }

    /** Read-only view of the lines kept verbatim (i=, k=, and at session level u= e= p= r= z=), in written order. */
    public List<Line> otherLines() {
        return Collections.unmodifiableList(otherLines);
    }

    public void addOtherLine(Line line) {
        if (otherLineTypes().indexOf(line.type()) < 0) {
            throw new IllegalArgumentException(line.type() + "= lines are not allowed here");
        }
        // kept in written (RFC 8866) order, so that a model equals what its own text parses back to
        int rank = Line.SESSION_TYPES.indexOf(line.type());
        int at = otherLines.size();
        while (at > 0 && Line.SESSION_TYPES.indexOf(otherLines.get(at - 1).type()) > rank) {
            at--;
        }
        otherLines.add(at, line);
    }

    // ---- raw attributes

    /** Read-only view of the attributes in written order. */
    public List<Attribute> attributes() {
        return Collections.unmodifiableList(attributes);
    }

    /** The first attribute of that name. */
    public Optional<Attribute> attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The first value of that name; empty when absent or when it is a flag. */
    public Optional<String> attributeValue(String name) {
        return attribute(name).map(Attribute::value);
    }

    /** Every non-null value of that name, in order. */
    public List<String> attributeValues(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name) && a.value() != null) {
                out.add(a.value());
            }
        }
        return out;
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** Appends an attribute. */
    public void addAttribute(Attribute attribute) {
        attributes.add(checked(attribute));
    }

    /** Appends {@code a=name:value}, or the flag {@code a=name} when value is null. */
    public void addAttribute(String name, String value) {
        addAttribute(new Attribute(name, value));
    }

    /** Replaces all attributes. */
    public void setAttributes(List<Attribute> list) {
        List<Attribute> copy = List.copyOf(list);
        copy.forEach(Section::checked);
        attributes.clear();
        attributes.addAll(copy);
    }

    /**
     * Makes {@code a=name[:value]} the only attribute of that name: it takes the place of the first existing one
     * (so the written order stays stable) or is appended.
     */
    public void setAttribute(String name, String value) {
        replaceAll(List.of(name), List.of(new Attribute(name, value)));
    }

    /** Removes every attribute of that name; returns how many there were. */
    public int removeAttributes(String name) {
        int before = attributes.size();
        attributes.removeIf(a -> a.name().equals(name));
        return before - attributes.size();
    }

    /**
     * Replaces every attribute named in {@code names} with {@code replacement}, placed where the first of them was,
     * or appended when there was none.
     */
    void replaceAll(List<String> names, List<Attribute> replacement) {
        replacement.forEach(Section::checked);
        int at = -1;
        for (int i = 0; i < attributes.size(); i++) {
            if (names.contains(attributes.get(i).name())) {
                at = i;
                break;
            }
        }
        attributes.removeIf(a -> names.contains(a.name()));
        if (at < 0 || at > attributes.size()) {
            attributes.addAll(replacement);
        } else {
            attributes.addAll(at, replacement);
        }
    }

    void setFlag(String name, boolean on) {
        if (on) {
            if (!hasAttribute(name)) {
                attributes.add(Attribute.flag(name));
            }
        } else {
            removeAttributes(name);
        }
    }

    /** Adds during parsing, where the caller reports the problem with its line number. */
    void addParsed(Attribute attribute) {
        KnownAttributes.validate(attribute);
        attributes.add(attribute);
    }

    private static Attribute checked(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        KnownAttributes.validate(attribute);
        return attribute;
    }

    // ---- typed attributes valid at both levels

    public Optional<String> iceUfrag() {
        return attributeValue("ice-ufrag");
    }

    public void setIceUfrag(String ufrag) {
        setOrRemove("ice-ufrag", ufrag);
    }

    public Optional<String> icePwd() {
        return attributeValue("ice-pwd");
    }

    public void setIcePwd(String pwd) {
        setOrRemove("ice-pwd", pwd);
    }

    /** {@code a=ice-options:trickle renomination} as its options; empty when absent. */
    public List<String> iceOptions() {
        List<String> out = new ArrayList<>();
        attributeValues("ice-options").forEach(v -> out.addAll(Syntax.fields(v)));
        return out;
    }

    /** Writes {@code a=ice-options:} with these options, or removes it when there are none. */
    public void setIceOptions(List<String> options) {
        options.forEach(o -> Syntax.requireField("ice option", o));
        setOrRemove("ice-options", options.isEmpty() ? null : String.join(" ", options));
    }

    /** All fingerprints; RFC 8122 allows one per hash function. */
    public List<Fingerprint> fingerprints() {
        return attributeValues("fingerprint").stream().map(Fingerprint::parseUnchecked).toList();
    }

    public Optional<Fingerprint> fingerprint() {
        return attributeValue("fingerprint").map(Fingerprint::parseUnchecked);
    }

    /** Makes this the only fingerprint; null removes them all. */
    public void setFingerprint(Fingerprint fingerprint) {
        setOrRemove("fingerprint", fingerprint == null ? null : fingerprint.format());
    }

    public Optional<Setup> setup() {
        return attributeValue("setup").map(Setup::parseUnchecked);
    }

    /** Sets a=setup; null removes it. */
    public void setSetup(Setup setup) {
        setOrRemove("setup", setup == null ? null : setup.value());
    }

    /** The direction attribute written here, if any (the first, should there be several). */
    public Optional<Direction> directionAttribute() {
        for (Attribute a : attributes) {
            Optional<Direction> d = Direction.fromAttributeName(a.name());
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    /** Writes the direction flag in place of any existing one; null removes it. */
    public void setDirection(Direction direction) {
        List<String> names = List.of("sendrecv", "sendonly", "recvonly", "inactive");
        replaceAll(names, direction == null ? List.of() : List.of(Attribute.flag(direction.attributeName())));
    }

    /** {@code a=extmap-allow-mixed} (RFC 8285): one- and two-byte header extensions may be mixed. */
    public boolean extmapAllowMixed() {
        return hasAttribute("extmap-allow-mixed");
    }

    public void setExtmapAllowMixed(boolean allowMixed) {
        setFlag("extmap-allow-mixed", allowMixed);
    }

    void setOrRemove(String name, String value) {
        if (value == null) {
            removeAttributes(name);
        } else {
            setAttribute(name, value);
        }
    }

    // ---- writing and equality

    void writeCommon(StringBuilder out) {
        for (Line line : otherLines) {
            if (line.type() == 'i') {
                writeLine(out, line.format());
            }
        }
        writeBeforeConnection(out);
        if (connection != null) {
            writeLine(out, "c=" + connection.format());
        }
        for (Bandwidth b : bandwidths) {
            writeLine(out, "b=" + b.format());
        }
        writeBeforeKey(out);
        for (Line line : otherLines) {
            if (line.type() == 'k') {
                writeLine(out, line.format());
            }
        }
        for (Attribute a : attributes) {
            writeLine(out, "a=" + a.format());
        }
    }

    /** Lines the subclass writes between i= and c= (u=, e=, p= at session level). */
    void writeBeforeConnection(StringBuilder out) {
    }

    /** Lines the subclass writes between b= and k= (t=, r=, z= at session level). */
    void writeBeforeKey(StringBuilder out) {
    }

    void writeOtherLines(StringBuilder out, char type) {
        for (Line line : otherLines) {
            if (line.type() == type) {
                writeLine(out, line.format());
            }
        }
    }

    static void writeLine(StringBuilder out, String line) {
        out.append(line).append("\r\n");
    }

    boolean sameSection(Section other) {
        return Objects.equals(connection, other.connection) && bandwidths.equals(other.bandwidths)
                && otherLines.equals(other.otherLines) && attributes.equals(other.attributes);
    }

    int sectionHash() {
        return Objects.hash(connection, bandwidths, otherLines, attributes);
    }
}
