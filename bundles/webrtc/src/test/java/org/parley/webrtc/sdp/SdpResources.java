package org.parley.webrtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The captured-style browser offers under src/test/resources, as the CRLF text a browser hands over. */
final class SdpResources {
    static final String AUDIO_VIDEO = "chrome-audio-video.sdp";
    static final String SIMULCAST = "chrome-simulcast.sdp";
    static final String SCREENSHARE = "chrome-screenshare.sdp";

    private SdpResources() {
    }

    /** The file with its lines ending in CRLF (the files are stored with LF). */
    static String crlf(String name) {
        String text = read(name).replace("\r\n", "\n");
        if (!text.endsWith("\n")) {
            text += "\n";
        }
        return text.replace("\n", "\r\n");
    }

    static String read(String name) {
        try (InputStream in = SdpResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
