package org.parley.sfu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.parley.api.signaling.SignalingException;

import com.fasterxml.jackson.databind.ObjectMapper;

class ReceiveVideoPinnedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pinnedIsAnOptionalListOfTrackIds() throws Exception {
        assertThat(MediaServer.parsePinned(JSON.readTree("{\"tracks\":{}}"))).isEmpty();
        assertThat(MediaServer.parsePinned(JSON.readTree("{\"tracks\":{},\"pinned\":[\"a\",\"b\"]}")))
                .containsExactly("a", "b");
        assertThatThrownBy(() -> MediaServer.parsePinned(JSON.readTree("{\"pinned\":\"a\"}")))
                .isInstanceOf(SignalingException.class);
        assertThatThrownBy(() -> MediaServer.parsePinned(JSON.readTree("{\"pinned\":[1]}")))
                .isInstanceOf(SignalingException.class);
    }
}
