package org.ppl4j.examples;

import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Beta;
import org.ppl4j.distributions.Constraints;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.optim.Adam;
import org.ppl4j.params.ParamStore;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Pyro's SVI Part I tutorial: a coin's fairness from 6 heads and 4 tails, with a Beta(10, 10) prior
 * and a Beta guide whose params {@code alpha_q}, {@code beta_q} (both 15 at first) are constrained
 * positive, fitted by Adam (lr 5e-4, betas 0.90 and 0.999) for 2000 steps with the pathwise
 * gradient of the Beta guide's draws. The exact posterior is Beta(16, 14): mean 0.5333, sd 0.0896.
 * Like the tutorial's loop over the flips, the observations are independent; here they sit in a
 * plate, which gives the same ELBO.
 *
 * <pre>{@code
 * mvn -B -q -DskipTests install exec:java -pl ppl-examples -am
 * }</pre>
 */
public final class CoinFairness {
    /** The tutorial's number of SVI steps. */
    public static final int STEPS = 2000;

    private CoinFairness() {}

    /** The inferred Beta(alphaQ, betaQ) of the fairness. */
    public record Posterior(double alphaQ, double betaQ) {
        /** The mean of the fairness, {@code alpha / (alpha + beta)}. */
        public double mean() {
            return alphaQ / (alphaQ + betaQ);
        }

        /** The standard deviation of the fairness, as the tutorial computes it. */
        public double sd() {
            double factor = betaQ / (alphaQ * (1 + alphaQ + betaQ));
            return mean() * Math.sqrt(factor);
        }
    }

    /** Six heads (1) and four tails (0). */
    public static Tensor data(DType dtype) {
        return Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, dtype, 10);
    }

    /** {@code f ~ Beta(10, 10)}; each flip {@code ~ Bernoulli(f)}. */
    public static void model(Tensor data) {
        Tensor f = sample("latent_fairness", Beta.of(10, 10, data.dtype()));
        try (var flips = plate("data", data.dim(0))) {
            sample("obs", Bernoulli.probs(f), data);
        }
    }

    /** {@code f ~ Beta(alpha_q, beta_q)}, both params positive and 15 at first. */
    public static void guide(Tensor data) {
        DType d = data.dtype();
        Tensor alphaQ = param("alpha_q", () -> Tensor.scalar(15.0, d), Constraints.positive());
        Tensor betaQ = param("beta_q", () -> Tensor.scalar(15.0, d), Constraints.positive());
        sample("latent_fairness", Beta.of(alphaQ, betaQ));
    }

    /**
     * Runs {@code steps} SVI steps from the seed with a fresh param store (the thread's store is
     * restored afterwards) and returns the fitted guide.
     */
    public static Posterior fit(Tensor data, int steps, long seed) {
        PplContext ctx = PplContext.current();
        ParamStore saved = ctx.paramStore(new ParamStore());
        try (ParamStore store = ctx.paramStore();
                Adam adam = new Adam(5e-4, 0.90, 0.999, 1e-8, 0.0)) {
            Ppl.seed(seed);
            Svi<Tensor> svi =
                    new Svi<>(CoinFairness::model, CoinFairness::guide, adam, new TraceElbo());
            for (int i = 0; i < steps; i++) {
                svi.step(data);
            }
            return new Posterior(store.get("alpha_q").item(), store.get("beta_q").item());
        } finally {
            ctx.paramStore(saved);
        }
    }

    /** Fits the tutorial's model on the default backend (float32) and prints the fairness. */
    public static void main(String[] args) {
        try (var scope = new TensorScope()) {
            Posterior p = fit(data(DType.F32), STEPS, 0);
            System.out.printf(
                    "backend %s: alpha_q = %.4f, beta_q = %.4f%n",
                    scope.backend().name(), p.alphaQ(), p.betaQ());
            System.out.printf(
                    "based on the data and our prior belief, the fairness of the coin is %.3f +- %.3f"
                            + " (exact posterior Beta(16, 14): 0.533 +- 0.090)%n",
                    p.mean(), p.sd());
        }
    }
}
