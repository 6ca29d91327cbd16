package org.parley.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootSettingsTest {
    @TempDir
    Path home;

    @Test
    void dataDefaultsUnderHomeAndMovesWithParleyData() {
        assertThat(new BootSettings(home, Map.of(), new Properties()).data()).isEqualTo(home.resolve("data"));
        Path elsewhere = home.resolve("elsewhere");
        assertThat(new BootSettings(home, Map.of("PARLEY_DATA", elsewhere.toString()), new Properties()).data())
                .isEqualTo(elsewhere);
    }

    @Test
    void environmentBecomesParleyEnvProperties() {
        BootSettings settings = new BootSettings(home, Map.of("PARLEY_HTTP_PORT", "0", "PATH", "/bin"),
                new Properties());
        assertThat(settings.environmentOverrides()).containsExactly(Map.entry("parley.env.http.port", "0"));
    }

    @Test
    void etcFileResolvesLocationsEnvironmentAndOwnKeys() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/parley.properties"), """
                cache = ${parley.data}/cache
                port = ${env:PARLEY_TEST_PORT:-8080}
                derived = ${cache}/x
                """);
        BootSettings settings = new BootSettings(home, Map.of("PARLEY_TEST_PORT", "9090"), new Properties());
        Map<String, String> read = settings.readEtc("parley.properties", settings.locations());
        assertThat(read).containsEntry("cache", home.resolve("data") + "/cache")
                .containsEntry("port", "9090")
                .containsEntry("derived", home.resolve("data") + "/cache/x");
    }

    @Test
    void missingEtcFileGivesNothing() throws Exception {
        assertThat(new BootSettings(home, Map.of(), new Properties()).readEtc("none.properties", Map.of())).isEmpty();
    }
}
