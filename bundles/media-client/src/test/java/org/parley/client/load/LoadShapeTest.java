package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadShapeTest {
    private static final Duration TEN = Duration.ofSeconds(10);

    private static LoadShape shape(int meetings, int publishers, int subscribers) {
        return new LoadShape(meetings, publishers, subscribers, true, 500_000, 15, TEN, Duration.ofSeconds(2));
    }

    @Test
    void countsParticipants() {
        LoadShape shape = shape(4, 3, 2);
        assertThat(shape.participantsPerMeeting()).isEqualTo(5);
        assertThat(shape.participants()).isEqualTo(20);
        assertThat(shape.publishers()).isEqualTo(12);
    }

    @Test
    void isBoundedInCountAndTime() {
        assertThat(shape(100, 10, 10).participants()).isEqualTo(LoadShape.MAX_PARTICIPANTS);
        assertThatThrownBy(() -> shape(100, 10, 11)).hasMessageContaining("at most 2000");
        assertThatThrownBy(() -> new LoadShape(1, 2, 0, true, 500_000, 15, Duration.ofMinutes(11), TEN))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> new LoadShape(1, 2, 0, true, 500_000, 15, TEN, Duration.ofSeconds(11)))
                .hasMessageContaining("ramp-up");
    }

    @Test
    void refusesLoadsThatMeanNothing() {
        assertThatThrownBy(() -> shape(0, 2, 0)).hasMessageContaining("meeting");
        assertThatThrownBy(() -> shape(1, 0, 3)).hasMessageContaining("publisher");
        assertThatThrownBy(() -> new LoadShape(1, 2, 0, true, 1_000, 15, TEN, TEN)).hasMessageContaining("bitrate");
        assertThatThrownBy(() -> new LoadShape(1, 2, 0, true, 500_000, 0, TEN, TEN)).hasMessageContaining("frame rate");
        // Without video the bitrate does not matter.
        assertThat(new LoadShape(1, 2, 0, false, 0, 15, TEN, TEN).video()).isFalse();
    }
}
