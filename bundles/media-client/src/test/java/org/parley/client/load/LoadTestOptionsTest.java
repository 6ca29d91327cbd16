package org.parley.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
    void aLargeMeetingShape() {
        LoadTestOptions options = LoadTestOptions.parse("--publishers", "25", "--subscribers", "975", "--speakers",
                "2", "--turn", "4s", "--gallery", "9", "--tile", "320x180", "--last-n", "10", "--top-n-audio", "2");
        assertThat(options.shape().speaking()).isEqualTo(new SpeakingPattern(2, Duration.ofSeconds(4)));
        assertThat(options.shape().view()).isEqualTo(new ReceiveView(9, 320, 180));
        assertThat(options.rules()).isEqualTo(new ServerRules(10, 2, 20, 300));
        LoadShape defaults = LoadTestOptions.parse().shape();
        assertThat(defaults.speaking()).isEqualTo(SpeakingPattern.EVERYONE);
        assertThat(defaults.view()).isEqualTo(ReceiveView.ALL);
        assertThat(LoadTestOptions.parse("--speakers", "all").shape().speaking().everyone()).isTrue();
        assertThat(LoadTestOptions.USAGE).contains("--speakers", "--turn", "--gallery", "--tile", "--last-n");
    }

    @Test
    void badLargeMeetingValuesAreExplained() {
        assertThatThrownBy(() -> LoadTestOptions.parse("--speakers", "0")).hasMessageContaining("1 or more");
        assertThatThrownBy(() -> LoadTestOptions.parse("--speakers", "two")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadTestOptions.parse("--speakers", "1", "--turn", "1s"))
                .hasMessageContaining("at least");
        assertThatThrownBy(() -> LoadTestOptions.parse("--tile", "320")).hasMessageContaining("WIDTHxHEIGHT");
        assertThatThrownBy(() -> LoadTestOptions.parse("--tile", "0x180")).hasMessageContaining("1 to 16384");
        assertThatThrownBy(() -> LoadTestOptions.parse("--tile", "x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadTestOptions.parse("--gallery", "-1")).hasMessageContaining("gallery page");
        assertThatThrownBy(() -> LoadTestOptions.parse("--last-n", "-2")).hasMessageContaining("0 or more");
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
    void aServerInANamespaceIsCheckedAgainstItsProcess() {
        long self = ProcessHandle.current().pid();
        // This process's namespace has loopback at least; the pid is accepted and kept.
        LoadTestOptions options = LoadTestOptions.parse("--url", "http://127.0.0.1:8080", "--server-pid",
                Long.toString(self));
        assertThat(options.serverPid()).hasValue(self);
        assertThat(LoadTestOptions.addressesOfNamespace(self)).contains(InetAddress.getLoopbackAddress());
        assertThatThrownBy(() -> LoadTestOptions.parse("--url", "http://203.0.113.7:8080", "--server-pid",
                Long.toString(self))).hasMessageContaining("nor of the network namespace of process " + self);
        assertThatThrownBy(() -> LoadTestOptions.parse("--server-pid", "init")).hasMessageContaining("process id");
    }

    @Test
    void localAddressesOfAFibTrie() throws Exception {
        String fibTrie = """
                Main:
                  +-- 0.0.0.0/0 3 0 5
                     +-- 10.203.0.0/30 2 0 2
                        |-- 10.203.0.0
                           /30 link UNICAST
                        |-- 10.203.0.2
                           /32 host LOCAL
                        |-- 10.203.0.3
                           /32 link BROADCAST
                     +-- 127.0.0.0/8 2 0 2
                        |-- 127.0.0.1
                           /32 host LOCAL
                """;
        assertThat(LoadTestOptions.localAddressesOfFibTrie(fibTrie)).containsExactlyInAnyOrder(
                InetAddress.getByName("10.203.0.2"), InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void anExtensionTakesTheOptionsTheGeneratorDoesNotKnow() {
        Map<String, String> taken = new HashMap<>();
        LoadTestOptions options = LoadTestOptions.parse("http://127.0.0.1:8088/janus", (option, value) -> {
            if (!option.equals("--colour")) {
                return false;
            }
            taken.put(option, value);
            return true;
        }, "--colour", "blue", "--meetings", "2");
        assertThat(taken).containsEntry("--colour", "blue");
        assertThat(options.url().getPort()).isEqualTo(8088);
        assertThat(options.shape().meetings()).isEqualTo(2);
        assertThatThrownBy(() -> LoadTestOptions.parse("http://127.0.0.1:8088/janus", (o, v) -> false, "--colour",
                "blue")).hasMessageContaining("unknown option --colour");
    }

    @Test
    void badCommandLineExitsWithTwo() {
        assertThat(LoadTestMain.run(new String[] { "--meetings", "zero" })).isEqualTo(2);
        assertThat(LoadTestMain.run(new String[] { "--help" })).isZero();
    }
}
