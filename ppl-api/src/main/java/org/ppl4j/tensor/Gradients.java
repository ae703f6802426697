package org.ppl4j.tensor;

import java.util.function.Supplier;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * The vector-Jacobian product of every primitive, for {@link Autodiff}.
 *
 * <p>Each rule is written in primitives, so that a backward pass is itself dispatched, traceable
 * and differentiable. The op definitions know only types; the rules live here, in the tensor layer,
 * one method per family.
 */
final class Gradients {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Gradients() {}

    /**
     * The cotangents of the inputs of {@code p} given the cotangent {@code g} of its output {@code
     * out}.
     *
     * @return one tensor per input, shaped like it, or {@code null} where the input gets no
     *     gradient (integer-like or non-differentiable arguments)
     */
    static Tensor[] vjp(Primitive p, Tensor g, Tensor[] in, Tensor out, Attr attr) {
        if (p instanceof UnaryOp u) {
            return new Tensor[] {unary(u, g, in[0], out)};
        }
        if (p instanceof BinaryOp b) {
            return binary(b, g, in, out);
        }
        if (p instanceof CompareOp) {
            return new Tensor[] {null, null};
        }
        if (p instanceof ReduceOp r) {
            return reduce(r, g, in, out, attr);
        }
        if (p instanceof LayoutOp l) {
            return layout(l, g, in, attr);
        }
        if (p instanceof MatmulOp) {
            return matmul(g, in, (Attr.Transpose) attr);
        }
        if (p instanceof SelectOp) {
            return where(g, in);
        }
        if (p instanceof CreationOp) {
            return new Tensor[0];
        }
        if (p instanceof FusedOp f) {
            return fused(f, g, in);
        }
        if (p instanceof SpecialOp s) {
            return special(s, g, in[0], attr);
        }
        if (p instanceof LinalgOp l) {
            return linalg(l, g, in, out, attr);
        }
        throw new IllegalStateException("no VJP for primitive " + p.name());
    }

