package org.ppl4j.handlers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.ValidationException;
import org.ppl4j.tensor.Tensor;

/**
 * The sites one run of a program visited, in order (Pyro's {@code Trace}): sample and param sites,
 * and a {@link SiteType#SUBSAMPLE} site per plate, which is never scored.
 *
 * <pre>{@code
 * Trace tr = Handlers.trace(() -> model.accept(x));
 * double logJoint = tr.logProbSum().item();
 * }</pre>
 */
public final class Trace {
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final Map<Site, Tensor> logProbs = new IdentityHashMap<>();

    void add(Site s) {
        Site before = sites.get(s.name());
        if (before != null && before.type() != s.type()) {
            throw new PplException(
                    kind(s)
                            + " '"
                            + s.name()
                            + "' is already in the trace as a "
                            + kind(before)
                            + "; give them different names");
        }
        if (s.type() == SiteType.SAMPLE && before != null) {
            throw new PplException(
                    "sample site '"
                            + s.name()
                            + "' appears twice in one trace; give each sample statement a unique"
                            + " name (e.g. append the loop index)");
        }
        if (s.type() == SiteType.SUBSAMPLE
                && before != null
                && (!Arrays.equals(before.indices(), s.indices()) || before.value() != s.value())) {
            throw new PplException(
                    "plate '"
                            + s.name()
                            + "' was entered twice in one trace with different subsamples; enter"
                            + " it once around every site that uses its minibatch");
        }
        if (before != null) {
            return; // a param read twice, or a plate entered twice, is one site
        }
        sites.put(s.name(), s);
    }

    private static String kind(Site s) {
        return s.type() == SiteType.SUBSAMPLE
                ? "plate"
                : s.type().name().toLowerCase(Locale.ROOT) + " site";
    }

    /** The sites in the order they were visited. */
    public List<Site> sites() {
        return Collections.unmodifiableList(new ArrayList<>(sites.values()));
    }

    /** The site with this name, or null. */
    public Site site(String name) {
        return sites.get(name);
    }

    /** Whether a site with this name was visited. */
    public boolean contains(String name) {
        return sites.containsKey(name);
    }

    /** The sample sites, in order. */
    public List<Site> sampleSites() {
        return sites.values().stream().filter(s -> s.type() == SiteType.SAMPLE).toList();
    }

    /** The param sites, in order. */
    public List<Site> paramSites() {
        return sites.values().stream().filter(s -> s.type() == SiteType.PARAM).toList();
    }

    /**
     * The scaled, masked log-density of a sample site ({@code sampleShape + batchShape}), computed
     * once per trace.
     */
    public Tensor logProb(String name) {
        Site s = sites.get(name);
        if (s == null || s.type() != SiteType.SAMPLE) {
            throw new PplException(
                    "trace has no sample site '" + name + "'; it has " + sites.keySet());
        }
        return logProb(s);
    }

    Tensor logProb(Site s) {
        Tensor lp = logProbs.get(s);
        if (lp == null) {
            try {
                lp = s.scaledLogProb();
            } catch (ValidationException e) {
                throw e.atSite(s.name());
            }
            logProbs.put(s, lp);
        }
        return lp;
    }

    /**
     * The sum of every sample site's scaled, masked log-density (a scalar); subsample sites add
     * nothing.
     */
    public Tensor logProbSum() {
        Tensor total = null;
        for (Site s : sites.values()) {
            if (s.type() == SiteType.SAMPLE) {
                Tensor t = logProb(s).sum();
                total = total == null ? t : total.add(t);
            }
        }
        if (total == null) {
            throw new PplException("trace has no sample sites; its log-density is undefined");
        }
        return total;
    }
}
