package org.ppl4j.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.ppl4j.core.PplException;
import org.ppl4j.tck.Layer;

/**
 * Fails a test run in which nothing ran to a result, and prints how many of the kit's tests ran on
 * which backends. The kit registers it in {@code
 * META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, so it is active in every
 * JUnit Platform run with the kit on the class path.
 *
 * <p>Without it, a build that runs the kit with a misspelt tag, or that selects only layers whose
 * inputs are absent, reports success having checked nothing. A run that finds no test class at all
 * never starts JUnit; Surefire's {@code -DfailIfNoTests=true} catches that one.
 */
public final class EmptyRunCheck implements LauncherSessionListener {
    private final Map<LauncherSession, Tally> tallies = new ConcurrentHashMap<>();

    /** What one session ran: results (tests and failed containers), skips, the kit's share. */
    private static final class Tally implements TestExecutionListener {
        final AtomicInteger results = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger kitResults = new AtomicInteger();
        final AtomicInteger kitSkipped = new AtomicInteger();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                count(id, false);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            TestExecutionResult.Status status = result.getStatus();
            if (id.isTest()) {
                count(id, status != TestExecutionResult.Status.ABORTED);
            } else if (status == TestExecutionResult.Status.FAILED) {
                count(id, true); // a failed class or parameter source is a result too
            }
        }

        private void count(TestIdentifier id, boolean result) {
            (result ? results : skipped).incrementAndGet();
            if (fromKit(id)) {
                (result ? kitResults : kitSkipped).incrementAndGet();
            }
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Tally tally = new Tally();
        tallies.put(session, tally);
        session.getLauncher().registerTestExecutionListeners(tally);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Tally tally = tallies.remove(session);
        if (tally == null) {
            return;
        }
        if (tally.kitResults.get() > 0) {
            System.out.println(
                    "ppl4j conformance kit: "
                            + tally.kitResults.get()
                            + " tests ran, "
                            + tally.kitSkipped.get()
                            + " skipped, "
                            + backendsUnderTest());
        }
        if (tally.results.get() == 0) {
            throw new PplException(emptyRunMessage(tally.skipped.get()));
        }
    }

    /** What a run that ran nothing says: what was skipped, and how the kit is run. */
    static String emptyRunMessage(int skipped) {
        return "no test ran to a result in this run"
                + (skipped > 0 ? " (" + skipped + " skipped: see why in the report)" : "")
                + "; to run the ppl4j conformance kit, scan it with"
                + " -DdependenciesToScan=org.ppl4j:ppl-tck, and pick layers with -Dgroups=TAG,..."
                + " from "
                + Layer.ALL;
    }

    /** Whether a test is one of the kit's suites': they carry a {@link Layer} tag. */
    private static boolean fromKit(TestIdentifier id) {
        return id.getTags().stream().anyMatch(t -> Layer.ALL.contains(t.getName()));
    }

    private static String backendsUnderTest() {
        try {
            return "on backends " + BackendsUnderTest.names();
        } catch (PplException e) {
            return "on no backend but the reference (see the failures)";
        }
    }
}
