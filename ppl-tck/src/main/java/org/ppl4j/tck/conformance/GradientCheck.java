package org.ppl4j.tck.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Backend;
import org.ppl4j.tensor.Autodiff;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.tensor.TensorScope;

/**
 * Gradients of {@code L = sum(op(inputs) * c)} for a fixed random cotangent {@code c}: taken by
 * {@link Autodiff} on a backend, or by central differences of L computed by the reference in
 * float64.
 */
final class GradientCheck {
    private final Backend oracle;
    private final OpCase c;
    private final double[] cot;
    private final boolean[] wrt;

    GradientCheck(Backend oracle, OpCase c, Samples s) {
        this.oracle = oracle;
        this.c = c;
        this.cot = s.tensor(c.outType().shape(), Domain.uniform(-1, 1), DType.F64).data();
        this.wrt = GradCases.wrt(c);
    }

    boolean[] wrt() {
        return wrt;
    }

    /** dL/d(input i) for each input in {@code wrt}, by Autodiff on {@code b}. */
    List<HostTensor> autodiff(Backend b) {
        return autodiff(b, c);
    }

    private List<HostTensor> autodiff(Backend b, OpCase at) {
        try (TensorScope scope = new TensorScope(b)) {
            List<Tensor> leaves = new ArrayList<>();
            Tensor[] in = leaves(at, leaves);
            Tensor loss = lossOf(at.apply(in));
            return download(Autodiff.grad(loss, leaves, false));
        }
    }

    /**
     * The Hessian-vector product d/dx [sum_i
     *
     * <dL/dx_i, v_i>
     *   ] by differentiating the gradient again ({@code createGraph}).
     */
    List<HostTensor> hessianTimes(Backend b, List<HostTensor> v) {
        try (TensorScope scope = new TensorScope(b)) {
            List<Tensor> leaves = new ArrayList<>();
            Tensor[] in = leaves(c, leaves);
            Tensor loss = lossOf(c.apply(in));
            List<Tensor> g = Autodiff.grad(loss, leaves, true);
            Tensor s = Tensor.scalar(0.0, c.dtype());
            for (int i = 0; i < g.size(); i++) {
                s = s.add(g.get(i).mul(v.get(i).upload(c.dtype())).sum());
            }
            return download(Autodiff.grad(s, leaves, false));
        }
    }

    /** Central differences of L for every element of every input in {@code wrt}. */
    List<HostTensor> numeric(double step) {
        List<HostTensor> r = new ArrayList<>();
        for (int i = 0; i < wrt.length; i++) {
            if (!wrt[i]) {
                continue;
            }
            HostTensor x = c.inputs().get(i);
            double[] g = new double[x.data().length];
            for (int j = 0; j < g.length; j++) {
                double h = step * Math.max(1, Math.abs(x.data()[j]));
                double up = x.data()[j] + h;
                double down = x.data()[j] - h;
                g[j] = (loss(with(i, j, up)) - loss(with(i, j, down))) / (up - down);
            }
            r.add(new HostTensor(x.shape(), g));
        }
        return r;
    }

    /** Central differences of the reference's gradient along {@code v}. */
    List<HostTensor> numericHessianTimes(List<HostTensor> v, double step) {
        List<HostTensor> up = autodiff(oracle, shifted(v, step));
        List<HostTensor> down = autodiff(oracle, shifted(v, -step));
        List<HostTensor> r = new ArrayList<>();
        for (int i = 0; i < up.size(); i++) {
            double[] d = new double[up.get(i).data().length];
            for (int j = 0; j < d.length; j++) {
                d[j] = (up.get(i).data()[j] - down.get(i).data()[j]) / (2 * step);
            }
            r.add(new HostTensor(up.get(i).shape(), d));
        }
        return r;
    }

    /**
     * Compares gradients with finite differences: {@code |g - fd| <= rtol * (1 + |fd|)}; a backend
     * that throws is recorded, not propagated.
     */
    static void compare(
            Agreement agreement,
            OpCase c,
            List<HostTensor> expected,
            Supplier<List<HostTensor>> actual,
            double rtol) {
        List<HostTensor> got;
        try {
            got = actual.get();
        } catch (RuntimeException e) {
            agreement.failed(c, e);
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            HostTensor fd = expected.get(i);
            double[] scale = new double[fd.data().length];
            for (int j = 0; j < scale.length; j++) {
                scale[j] = 1 + Math.abs(fd.data()[j]);
            }
            agreement.check("d/d(input " + i + ") of " + c, fd, got.get(i), scale, rtol, 0.0);
        }
    }

    /** Shapes of the inputs that receive gradients. */
    List<Shape> wrtShapes() {
        List<Shape> r = new ArrayList<>();
        for (int i = 0; i < wrt.length; i++) {
            if (wrt[i]) {
                r.add(c.inputs().get(i).shape());
            }
        }
        return r;
    }

    private Tensor[] leaves(OpCase at, List<Tensor> leaves) {
        Tensor[] in = new Tensor[at.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = at.inputs().get(i).upload(at.dtype());
            if (wrt[i]) {
                in[i] = in[i].requiringGrad();
                leaves.add(in[i]);
            }
        }
        return in;
    }

    private Tensor lossOf(Tensor out) {
        return out.mul(new HostTensor(out.shape(), cot).upload(out.dtype())).sum();
    }

    private static List<HostTensor> download(List<Tensor> ts) {
        return ts.stream().map(t -> new HostTensor(t.shape(), t.toDoubleArray())).toList();
    }

    private double loss(OpCase at) {
        double[] out = at.runOn(oracle).data();
        double s = 0;
        for (int k = 0; k < out.length; k++) {
            s += out[k] * cot[k];
        }
        return s;
    }

    private OpCase with(int i, int j, double value) {
        HostTensor x = c.inputs().get(i);
        double[] d = x.data().clone();
        d[j] = value;
        return c.withInput(i, new HostTensor(x.shape(), d));
    }

    private OpCase shifted(List<HostTensor> v, double step) {
        OpCase at = c;
        int k = 0;
        for (int i = 0; i < wrt.length; i++) {
            if (!wrt[i]) {
                continue;
            }
            HostTensor x = c.inputs().get(i);
            double[] d = x.data().clone();
            double[] dir = v.get(k++).data();
            for (int j = 0; j < d.length; j++) {
                d[j] += step * dir[j];
            }
            at = at.withInput(i, new HostTensor(x.shape(), d));
        }
        return at;
    }
}
