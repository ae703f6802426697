package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplContext;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;

class SamplingTest extends ReferenceScope {
    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double var(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length;
    }

    @Test
    void theSameSeedGivesIdenticalDraws() {
        Normal d = Normal.of(vec(1, 2), vec(0.5, 3));
        PplContext.current().rng(new Rng(7));
        double[] first = d.sample(100).toDoubleArray();
        double[] cat = Categorical.probs(vec(1, 2, 3)).sample(50).toDoubleArray();
        PplContext.current().rng(new Rng(7));
        assertThat(d.sample(100).toDoubleArray()).containsExactly(first);
        assertThat(Categorical.probs(vec(1, 2, 3)).sample(50).toDoubleArray()).containsExactly(cat);
        PplContext.current().rng(new Rng(8));
        assertThat(d.sample(100).toDoubleArray()).isNotEqualTo(first);
    }

    @Test
    void rsampleIsLocPlusContextNoiseTimesScale() {
        Normal d = Normal.of(vec(1, -1), vec(2, 3));
        PplContext.current().rng(new Rng(5));
        double[] z = d.rsample(3).toDoubleArray();
        double[] eps = new Rng(5).normals(6);
        for (int i = 0; i < 6; i++) {
            double loc = i % 2 == 0 ? 1 : -1;
            double scale = i % 2 == 0 ? 2 : 3;
            assertThat(z[i]).isCloseTo(loc + eps[i] * scale, within(1e-12));
        }
        Tensor fixed = arr(eps, 3, 2);
        assertThat(d.toEvent(1).rsampleWithNoise(fixed).toDoubleArray()).containsExactly(z);
    }

    @Test
    void rsampleGradientsFlowToLocAndScale() {
        Tensor loc = vec(0.5, -0.5, 2).requiringGrad();
        Tensor scale = vec(1, 2, 0.1).requiringGrad();
        PplContext.current().rng(new Rng(3));
        Tensor z = Normal.of(loc, scale).rsample(4);
        List<Tensor> g = Autodiff.grad(z.sum(), List.of(loc, scale), false);
        assertThat(g.get(0).toDoubleArray()).containsExactly(4, 4, 4);
        double[] eps = new Rng(3).normals(12);
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (int s = 0; s < 4; s++) {
                sum += eps[s * 3 + j];
            }
            assertThat(g.get(1).toDoubleArray()[j]).isCloseTo(sum, within(1e-12));
        }
        Tensor lpGrad = Autodiff.grad(Normal.of(loc, scale).logProb(vec(1, 1, 1)).sum(), loc);
        assertThat(lpGrad.toDoubleArray()[0]).isCloseTo(0.5, within(1e-12)); // (x - loc) / s^2
    }

    @Test
    void sampleIsCutOffFromAutodiff() {
        Tensor loc = vec(0).requiringGrad();
        assertThat(Normal.of(loc, vec(1)).sample(2).requiresGrad()).isFalse();
        assertThat(Normal.of(loc, vec(1)).rsample(2).requiresGrad()).isTrue();
    }

    @Test
    void drawsHaveTheRightMoments() {
        int n = 20_000;
        double[] z = Normal.of(vec(2), vec(3)).sample(n).toDoubleArray();
        assertThat(mean(z)).isCloseTo(2, within(0.1));
        assertThat(var(z)).isCloseTo(9, within(0.3));
        double[] b = Bernoulli.probs(vec(0.3)).sample(n).toDoubleArray();
        assertThat(Arrays.stream(b).allMatch(x -> x == 0 || x == 1)).isTrue();
        assertThat(mean(b)).isCloseTo(0.3, within(0.015));
        double[] u = Uniform.of(scalar(-1), scalar(3)).sample(n).toDoubleArray();
        assertThat(Arrays.stream(u).allMatch(x -> x >= -1 && x < 3)).isTrue();
        assertThat(mean(u)).isCloseTo(1, within(0.05));
        double[] e = Exponential.of(vec(4)).rsample(n).toDoubleArray();
        assertThat(mean(e)).isCloseTo(0.25, within(0.01));
        double[] ln = LogNormal.of(vec(0), vec(0.5)).sample(n).toDoubleArray();
        assertThat(mean(ln)).isCloseTo(Math.exp(0.125), within(0.02));
    }

    @Test
    void categoricalFrequenciesFollowTheProbabilities() {
        double[] c = Categorical.probs(vec(0.1, 0.0, 0.6, 0.3)).sample(20_000).toDoubleArray();
        int[] counts = new int[4];
        for (double x : c) {
            counts[(int) x]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[0] / 20_000.0).isCloseTo(0.1, within(0.01));
        assertThat(counts[2] / 20_000.0).isCloseTo(0.6, within(0.015));
    }

    @Test
    void float32DrawsAreFloat32AndAgreeWithFloat64ToRounding() {
        PplContext.current().rng(new Rng(1));
        Tensor f = Normal.of(0.0, 1.0).sample(8);
        assertThat(f.dtype()).isEqualTo(DType.F32);
        assertThat(f.shape()).isEqualTo(Shape.of(8));
        double[] d = new Rng(1).normals(8);
        for (int i = 0; i < 8; i++) {
            assertThat(f.toDoubleArray()[i]).isEqualTo((double) (float) d[i]);
        }
    }

    @Test
    void deltaSamplesAreItsValueWithGradient() {
        Tensor v = vec(1, 2).requiringGrad();
        Tensor s = Delta.of(v).rsample(3);
        assertThat(s.toDoubleArray()).containsExactly(1, 2, 1, 2, 1, 2);
        assertThat(Autodiff.grad(s.sum(), v).toDoubleArray()).containsExactly(3, 3);
    }
}
