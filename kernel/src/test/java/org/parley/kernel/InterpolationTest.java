package org.parley.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InterpolationTest {
    private final Map<String, String> values = Map.of("home", "/opt/parley", "data", "${home}/data", "empty", "");

    private String resolve(String value) {
        return Interpolation.resolve(value, values::get);
    }

    @Test
    void resolvesChainedReferences() {
        assertThat(resolve("${data}/cache")).isEqualTo("/opt/parley/data/cache");
    }

    @Test
    void usesFallbackWhenMissingOrEmpty() {
        assertThat(resolve("${port:-8080}")).isEqualTo("8080");
        assertThat(resolve("${empty:-x}")).isEqualTo("x");
        assertThat(resolve("${nope:-${home}}")).isEqualTo("/opt/parley");
    }

    @Test
    void leavesPlainTextAlone() {
        assertThat(resolve("a $ b {c} $x")).isEqualTo("a $ b {c} $x");
    }

    @Test
    void missingReferenceNamesIt() {
        assertThatThrownBy(() -> resolve("${unknown}/x")).hasMessageContaining("${unknown}");
    }

    @Test
    void cycleIsRefused() {
        assertThatThrownBy(() -> Interpolation.resolve("${a}", Map.of("a", "${b}", "b", "${a}")::get))
                .hasMessageContaining("Circular");
    }

    @Test
    void unclosedReferenceIsRefused() {
        assertThatThrownBy(() -> resolve("${home")).hasMessageContaining("Unclosed");
    }
}
