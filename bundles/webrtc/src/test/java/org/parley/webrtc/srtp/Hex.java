package org.parley.webrtc.srtp;

import java.util.HexFormat;

/** Test vectors are printed in the RFCs as spaced hex words. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replaceAll("\\s", ""));
    }

    static String string(byte[] buf, int off, int len) {
        return HexFormat.of().formatHex(buf, off, off + len);
    }
}
