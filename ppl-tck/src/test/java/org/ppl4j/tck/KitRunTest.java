package org.ppl4j.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.ppl4j.core.PplException;

/**
 * Runs layers of the kit through the JUnit Platform launcher, as a build does, on this module's
 * class path, where the reference is the only backend: such a run fails, naming what to add; a run
 * that selects no test fails, naming the layers; the oracle named explicitly passes its own kit.
 */
class KitRunTest {
    private String savedRequest;

    @BeforeEach
    void noBackendRequested() {
        assumeTrue(
                System.getenv("PPL_BACKEND") == null || System.getenv("PPL_BACKEND").isBlank(),
                "PPL_BACKEND is set in the environment");
        savedRequest = System.getProperty("ppl.backend");
        System.clearProperty("ppl.backend");
    }

    @AfterEach
    void restoreRequest() {
        if (savedRequest != null) {
            System.setProperty("ppl.backend", savedRequest);
        }
    }

    /** Runs the kit's suite with the given tags in a session of its own and sums it up. */
    private static TestExecutionSummary run(String... tags) {
        return run(selectClass(PplTck.class), tags);
    }

    /**
     * Runs what {@code selector} selects with the given tags in a session of its own (which the
     * kit's {@code EmptyRunCheck} joins, as in any run) and sums it up.
     */
    private static TestExecutionSummary run(DiscoverySelector selector, String... tags) {
        var summary = new SummaryGeneratingListener();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher()
                    .execute(
                            request()
                                    .selectors(selector)
                                    .filters(TagFilter.includeTags(tags))
                                    .build(),
                            summary);
        }
        return summary.getSummary();
    }

    @Test
    void withOnlyTheReferenceTheKitFailsSayingWhatToAdd() {
        TestExecutionSummary s = run(Layer.GRADIENTS, Layer.SCOPES);
        assertThat(s.getTotalFailureCount()).isPositive();
        assertThat(s.getFailures())
                .filteredOn(f -> f.getTestIdentifier().getDisplayName().contains("(Backend"))
                .isNotEmpty()
                .allSatisfy(
                        f ->
                                assertThat(f.getException())
                                        .hasMessageContaining("found no backend to test")
                                        .hasMessageContaining("META-INF/services"));
        assertThat(s.getTestsSucceededCount())
                .as("tests that need no backend under test still pass")
                .isPositive();
    }

    /**
     * As when Surefire scans the kit's jar with a misspelt tag (the suite class fails by itself).
     */
    @Test
    void aRunThatSelectsNoTestFailsNamingTheLayers() {
        assertThatThrownBy(() -> run(selectPackage("org.ppl4j.tck.conformance"), "primitve"))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("no test ran to a result")
                .hasMessageContaining("-DdependenciesToScan=org.ppl4j:ppl-tck")
                .hasMessageContaining(Layer.ALL.toString());
    }

    @Test
    void theOracleNamedExplicitlyPassesItsOwnKit() {
        System.setProperty("ppl.backend", "reference");
        TestExecutionSummary s = run(Layer.SCOPES, Layer.INDEX);
        assertThat(s.getFailures()).isEmpty();
        assertThat(s.getTestsSucceededCount()).isGreaterThan(20);
    }
}
