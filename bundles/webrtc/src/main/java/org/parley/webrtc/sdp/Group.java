package org.parley.webrtc.sdp;

import java.util.List;

/** {@code a=group:BUNDLE 0 1 2} (RFC 5888): media sections, by mid, that share a semantics. */
public record Group(String semantics, List<String> mids) {
    public Group {
        Syntax.requireToken("group semantics", semantics);
        mids = List.copyOf(mids);
        mids.forEach(m -> Syntax.requireToken("group mid", m));
    }

    public static Group parse(String value) throws SdpException {
        return Syntax.parsing(value, Group::parseUnchecked);
    }

    static Group parseUnchecked(String value) {
        List<String> f = Syntax.fields(value);
        if (f.isEmpty()) {
            throw new IllegalArgumentException("group needs a semantics");
        }
        return new Group(f.get(0), f.subList(1, f.size()));
    }

    public String format() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }
}
