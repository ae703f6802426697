package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BackendProvider;
import org.ppl4j.spi.Backends;
import org.ppl4j.tck.Layer;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.testkit.ReferenceBackendProvider;

/** Backends are found on the class path, selected by name, and describe themselves. */
@Tag(Layer.SCOPES)
class BackendSelectionTest {
    static Stream<Arguments> backends() {
        return BackendsUnderTest.arguments();
    }

    @Test
    void theReferenceIsFoundButNeverTheDefaultBesideARealBackend() {
        assertThat(Backends.availableNames()).contains("reference");
        assertThat(new ReferenceBackendProvider().priority()).isEqualTo(1000);
        List<BackendProvider> all = Backends.available();
        assertThat(all.get(0).name().equals("reference"))
                .as("reference ranks first among %s", Backends.availableNames())
                .isEqualTo(all.size() == 1);
        assertThat(Backends.get("reference")).isSameAs(Backends.get("reference"));
    }

    @Test
    void withoutARequestEveryProviderIsUnderTest() {
        String saved = System.getProperty("ppl.backend");
        assumeTrue(
                System.getenv("PPL_BACKEND") == null || System.getenv("PPL_BACKEND").isBlank(),
                "PPL_BACKEND is set in the environment");
        try {
            System.setProperty("ppl.backend", "reference");
            assertThat(BackendsUnderTest.names()).containsExactly("reference");
            System.setProperty("ppl.backend", "");
            if (Backends.availableNames().equals(List.of("reference"))) {
                // the oracle named to run the kit on itself: unnamed, it is not enough
                assertThatThrownBy(BackendsUnderTest::names)
                        .hasMessageContaining("found no backend to test");
            } else {
                assertThat(BackendsUnderTest.names()).isEqualTo(Backends.availableNames());
            }
        } finally {
            if (saved == null) {
                System.clearProperty("ppl.backend");
            } else {
                System.setProperty("ppl.backend", saved);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void describeNamesVersionDeviceThreadsAndCapabilities(Backend backend) {
        String d = backend.describe();
        assertThat(d)
                .contains(backend.name())
                .contains(backend.version())
                .contains(backend.device())
                .contains("threads=" + backend.threads())
                .contains(backend.capabilities().toString());
        assertThat(backend.name()).isNotBlank();
        assertThat(backend.version()).isNotBlank();
        assertThat(backend.device()).isNotBlank();
        assertThat(backend.threads()).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theBackendUnderTestIsTheOneItsNameSelects(Backend backend) {
        assertThat(Backends.get(backend.name())).isSameAs(backend);
        assertThat(Backends.availableNames()).contains(backend.name());
    }
}
