package org.parley.client.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JanusLoadTestMainTest {

    @Test
    void theLoadGeneratorsOptionsAndJanussOwn() {
        long self = ProcessHandle.current().pid();
        JanusLoadTestMain.Options options = JanusLoadTestMain.parse("--url", "http://127.0.0.1:8088/janus/",
                "--admin-url", "http://127.0.0.1:7088/admin", "--admin-secret", "s3cret", "--server-pid",
                Long.toString(self), "--meetings", "2", "--publishers", "5", "--video", "off");
        assertThat(options.load().shape().meetings()).isEqualTo(2);
        assertThat(options.load().shape().video()).isFalse();
        JanusTarget.Options target = options.target();
        assertThat(target.api().toString()).isEqualTo("http://127.0.0.1:8088/janus");
        assertThat(target.adminApi().toString()).isEqualTo("http://127.0.0.1:7088/admin");
        assertThat(target.adminSecret()).isEqualTo("s3cret");
        assertThat(target.serverPid()).hasValue(self);
    }

    @Test
    void janusOnThisHostByDefaultAndNoAdminApi() {
        JanusLoadTestMain.Options options = JanusLoadTestMain.parse();
        assertThat(options.load().url().toString()).isEqualTo(JanusLoadTestMain.DEFAULT_URL);
        assertThat(options.target().adminApi()).isNull();
        assertThat(options.target().serverPid()).isEmpty();
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> JanusLoadTestMain.parse("--admin-url", "http://127.0.0.1:7088/admin"))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> JanusLoadTestMain.parse("--admin-url", "http://203.0.113.7:7088/admin",
                "--admin-secret", "x")).hasMessageContaining("not an address of this host");
        assertThat(JanusLoadTestMain.run(new String[] { "--admins-url", "x" })).isEqualTo(2);
        assertThat(JanusLoadTestMain.run(new String[] { "--help" })).isZero();
        assertThat(JanusLoadTestMain.USAGE).contains("--admin-secret", "--server-pid", "--ramp-up");
    }
}
