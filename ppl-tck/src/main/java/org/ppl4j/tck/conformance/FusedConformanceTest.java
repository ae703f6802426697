package org.ppl4j.tck.conformance;

import static java.lang.Double.NEGATIVE_INFINITY;
import static java.lang.Double.NaN;
import static java.lang.Double.POSITIVE_INFINITY;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Dispatch;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;

/**
 * A backend's fused kernels equal their definition, {@link Functions#compose}, in values and
 * gradients; and on every backend the op (fused or composed) equals its closed form.
 *
 * <p>Errors are measured against {@code |ref|} for softplus, against {@code |ref| + 2|l| + 1} for
 * BCE, whose composition adds terms of size |l| that cancel, and against the sum of the two terms'
 * magnitudes for Adam's kernels. Gradients against {@code 1 + |g|}.
 */
@Tag(Layer.FUSED)
class FusedConformanceTest {
    static Stream<Arguments> fusedOpsAndDtypes() {
        return BackendsUnderTest.crossedWith(List.of(FusedOp.values()), DType.floating());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("fusedOpsAndDtypes")
    void fusedKernelMatchesComposition(Backend backend, FusedOp op, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        assumeTrue(
                backend.supports(op),
                "backend '"
                        + backend.name()
                        + "' has no fused kernel for "
                        + op
                        + "; it runs the composition, which the other suites check");
        Agreement agreement = new Agreement();
        Samples s = Samples.forCase(op, dt, "fused");
        for (OpCase c : cases(op, dt, s)) {
            compareFusedWithComposed(backend, c, s, agreement);
        }
        agreement.assertAllAgree();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("fusedOpsAndDtypes")
    void opMatchesItsClosedForm(Backend backend, FusedOp op, DType dt) {
        Capabilities.assumeDtype(backend, dt);
        Agreement agreement = new Agreement();
        for (OpCase c : cases(op, dt, Samples.forCase(op, "closed form"))) {
            HostTensor got;
            try {
                got = c.runOn(backend);
            } catch (RuntimeException e) {
                agreement.failed(c, e);
                continue;
            }
            HostTensor ref = closedForm(c);
            agreement.check(c, ref, got, scale(c, ref), dt);
        }
        agreement.assertAllAgree();
    }

    private static void compareFusedWithComposed(
            Backend backend, OpCase c, Samples s, Agreement agreement) {
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor[] in = new Tensor[c.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = c.inputs().get(i).upload(c.dtype()).requiringGrad();
            }
            FusedOp op = (FusedOp) c.op();
            Tensor fused = Dispatch.apply(op, Attr.NONE, in);
            Tensor composed = Functions.compose(op, in);
            HostTensor ref = download(composed);
            agreement.check(c + " value", ref, download(fused), scale(c, ref), c.dtype());
            if (!c.label().startsWith("gradient")) {
                return;
            }
            Tensor cot =
                    s.tensor(fused.shape(), Domain.uniform(-1, 1), c.dtype()).upload(c.dtype());
            List<Tensor> gf = Autodiff.grad(fused.mul(cot).sum(), List.of(in), false);
            List<Tensor> gc = Autodiff.grad(composed.mul(cot).sum(), List.of(in), false);
            for (int i = 0; i < in.length; i++) {
                HostTensor g = download(gc.get(i));
                double[] sc = new double[g.data().length];
                for (int j = 0; j < sc.length; j++) {
                    sc[j] = 1 + Math.abs(g.data()[j]);
                }
                agreement.check(c + " d/d(input " + i + ")", g, download(gf.get(i)), sc, c.dtype());
            }
        } catch (RuntimeException e) {
            agreement.failed(c, e);
        }
    }

    /**
     * Value cases: special values and random ones across softplus's threshold; "gradient" cases
     * stay below softplus's threshold at 20: above it the composition's gradient is exactly 1 (as
     * PyTorch's) while the VJP of {@code FusedOp.SOFTPLUS} gives sigmoid(x), 1 - 2e-9 at 20, a gap
     * in ppl-api that no backend can close, so it is not charged to the backend.
     */
    private static List<OpCase> cases(FusedOp op, DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        double[] x = {
            NaN,
            POSITIVE_INFINITY,
            NEGATIVE_INFINITY,
            0,
            19.5,
            20,
            20.5,
            -20,
            -100,
            100,
            1e30,
            -1e30,
            1e-30
        };
        Domain wide = Domain.uniform(-30, 30);
        Domain off = Domain.uniform(-15, 15);
        switch (op) {
            case SOFTPLUS -> {
                cases.add(
                        OpCase.of("special values", op, Attr.NONE, dt, HostTensor.of(x, x.length)));
                cases.add(
                        OpCase.of("random", op, Attr.NONE, dt, s.tensor(Shape.of(4, 5), wide, dt)));
                cases.add(
                        OpCase.of(
                                "gradient", op, Attr.NONE, dt, s.tensor(Shape.of(3, 4), off, dt)));
            }
            case BCE_WITH_LOGITS -> {
                // At infinite logits the definition gives NaN (inf - inf) where the textbook
                // formula gives inf; neither is demanded, so they are left out.
                x = Arrays.stream(x).filter(v -> !Double.isInfinite(v)).toArray();
                double[] t = new double[x.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = i % 3 * 0.5;
                }
                cases.add(
                        OpCase.of(
                                "special logits",
                                op,
                                Attr.NONE,
                                dt,
                                HostTensor.of(x, x.length),
                                HostTensor.of(t, t.length)));
                cases.add(
                        OpCase.of(
                                "random broadcast",
                                op,
                                Attr.NONE,
                                dt,
                                s.tensor(Shape.of(4, 1), wide, dt),
                                s.tensor(Shape.of(5), Domain.uniform(0, 1), dt)));
                cases.add(
                        OpCase.of(
                                "gradient",
                                op,
                                Attr.NONE,
                                dt,
                                s.tensor(Shape.of(3, 4), Domain.uniform(-15, 15), dt),
                                s.tensor(Shape.of(4), Domain.uniform(0, 1), dt)));
            }
            case ADAM_MOMENT, ADAM_SECOND_MOMENT, ADAM_STEP -> {
                cases.add(adamCase("random", op, dt, s, Shape.of(4, 5)));
                cases.add(adamCase("gradient", op, dt, s, Shape.of(3, 4)));
                cases.add(adamCase("gradient scalar param", op, dt, s, Shape.scalar()));
            }
        }
        return cases;
    }

    /**
     * Adam's kernels at a param of the given shape: moments and gradients of either sign (the
     * second moment and v positive), the hyperparameter scalars in their usual ranges.
     */
    static OpCase adamCase(String label, FusedOp op, DType dt, Samples s, Shape shape) {
        Domain signed = Domain.uniform(-2, 2);
        Domain positive = Domain.uniform(1e-3, 2);
        Shape one = Shape.scalar();
        if (op == FusedOp.ADAM_STEP) {
            return OpCase.of(
                    label,
                    op,
                    Attr.NONE,
                    dt,
                    s.tensor(shape, signed, dt),
                    s.tensor(shape, signed, dt),
                    s.tensor(shape, positive, dt),
                    s.tensor(one, Domain.uniform(1e-4, 0.1), dt),
                    s.tensor(one, Domain.uniform(0.03, 1), dt),
                    s.tensor(one, Domain.uniform(1e-8, 1e-2), dt));
        }
        Domain state = op == FusedOp.ADAM_SECOND_MOMENT ? positive : signed;
        HostTensor beta = s.tensor(one, Domain.uniform(0.8, 0.9999), dt);
        double[] rest = {1 - beta.data()[0]};
        return OpCase.of(
                label,
                op,
                Attr.NONE,
                dt,
                s.tensor(shape, state, dt),
                s.tensor(shape, signed, dt),
                beta,
                HostTensor.of(rest));
    }

    /** Softplus with PyTorch's threshold, and the textbook stable BCE with logits, in double. */
    private static HostTensor closedForm(OpCase c) {
        Shape out = c.outType().shape();
        double[] r = new double[out.size()];
        HostTensor a = c.inputs().get(0);
        for (int i = 0; i < r.length; i++) {
            double v;
            if (c.op() == FusedOp.SOFTPLUS) {
                double x = a.data()[i];
                v = x > 20 ? x : Math.log1p(Math.exp(x));
            } else if (c.op() != FusedOp.BCE_WITH_LOGITS) {
                v = adamTerms(c, out, i)[0];
            } else {
                double l = broadcastAt(a, out, i);
                double t = broadcastAt(c.inputs().get(1), out, i);
                v = Math.max(l, 0) - l * t + Math.log1p(Math.exp(-Math.abs(l)));
            }
            r[i] = c.dtype().round(v);
        }
        return new HostTensor(out, r);
    }

    private static double broadcastAt(HostTensor t, Shape out, int flat) {
        int[] dims = out.toArray();
        int at = 0;
        int stride = 1;
        for (int i = dims.length - 1, j = t.shape().rank() - 1; j >= 0; i--, j--) {
            int coord = (flat / out.strides()[i]) % dims[i];
            at += (t.shape().dim(j) == 1 ? 0 : coord) * stride;
            stride *= t.shape().dim(j);
        }
        return t.data()[at];
    }

    /**
     * Adam's kernels in double: the value, then the magnitudes of the two terms it adds, which set
     * the scale of the rounding the float kernels may show.
     */
    private static double[] adamTerms(OpCase c, Shape out, int i) {
        double[] x = new double[c.inputs().size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = broadcastAt(c.inputs().get(k), out, i);
        }
        double first;
        double second;
        if (c.op() == FusedOp.ADAM_STEP) {
            first = x[0];
            second = -x[1] * x[3] / (Math.sqrt(x[2]) / x[4] + x[5]);
        } else {
            first = x[0] * x[2];
            second = c.op() == FusedOp.ADAM_MOMENT ? x[1] * x[3] : x[1] * x[3] * x[1];
        }
        return new double[] {first + second, Math.abs(first), Math.abs(second)};
    }

    private static double[] scale(OpCase c, HostTensor ref) {
        double[] s = new double[ref.data().length];
        boolean adam = c.op() != FusedOp.SOFTPLUS && c.op() != FusedOp.BCE_WITH_LOGITS;
        for (int i = 0; i < s.length; i++) {
            if (adam) {
                double[] t = adamTerms(c, ref.shape(), i);
                s[i] = t[1] + t[2];
                continue;
            }
            s[i] = Math.abs(ref.data()[i]);
            if (c.op() == FusedOp.BCE_WITH_LOGITS) {
                s[i] += 2 * Math.abs(broadcastAt(c.inputs().get(0), ref.shape(), i)) + 1;
            }
        }
        return s;
    }

    private static HostTensor download(Tensor t) {
        return new HostTensor(t.shape(), t.toDoubleArray());
    }
}
