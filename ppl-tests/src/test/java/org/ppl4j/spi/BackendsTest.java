package org.ppl4j.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A backend whose natives fail to load is reported once, with what to check. */
class BackendsTest {
    @Test
    void aNativeLoadingFailureNamesTheBackendTheJarAndTheAlternatives() {
        BackendProvider broken =
                new BackendProvider() {
                    @Override
                    public String name() {
                        return "broken";
                    }

                    @Override
                    public int priority() {
                        return 0;
                    }

                    @Override
                    public Backend create() {
                        throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
                    }
                };
        assertThatThrownBy(() -> Backends.start(broken))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("backend 'broken' failed to start")
                .hasMessageContaining("no jnind4jcpu")
                .hasMessageContaining("native jar")
                .hasMessageContaining("-Dppl.backend")
                .hasMessageContaining("available: [")
                .hasMessageContaining("reference")
                .hasCauseInstanceOf(UnsatisfiedLinkError.class);
    }
}
