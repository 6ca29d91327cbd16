package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoadTestOptionsTest {

    @Test
    void everyOptionIsRead() {
        LoadTestOptions options = LoadTestOptions.parse("--url", "http://127.0.0.1:9090", "--meetings", "3",
                "--publishers", "4", "--subscribers=5", "--video", "off", "--bitrate", "1.5M", "--fps", "30",
                "--duration", "2m", "--ramp-up", "500ms", "--bind", "127.0.0.1");
        assertThat(options.help()).isFalse();
        assertThat(options.url().getPort()).isEqualTo(9090);
        assertThat(options.bind().isLoopbackAddress()).isTrue();
        assertThat(options.shape()).isEqualTo(new LoadShape(3, 4, 5, false, 1_500_000, 30, Duration.ofMinutes(2),
                Duration.ofMillis(500)));
    }

    @Test
    void defaultsMakeASmallMeeting() {
        LoadShape shape = LoadTestOptions.parse().shape();
        assertThat(shape.meetings()).isEqualTo(1);
        assertThat(shape.publishersPerMeeting()).isEqualTo(3);
        assertThat(shape.video()).isTrue();
        assertThat(shape.videoBitrate()).isEqualTo(500_000);
        assertThat(shape.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shape.rampUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(LoadTestOptions.parse("--duration", "4s").shape().rampUp()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void unitsOfRatesAndTimes() {
        assertThat(LoadTestOptions.bitrate("500k")).isEqualTo(500_000);
        assertThat(LoadTestOptions.bitrate("2M")).isEqualTo(2_000_000);
        assertThat(LoadTestOptions.bitrate("64000")).isEqualTo(64_000);
        assertThat(LoadTestOptions.duration("--duration", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LoadTestOptions.duration("--duration", "20")).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> LoadTestOptions.bitrate("fast")).hasMessageContaining("--bitrate");
        assertThatThrownBy(() -> LoadTestOptions.duration("--duration", "soon")).hasMessageContaining("--duration");
    }

    @Test
    void helpWins() {
        assertThat(LoadTestOptions.parse("--meetings", "2", "--help").help()).isTrue();
        assertThat(LoadTestOptions.USAGE).contains("--ramp-up", "--bind", "--bitrate");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> LoadTestOptions.parse("--meetings")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LoadTestOptions.parse("--meetngs", "2")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> LoadTestOptions.parse("--video", "maybe")).hasMessageContaining("on or off");
        assertThatThrownBy(() -> LoadTestOptions.parse("--url", "ftp://127.0.0.1/")).hasMessageContaining("http");
        assertThatThrownBy(() -> LoadTestOptions.parse("--meetings", "100", "--publishers", "30"))
                .hasMessageContaining("at most 2000");
    }

    @Test
    void onlyThisHostIsATarget() {
        // TEST-NET-3 (RFC 5737): never an address of this machine; resolving a literal needs no network.
        assertThatThrownBy(() -> LoadTestOptions.parse("--url", "http://203.0.113.7:8080"))
                .hasMessageContaining("not an address of this host");
        assertThatThrownBy(() -> LoadTestOptions.parse("--bind", "203.0.113.7"))
                .hasMessageContaining("not an address of this host");
    }

    @Test
    void badCommandLineExitsWithTwo() {
        assertThat(LoadTestMain.run(new String[] { "--meetings", "zero" })).isEqualTo(2);
        assertThat(LoadTestMain.run(new String[] { "--help" })).isZero();
    }
}
