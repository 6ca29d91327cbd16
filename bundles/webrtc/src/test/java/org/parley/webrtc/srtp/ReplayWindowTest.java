package org.parley.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void slotsReusedAfterTheWindowMovesOnAreFreshAgain() throws Exception {
        ReplayWindow window = new ReplayWindow();
        window.markReceived(5);
        window.markReceived(5 + ReplayWindow.SIZE - 1);
        // Same ring slot as 5 but a different index, not received yet.
        window.markReceived(5 + ReplayWindow.SIZE + 1);
        assertThatCode(() -> window.checkFresh(5 + ReplayWindow.SIZE)).doesNotThrowAnyException();
        assertThat(reason(window, 5 + ReplayWindow.SIZE - 1)).isEqualTo(SrtpException.Reason.REPLAYED);
        assertThat(reason(window, 5)).isEqualTo(SrtpException.Reason.TOO_OLD);
    }

    @Test
    void aLongJumpClearsEverything() throws Exception {
        ReplayWindow window = new ReplayWindow();
        for (long i = 0; i < 200; i++) {
            window.markReceived(i);
        }
        window.markReceived(100_000);
        for (long i = 100_000 - ReplayWindow.SIZE + 1; i < 100_000; i++) {
            window.checkFresh(i);
        }
        assertThat(reason(window, 100_000)).isEqualTo(SrtpException.Reason.REPLAYED);
        assertThat(window.highest()).isEqualTo(100_000);
    }

    @Test
    void indexZeroIsFreshOnAnEmptyWindow() throws Exception {
        ReplayWindow window = new ReplayWindow();
        window.checkFresh(0);
        window.markReceived(0);
        assertThat(reason(window, 0)).isEqualTo(SrtpException.Reason.REPLAYED);
        window.reset();
        window.checkFresh(0);
    }

    private static SrtpException.Reason reason(ReplayWindow window, long index) {
        return catchThrowableOfType(() -> window.checkFresh(index), SrtpException.class).reason();
    }
}
