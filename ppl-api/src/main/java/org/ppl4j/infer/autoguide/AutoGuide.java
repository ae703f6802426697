package org.ppl4j.infer.autoguide;

import static org.ppl4j.Ppl.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.ppl4j.core.PplException;
import org.ppl4j.distributions.Constraint;
import org.ppl4j.distributions.Delta;
import org.ppl4j.handlers.Handler;
import org.ppl4j.handlers.Handlers;
import org.ppl4j.handlers.PlateFrame;
import org.ppl4j.handlers.Site;
import org.ppl4j.handlers.Trace;
import org.ppl4j.handlers.TraceHandler;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.tensor.TraceAbortedException;

/**
 * The base of automatic guides (Pyro's {@code AutoGuide}): on the first call it runs the model
 * once, hidden from outer handlers, to find its latent sites; subclasses then place a learnable
 * distribution on each.
 *
 * <p>The guide owns the tensors of that prototype run (site distributions, supports with tensor
 * bounds), so they outlive the step that made them; {@link #close} releases them, after which
 * params constrained to such a support can no longer be read.
 *
 * @param <A> the type of the arguments model and guide take
 */
public abstract class AutoGuide<A> implements Consumer<A>, AutoCloseable {
    private final Consumer<A> model;
    private List<Site> latents;
    private TensorScope prototypeMemory;

    /** A guide for {@code model}, whose latent sites are found on the first call. */
    protected AutoGuide(Consumer<A> model) {
        this.model = model;
    }

    /** The model's latent sites, found on the first call. */
    protected final List<Site> latents() {
        return latents;
    }

    @Override
    public final void accept(A args) {
        if (latents == null) {
            if (Dispatch.isTracing()) {
                // The prototype's distributions are kept across steps, so they must hold real
                // values, not a trace's: this step runs eagerly and a later one is traced.
                throw new TraceAbortedException(
                        prefix() + ": the model's prototype run happens on an eager step");
            }
            latents = prototype(args);
        }
        run();
    }

    /** Samples every latent site; called inside the guide. */
    protected abstract void run();

    /** A short name for param names, e.g. {@code AutoNormal}. */
    protected String prefix() {
        return getClass().getSimpleName();
    }

    /** Releases the tensors of the prototype run; the guide re-runs it if called again. */
    @Override
    public void close() {
        if (prototypeMemory != null) {
            prototypeMemory.close();
            prototypeMemory = null;
        }
        latents = null;
    }

    private List<Site> prototype(A args) {
        Trace t;
        try (var memory = new TensorScope();
                var block = Handlers.block();
                TraceHandler th = Handlers.trace();
                var noGrad = Autodiff.noGrad()) {
            model.accept(args);
            t = th.trace();
            if (prototypeMemory == null) {
                prototypeMemory = TensorScope.detached(memory.backend());
            }
            prototypeMemory.adoptAll(memory);
        }
        List<Site> out = new ArrayList<>();
        for (Site s : t.sampleSites()) {
            if (!s.isLatent()) {
                continue;
            }
            for (PlateFrame f : s.frames()) {
                if (f.subsampleSize() < f.size()) {
                    throw new PplException(
                            prefix()
                                    + ": site '"
                                    + s.name()
                                    + "' is in plate '"
                                    + f.name()
                                    + "' subsampled "
                                    + f.subsampleSize()
                                    + " of "
                                    + f.size()
                                    + "; automatic guides support full plates only, write the"
                                    + " guide by hand for local latents");
                }
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw new PplException(prefix() + ": the model has no latent sample sites to guide");
        }
        return out;
    }

    /** Enters the site's plates (outermost first) so the guide's site sees the same frames. */
    protected static List<Handler> enterPlates(Site s) {
        List<Handler> opened = new ArrayList<>();
        for (PlateFrame f : s.frames()) {
            opened.add(Handlers.plate(f.name(), f.size(), f.subsampleSize(), f.dim()));
        }
        return opened;
    }

    /** Closes handlers opened by {@link #enterPlates}, innermost first. */
    protected static void closeAll(List<Handler> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /**
     * Samples site {@code s} at the image of the unconstrained {@code u} under its support's
     * bijection, as a {@code Delta} whose log-density is the Jacobian correction, so the guide's
     * density is that of {@code u} pushed onto the support; returns the constrained value.
     */
    protected static Tensor sampleConstrained(Site s, Tensor u) {
        Constraint support = s.fn().support();
        int eventDim = s.fn().eventShape().rank();
        Tensor z = support.toConstrained(u);
        // The Jacobian term of an independent support is summed over its own event dims already;
        // only the site's remaining event dims are left to sum.
        Tensor logDensity =
                Functions.sumRightmost(
                        support.logAbsDetJacobian(u, z).neg(), eventDim - support.eventDim());
        return sample(s.name(), Delta.of(z, logDensity, eventDim));
    }

    /** The shape of one value of a site: {@code batchShape + eventShape}. */
    protected static int[] valueShape(Site s) {
        return s.fn().batchShape().concat(s.fn().eventShape()).toArray();
    }

    /** The elementwise median of {@code n} prior draws of a site, in constrained space. */
    protected static Tensor priorMedian(Site s, int n) {
        Tensor draws = s.fn().sample(n);
        double[] all = draws.toDoubleArray();
        int per = all.length / n;
        double[] med = new double[per];
        double[] col = new double[n];
        for (int j = 0; j < per; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = all[i * per + j];
            }
            Arrays.sort(col);
            med[j] = n % 2 == 1 ? col[n / 2] : 0.5 * (col[n / 2 - 1] + col[n / 2]);
        }
        return Tensor.of(med, draws.dtype(), valueShape(s));
    }
}
