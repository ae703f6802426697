package org.ppl4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.PplException;
import org.ppl4j.spi.Backends;

/** Which backends the suites run on, and the refusal to run on the oracle alone. */
class BackendsUnderTestRuleTest {
    @Test
    void aRequestedBackendIsTheOnlyOneElseEveryProviderIs() {
        assertThat(BackendsUnderTest.names("mine", List.of("reference"))).containsExactly("mine");
        assertThat(BackendsUnderTest.names("reference", List.of("reference")))
                .containsExactly("reference");
        assertThat(BackendsUnderTest.names(null, List.of("mine", "reference")))
                .containsExactly("mine", "reference");
    }

    @Test
    void aClassPathWithOnlyTheReferenceFailsSayingWhatToAdd() {
        for (List<String> available : List.of(List.of("reference"), List.<String>of())) {
            assertThatThrownBy(() -> BackendsUnderTest.names(null, available))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("found no backend to test")
                    .hasMessageContaining("only " + available)
                    .hasMessageContaining("your backend's jar on the test class path")
                    .hasMessageContaining("META-INF/services/org.ppl4j.spi.BackendProvider")
                    .hasMessageContaining("-Dppl.backend=NAME");
        }
    }

    /** The kit's own class path: ppl-vae came without its backends (its pom excludes them). */
    @Test
    void theKitBringsNoBackendButTheReference() {
        assertThat(Backends.availableNames()).containsExactly("reference");
    }
}
