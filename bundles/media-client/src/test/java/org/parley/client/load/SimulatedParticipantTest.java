package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.client.MediaClientPeer;
import org.parley.webrtc.sdp.Direction;
import org.parley.webrtc.sdp.SessionDescription;

class SimulatedParticipantTest {

    @Test
    void videoOffLeavesTheVideoLineInactive() throws Exception {
        try (MediaClientPeer peer = MediaClientPeer.open()) {
            SessionDescription sdp = SessionDescription.parse(SimulatedParticipant.withoutVideo(peer.publishOffer()));
            assertThat(sdp.media().get(0).effectiveDirection()).isEqualTo(Direction.SENDONLY);
            assertThat(sdp.media().get(1).kind()).isEqualTo("video");
            assertThat(sdp.media().get(1).effectiveDirection()).isEqualTo(Direction.INACTIVE);
        }
    }
}
