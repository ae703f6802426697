package org.ppl4j.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.param;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.PplContext;
import org.ppl4j.distributions.Bernoulli;
import org.ppl4j.distributions.Normal;
import org.ppl4j.optim.Adam;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/**
 * A discrete latent trained by the score-function estimator alone: {@code z ~ Bernoulli(0.4)},
 * {@code x ~ N(2z - 1, 1)} observed at 1.2; the Bernoulli guide's optimum is the exact posterior.
 */
class ScoreFunctionTest extends ProgramScope {
    private static final double PRIOR = 0.4;
    private static final double X = 1.2;

    private static void model(Void unused) {
        Tensor z = sample("z", Bernoulli.probs(scalar(PRIOR)));
        sample("x", Normal.of(z.mul(2.0).sub(1.0), 1.0), scalar(X));
    }

    private static void guide(Void unused) {
        sample("z", Bernoulli.logits(param("logit", () -> scalar(0.0))));
    }

    private static double posterior() {
        double on = PRIOR * Math.exp(normalLogPdf(X, 1, 1));
        double off = (1 - PRIOR) * Math.exp(normalLogPdf(X, -1, 1));
        return on / (on + off);
    }

    @Test
    void theGuideProbabilityConvergesToTheExactPosterior() {
        Ppl.seed(3);
        var svi =
                new Svi<Void>(
                        ScoreFunctionTest::model,
                        ScoreFunctionTest::guide,
                        new Adam(0.05),
                        new TraceElbo(10));
        double avg = 0;
        int steps = 800;
        int tail = 200;
        for (int i = 0; i < steps; i++) {
            svi.step(null);
            if (i >= steps - tail) {
                double logit = PplContext.current().paramStore().get("logit").item();
                avg += 1 / (1 + Math.exp(-logit)) / tail;
            }
        }
        assertThat(posterior()).isCloseTo(0.88, within(0.01));
        assertThat(avg).isCloseTo(posterior(), within(0.03));
    }
}