    /**
     * The cotangent of the input {@code x} with output {@code y}, or null where the derivative is
     * zero almost everywhere.
     */
    private static Tensor unary(UnaryOp op, Tensor g, Tensor x, Tensor y) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SIGN, FLOOR -> null;
            case EXP -> g.mul(y);
            case EXPM1 -> g.mul(y.add(1.0));
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1.0));
            case SQRT -> g.div(y.mul(2.0));
            case TANH -> g.mul(y.mul(y).neg().add(1.0));
            case SIGMOID -> g.mul(y.mul(y.neg().add(1.0)));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case CAST -> g.cast(x.dtype());
        };
    }

    private static Tensor[] binary(BinaryOp op, Tensor g, Tensor[] in, Tensor z) {
        // Operands that need no gradient may get null here (saves the work).
        Tensor x = in[0];
        Tensor y = in[1];
        Tensor[] gs =
                switch (op) {
                    case ADD -> new Tensor[] {g, g};
                    case SUB -> new Tensor[] {g, y.requiresGrad() ? g.neg() : null};
                    case MUL ->
                            new Tensor[] {
                                x.requiresGrad() ? g.mul(y) : null,
                                y.requiresGrad() ? g.mul(x) : null
                            };
                    case DIV -> {
                        Tensor gx = g.div(y);
                        yield new Tensor[] {gx, y.requiresGrad() ? gx.mul(z).neg() : null};
                    }
                    case POW -> {
                        Tensor zero = x.zerosLike();
                        // d/dx x^y = y x^(y-1), which is 0 * inf = NaN at x == 0, y == 0;
                        // PyTorch gives 0 wherever y == 0.
                        Tensor gx = y.eq(0.0).where(zero, g.mul(y).mul(x.pow(y.sub(1.0))));
                        // d/dy x^y = x^y log x; at x == 0 PyTorch (and the limit for y > 0)
                        // gives 0.
                        Tensor safeLog = x.eq(zero).where(zero, x.log());
                        Tensor gy = g.mul(z).mul(safeLog);
                        yield new Tensor[] {gx, gy};
                    }
                    // Ties share the gradient equally, as in PyTorch.
                    case MAXIMUM -> shareTies(g, x.gt(y).add(x.eq(y).mul(0.5)));
                    case MINIMUM -> shareTies(g, x.lt(y).add(x.eq(y).mul(0.5)));
                };
        return new Tensor[] {
            gs[0] == null ? null : gs[0].sumTo(x.shape()),
            gs[1] == null ? null : gs[1].sumTo(y.shape())
        };
    }

    /** The cotangents of an elementwise maximum or minimum whose first operand has weight wx. */
    private static Tensor[] shareTies(Tensor g, Tensor wx) {
        return new Tensor[] {g.mul(wx), g.mul(wx.neg().add(1.0))};
    }

    private static Tensor[] reduce(ReduceOp op, Tensor g, Tensor[] in, Tensor out, Attr attr) {
        Attr.Axes a = (Attr.Axes) attr;
        Shape kept = ReduceOp.reducedShape(in[0].shape(), a.axes(), true);
        Tensor gk = g.reshape(kept.toArray());
        if (op == ReduceOp.SUM) {
            return new Tensor[] {gk.broadcastTo(in[0].shape())};
        }
        // MAX and MIN: ties share the gradient equally, as PyTorch's amax and amin.
        Tensor mask = in[0].eq(out.reshape(kept.toArray()));
        Tensor count = mask.sum(a.axes(), true);
        return new Tensor[] {mask.mul(gk.div(count))};
    }

    private static Tensor[] layout(LayoutOp op, Tensor g, Tensor[] in, Attr attr) {
        return switch (op) {
            case RESHAPE -> new Tensor[] {g.reshape(in[0].shape().toArray())};
            case BROADCAST_TO -> new Tensor[] {g.sumTo(in[0].shape())};
            case TRANSPOSE -> {
                int[] perm = ((Attr.Perm) attr).perm();
                int[] inv = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    inv[perm[i]] = i;
                }
                yield new Tensor[] {g.permute(inv)};
            }
            case SLICE -> {
                Attr.Window w = (Attr.Window) attr;
                int[] after = in[0].shape().toArray();
                int[] e = w.end();
                for (int i = 0; i < after.length; i++) {
                    after[i] -= e[i];
                }
                yield new Tensor[] {g.pad(w.begin(), after)};
            }
            case PAD -> {
                int[] b = ((Attr.Padding) attr).before();
                int[] e = in[0].shape().toArray();
                for (int i = 0; i < e.length; i++) {
                    e[i] += b[i];
                }
                yield new Tensor[] {g.slice(b, e)};
            }
            case CONCAT -> {
                int axis = ((Attr.Axis) attr).axis();
                Tensor[] gs = new Tensor[in.length];
                int offset = 0;
                for (int k = 0; k < in.length; k++) {
                    int[] b = new int[g.rank()];
                    int[] e = g.shape().toArray();
                    b[axis] = offset;
                    offset += in[k].shape().dim(axis);
                    e[axis] = offset;
                    gs[k] = g.slice(b, e);
                }
                yield gs;
            }
            case GATHER -> {
                Attr.Index x = (Attr.Index) attr;
                int size = in[0].shape().dim(x.axis());
                yield new Tensor[] {g.scatterAdd(x.axis(), x.indices(), size)};
            }
            case SCATTER_ADD -> {
                Attr.Index x = (Attr.Index) attr;
                yield new Tensor[] {g.gather(x.axis(), x.indices())};
            }
            case INDEX_SELECT -> {
                Attr.IndexAxis x = (Attr.IndexAxis) attr;
                yield new Tensor[] {g.indexAdd(x.axis(), in[1], x.size()), null};
            }
            case INDEX_ADD -> {
                Attr.IndexAxis x = (Attr.IndexAxis) attr;
                yield new Tensor[] {g.indexSelect(x.axis(), in[1]), null};
            }
        };
    }

    private static Tensor[] matmul(Tensor g, Tensor[] in, Attr.Transpose t) {
        Tensor a = in[0];
        Tensor b = in[1];
        // Only the operands that need a gradient get one: the data side of a layer costs a
        // whole matrix product otherwise.
        Tensor ga = null;
        Tensor gb = null;
        if (!t.a() && !t.b()) {
            ga = a.requiresGrad() ? g.matmul(b, false, true) : null;
            gb = b.requiresGrad() ? a.matmul(g, true, false) : null;
        } else if (t.a() && !t.b()) {
            ga = a.requiresGrad() ? b.matmul(g, false, true) : null;
            gb = b.requiresGrad() ? a.matmul(g, false, false) : null;
        } else if (!t.a()) {
            ga = a.requiresGrad() ? g.matmul(b, false, false) : null;
            gb = b.requiresGrad() ? g.matmul(a, true, false) : null;
        } else {
            ga = a.requiresGrad() ? b.matmul(g, true, true) : null;
            gb = b.requiresGrad() ? g.matmul(a, true, true) : null;
        }
        return new Tensor[] {ga, gb};
    }

    private static Tensor[] where(Tensor g, Tensor[] in) {
        Tensor zero = g.constant(0.0);
        Tensor ga = in[1].requiresGrad() ? in[0].where(g, zero).sumTo(in[1].shape()) : null;
        Tensor gb = in[2].requiresGrad() ? in[0].where(zero, g).sumTo(in[2].shape()) : null;
        return new Tensor[] {null, ga, gb};
    }

    private static Tensor[] fused(FusedOp op, Tensor g, Tensor[] in) {
        return switch (op) {
            case SOFTPLUS -> {
                // PyTorch's softplus backward: the gradient is exactly g above the threshold.
                Tensor x = in[0];
                yield new Tensor[] {x.gt(20.0).where(g, g.mul(x.sigmoid()))};
            }
            case BCE_WITH_LOGITS -> {
                Tensor l = in[0];
                Tensor t = in[1];
                Tensor gl = l.requiresGrad() ? g.mul(l.sigmoid().sub(t)).sumTo(l.shape()) : null;
                Tensor gt = t.requiresGrad() ? g.mul(l).neg().sumTo(t.shape()) : null;
                yield new Tensor[] {gl, gt};
            }
            case ADAM_MOMENT ->
                    new Tensor[] {
                        summed(in[0], () -> g.mul(in[2])),
                        summed(in[1], () -> g.mul(in[3])),
                        summed(in[2], () -> g.mul(in[0])),
                        summed(in[3], () -> g.mul(in[1]))
                    };
            case ADAM_SECOND_MOMENT ->
                    new Tensor[] {
                        summed(in[0], () -> g.mul(in[2])),
                        summed(in[1], () -> g.mul(in[3]).mul(in[1]).mul(2.0)),
                        summed(in[2], () -> g.mul(in[0])),
                        summed(in[3], () -> g.mul(in[1]).mul(in[1]))
                    };
            case ADAM_STEP -> {
                Tensor root = in[2].sqrt();
                Tensor denom = root.div(in[4]).add(in[5]);
                // d out / d denom = m a / denom^2
                Tensor gd = g.mul(in[1]).mul(in[3]).div(denom.square());
                yield new Tensor[] {
                    summed(in[0], () -> g),
                    summed(in[1], () -> g.mul(in[3]).div(denom).neg()),
                    summed(in[2], () -> gd.div(root.mul(in[4]).mul(2.0))),
                    summed(in[3], () -> g.mul(in[1]).div(denom).neg()),
                    summed(in[4], () -> gd.mul(root).div(in[4].square()).neg()),
                    summed(in[5], () -> gd)
                };
            }
        };
    }

    /** The cotangent of {@code x}, summed to its shape, or null if it takes no gradient. */
    private static Tensor summed(Tensor x, Supplier<Tensor> g) {
        return x.requiresGrad() ? g.get().sumTo(x.shape()) : null;
    }

    /**
     * Each special function's derivative is again one ({@code lgamma' = digamma}, {@code digamma' =
     * polygamma(1)}, {@code polygamma(n)' = polygamma(n + 1)}), so derivatives of every order
     * exist.
     */
    private static Tensor[] special(SpecialOp op, Tensor g, Tensor x, Attr attr) {
        return switch (op) {
            case LGAMMA -> new Tensor[] {g.mul(x.digamma())};
            case DIGAMMA -> new Tensor[] {g.mul(x.polygamma(1))};
            case POLYGAMMA -> new Tensor[] {g.mul(x.polygamma(((Attr.Order) attr).n() + 1))};
            case ERF -> new Tensor[] {g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI))};
            case ERFC -> new Tensor[] {g.mul(x.square().neg().exp().mul(-TWO_OVER_SQRT_PI))};
            // Like PyTorch's _standard_gamma_grad it has no derivative of its own, so a Gamma
            // draw's pathwise gradient is first order only.
            case STANDARD_GAMMA_GRAD -> new Tensor[] {null, null};
        };
    }

    private static Tensor[] linalg(LinalgOp op, Tensor g, Tensor[] in, Tensor out, Attr attr) {
        return switch (op) {
            case CHOLESKY -> {
                // Murray 2016: with Phi(X) the lower triangle of X with its diagonal halved and
                // S = L^-T Phi(L^T Lbar) L^-1, the cotangent of A is Phi(S + S^T).
                Tensor phi = halfDiagonalLower(out);
                Tensor inner = out.matmul(g, true, false).mul(phi); // Phi(L^T Lbar)
                Tensor left = out.triangularSolve(inner, true, true); // L^-T Phi
                Tensor s = out.triangularSolve(left.transpose(), true, true).transpose();
                yield new Tensor[] {s.add(s.transpose()).mul(phi)};
            }
            case TRIANGULAR_SOLVE -> {
                // Bbar = op(A)^-T Xbar, one more solve, and Abar = -Bbar X^T (-X Bbar^T when
                // transposed) restricted to the triangle read, each summed over broadcast dims.
                Attr.Triangular t = (Attr.Triangular) attr;
                Tensor a = in[0];
                Tensor b = in[1];
                Tensor gb = a.triangularSolve(g, t.lower(), !t.transpose());
                Tensor ga = null;
                if (a.requiresGrad()) {
                    Tensor outer =
                            t.transpose()
                                    ? out.matmul(gb, false, true)
                                    : gb.matmul(out, false, true);
                    Tensor mask = Functions.triangle(out, a.dim(-1), t.lower(), 0);
                    ga = mask.where(outer.neg(), mask.zerosLike()).sumTo(a.shape());
                }
                yield new Tensor[] {ga, b.requiresGrad() ? gb.sumTo(b.shape()) : null};
            }
        };
    }

    /** {@code Phi}'s mask: 1 below the diagonal, 1/2 on it, 0 above. */
    private static Tensor halfDiagonalLower(Tensor like) {
        int n = like.dim(-1);
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                m[i * n + j] = 1;
            }
            m[i * n + i] = 0.5;
        }
        return Dispatch.fromHost(like.backend(), m, new TensorType(Shape.of(n, n), like.dtype()));
    }
}
