package org.ppl4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ppl4j.core.PplException;
import org.ppl4j.core.ShapeException;

/**
 * Reverse-mode automatic differentiation over the primitives' VJPs.
 *
 * <p>The backward pass is ordinary tensor code through the dispatch point, so with {@code
 * createGraph} it is recorded too and can be differentiated again.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {3}, 1).requiringGrad();
 * Tensor dy = Autodiff.grad(x.pow(3).sum(), List.of(x), true).get(0);  // 3x^2 = 27
 * Tensor d2y = Autodiff.grad(dy.sum(), x);                              // 6x = 18
 * }</pre>
 */
public final class Autodiff {
    private Autodiff() {}

    /** The gradient of the scalar {@code loss} with respect to one tensor. */
    public static Tensor grad(Tensor loss, Tensor wrt) {
        return grad(loss, List.of(wrt), false).get(0);
    }

    /**
     * The gradients of the scalar {@code loss} with respect to each of {@code wrt} (zeros for those
     * it does not depend on).
     *
     * @param createGraph record the backward pass so the gradients can be differentiated again
     */
    public static List<Tensor> grad(Tensor loss, List<Tensor> wrt, boolean createGraph) {
        if (loss.size() != 1) {
            throw new ShapeException(
                    "grad: the loss must have one element, got shape "
                            + loss.shape()
                            + "; reduce it first, e.g. with .sum()");
        }
        return vjp(loss, loss.onesLike(), wrt, createGraph);
    }

    /** The vector-Jacobian product {@code seed^T d output / d wrt} for each of {@code wrt}. */
    public static List<Tensor> vjp(
            Tensor output, Tensor seed, List<Tensor> wrt, boolean createGraph) {
        if (!seed.shape().equals(output.shape())) {
            throw new ShapeException(
                    "vjp: seed shape "
                            + seed.shape()
                            + " must equal output shape "
                            + output.shape());
        }
        for (Tensor w : wrt) {
            if (!w.requiresGrad()) {
                throw new PplException(
                        "grad: "
                                + w
                                + " does not require grad; make it a leaf with"
                                + " .requiringGrad() before computing with it");
            }
        }
        ThreadState ts = ThreadState.get();
        boolean saved = ts.gradEnabled;
        ts.gradEnabled = createGraph;
        try {
            Map<Tensor, Tensor> cot = backward(output, seed);
            List<Tensor> out = new ArrayList<>(wrt.size());
            for (Tensor w : wrt) {
                Tensor g = cot.get(w);
                out.add(g != null ? g : w.zerosLike());
            }
            return out;
        } finally {
            ts.gradEnabled = saved;
        }
    }

    private static Map<Tensor, Tensor> backward(Tensor output, Tensor seed) {
        List<Tensor> order = topologicalOrder(output);
        Map<Tensor, Tensor> cot = new IdentityHashMap<>();
        cot.put(output, seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            Tensor g = cot.get(t);
            Node n = t.node();
            if (g == null || n == null) {
                continue;
            }
            Tensor[] gs = Gradients.vjp(n.primitive(), g, n.inputs(), t, n.attr());
            for (int k = 0; k < gs.length; k++) {
                Tensor in = n.inputs()[k];
                if (gs[k] == null || !in.requiresGrad()) {
                    continue;
                }
                cot.merge(in, gs[k], Tensor::add);
            }
        }
        return cot;
    }

    /** Every tensor that requires grad and reaches {@code root}, inputs before outputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.put(root, true);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node n = t.node();
            Tensor[] ins = n == null ? new Tensor[0] : n.inputs();
            if (next < ins.length) {
                frame[1] = next + 1;
                Tensor in = ins[next];
                if (in.requiresGrad() && seen.put(in, true) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /**
     * Turns gradient recording off for this thread until the returned handle is closed (like
     * PyTorch's {@code no_grad}), e.g. for optimizer updates.
     */
    public static Dispatch.Restore noGrad() {
        ThreadState ts = ThreadState.get();
        boolean saved = ts.gradEnabled;
        ts.gradEnabled = false;
        return () -> ts.gradEnabled = saved;
    }
}
