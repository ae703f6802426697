package org.ppl4j.tck.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
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
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.UnaryOp;
import org.ppl4j.tck.Layer;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;
import org.ppl4j.testkit.BackendsUnderTest;
import org.ppl4j.testkit.ReferenceBackend;

/**
 * Layer 2: every differentiable primitive's VJP, run through {@link Autodiff} on the backend under
 * test, equals central finite differences of the loss {@code sum(op(x) * c)} computed by the
 * reference in float64; second-order gradients (Hessian-vector products through {@code
 * createGraph}) equal differences of the reference's gradients.
 *
 * <p>Tolerance: {@code |g - fd| <= 1e-6 * (1 + |fd|)} first order (step 1e-6 relative: truncation
 * and rounding both stay below 1e-8 on these inputs) and 1e-5 second order (step 1e-4).
 */
@Tag(Layer.GRADIENTS)
class GradientConformanceTest {
    private static final ReferenceBackend ORACLE = new ReferenceBackend();

    static Stream<Arguments> differentiable() {
        return BackendsUnderTest.crossedWith(GradCases.differentiable());
    }

    static Stream<Arguments> nonDifferentiable() {
        return BackendsUnderTest.crossedWith(GradCases.nonDifferentiable());
    }

    static Stream<Arguments> backends() {
        return BackendsUnderTest.arguments();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("differentiable")
    void vjpMatchesFiniteDifferences(Backend backend, Primitive p) {
        assumeFloat64(backend);
        Samples s = Samples.forCase(p);
        Agreement agreement = new Agreement();
        for (OpCase c : GradCases.of(p, s)) {
            GradientCheck check = new GradientCheck(ORACLE, c, s);
            GradientCheck.compare(
                    agreement, c, check.numeric(1e-6), () -> check.autodiff(backend), 1e-6);
        }
        assertThat(agreement.cases()).isGreaterThan(0);
        agreement.assertAllAgree();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("differentiable")
    void secondOrderMatchesFiniteDifferencesOfGradients(Backend backend, Primitive p) {
        assumeFloat64(backend);
        Samples s = Samples.forCase(p, "second order");
        Agreement agreement = new Agreement();
        for (OpCase c : GradCases.of(p, s)) {
            GradientCheck check = new GradientCheck(ORACLE, c, s);
            List<HostTensor> v = new ArrayList<>();
            for (Shape sh : check.wrtShapes()) {
                v.add(s.tensor(sh, Domain.uniform(-1, 1), DType.F64));
            }
            GradientCheck.compare(
                    agreement,
                    c,
                    check.numericHessianTimes(v, 1e-4),
                    () -> check.hessianTimes(backend, v),
                    1e-5);
        }
        agreement.assertAllAgree();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nonDifferentiable")
    void nonDifferentiablePrimitivesPassZeroGradient(Backend backend, Primitive p) {
        assumeFloat64(backend);
        Samples s = Samples.forCase(p);
        Domain d = p instanceof UnaryOp u ? GradCases.unaryDomain(u) : Domain.uniform(-2, 2);
        HostTensor[] in = new HostTensor[p instanceof UnaryOp ? 1 : 2];
        for (int i = 0; i < in.length; i++) {
            in[i] = s.tensor(Shape.of(2, 3), d, DType.F64);
        }
        OpCase c = OpCase.of("random", p, Attr.NONE, DType.F64, in);
        GradientCheck check = new GradientCheck(ORACLE, c, s);
        List<HostTensor> fd = check.numeric(1e-6);
        assertThat(fd).allSatisfy(g -> assertThat(g.data()).containsOnly(0.0));
        Agreement agreement = new Agreement();
        GradientCheck.compare(agreement, c, fd, () -> check.autodiff(backend), 1e-6);
        agreement.assertAllAgree();
    }

    /** Runs on every backend in float32: broadcasting is undone by summing, shapes included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void broadcastGradientsAreSummedBackToInputShapes(Backend backend) {
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1).requiringGrad();
            Tensor b = Tensor.of(new float[] {1, 2, 3, 4}, 4).requiringGrad();
            List<Tensor> g = Autodiff.grad(a.add(b).sum(), List.of(a, b), false);
            assertThat(g.get(0).shape()).isEqualTo(Shape.of(3, 1));
            assertThat(g.get(1).shape()).isEqualTo(Shape.of(4));
            assertThat(g.get(0).toFloatArray()).containsExactly(4, 4, 4);
            assertThat(g.get(1).toFloatArray()).containsExactly(3, 3, 3, 3);

            Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 1, 3).requiringGrad();
            Tensor y = Tensor.of(new float[] {1, 10, 100, 1000}, 4, 1).requiringGrad();
            List<Tensor> gm = Autodiff.grad(x.mul(y).sum(), List.of(x, y), false);
            assertThat(gm.get(0).shape()).isEqualTo(Shape.of(2, 1, 3));
            assertThat(gm.get(1).shape()).isEqualTo(Shape.of(4, 1));
            assertThat(gm.get(0).toFloatArray()).containsOnly(1111);
            assertThat(gm.get(1).toFloatArray()).containsOnly(21);
        }
    }

    /** The gradient of a cast comes back in the input's dtype with the cotangent's values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void castGradientReturnsToTheInputDtype(Backend backend) {
        assumeFloat64(backend);
        try (TensorScope scope = new TensorScope(backend)) {
            Tensor x = Tensor.of(new double[] {0.5, -1.25}, DType.F32, 2).requiringGrad();
            Tensor c = Tensor.of(new double[] {0.1, 3}, DType.F64, 2);
            Tensor g = Autodiff.grad(x.cast(DType.F64).mul(c).sum(), x);
            assertThat(g.dtype()).isEqualTo(DType.F32);
            assertThat(g.toFloatArray()).containsExactly(0.1f, 3f);

            Tensor z = Tensor.of(new double[] {0.5, -1.25}, DType.F64, 2).requiringGrad();
            Tensor c32 = Tensor.of(new double[] {0.1, 3}, DType.F32, 2);
            Tensor gz = Autodiff.grad(z.cast(DType.F32).mul(c32).sum(), z);
            assertThat(gz.dtype()).isEqualTo(DType.F64);
            assertThat(gz.toDoubleArray()).containsExactly((double) 0.1f, 3.0);
        }
    }

    private static void assumeFloat64(Backend b) {
        assumeTrue(
                Capabilities.hasFloat64(b),
                "backend '"
                        + b.name()
                        + "' does not declare"
                        + " Capability.FLOAT64, and finite differences need float64 to be accurate");
    }
}
