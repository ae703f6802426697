package org.ppl4j.tck.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.UnaryOp;

/**
 * The float64 cases of layer 2: inputs inside each primitive's domain and away from its kinks and
 * ties (|x| >= 0.2 for abs, max/min operands 0.25 apart, positive bases for pow), so that central
 * differences are accurate.
 */
final class GradCases {
    private static final DType F64 = DType.F64;

    private GradCases() {}

    /** Every primitive that can pass a gradient, fused ops included. */
    static List<Primitive> differentiable() {
        return Stream.concat(PrimitiveCases.all().stream(), Arrays.stream(FusedOp.values()))
                .filter(Primitive::differentiable)
                .toList();
    }

    /** The primitives that pass no gradient although they take tensor inputs. */
    static List<Primitive> nonDifferentiable() {
        // The gamma gradient has derivatives, only none implemented; SpecialGammaGradTest checks
        // it.
        return PrimitiveCases.all().stream()
                .filter(p -> !p.differentiable() && !(p instanceof CreationOp))
                .filter(p -> p != SpecialOp.STANDARD_GAMMA_GRAD)
                .toList();
    }

    /** Which inputs of {@code p} receive a gradient (WHERE's condition does not). */
    static boolean[] wrt(OpCase c) {
        boolean[] w = new boolean[c.inputs().size()];
        Arrays.fill(w, true);
        if (c.op() == SelectOp.WHERE) {
            w[0] = false;
        }
        return w;
    }

    static List<OpCase> of(Primitive p, Samples s) {
        if (p instanceof UnaryOp u) {
            return unary(u, s);
        } else if (p instanceof BinaryOp b) {
            return binary(b, s);
        } else if (p instanceof SelectOp) {
            return where(s);
        } else if (p instanceof ReduceOp r) {
            return reduce(r, s);
        } else if (p instanceof MatmulOp) {
            return matmul(s);
        } else if (p instanceof LayoutOp l) {
            return layout(l, s);
        } else if (p instanceof FusedOp f) {
            return fused(f, s);
        } else if (p instanceof SpecialOp sp) {
            return SpecialCases.grads(sp, s);
        } else if (p instanceof LinalgOp l) {
            return LinalgCases.grads(l, s);
        }
        throw new IllegalArgumentException("no gradient cases for " + p);
    }

    static Domain unaryDomain(UnaryOp op) {
        return switch (op) {
            case NEG, EXP, EXPM1, TANH, CAST -> Domain.uniform(-2, 2);
            case ABS, SIGN -> Domain.awayFromZero(0.2, 2);
            case LOG, SQRT -> Domain.uniform(0.5, 3);
            case LOG1P -> Domain.uniform(-0.5, 2);
            case SIGMOID, SIN, COS -> Domain.uniform(-3, 3);
            case FLOOR -> r -> r.nextInt(9) - 4 + 0.5; // halfway between integers
        };
    }

    private static List<OpCase> unary(UnaryOp op, Samples s) {
        Attr attr = op == UnaryOp.CAST ? new Attr.ToType(F64) : Attr.NONE;
        List<OpCase> cases = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>(List.of(Shape.of(), Shape.of(0), Shape.of(3, 2)));
        shapes.add(s.shape(1, 3, 4, false));
        for (Shape sh : shapes) {
            cases.add(OpCase.of("shape " + sh, op, attr, F64, s.tensor(sh, unaryDomain(op), F64)));
        }
        return cases;
    }

    private static Domain[] binaryDomains(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL -> new Domain[] {Domain.uniform(-2, 2), Domain.uniform(-2, 2)};
            case DIV -> new Domain[] {Domain.uniform(-2, 2), Domain.awayFromZero(0.5, 2)};
            case POW -> new Domain[] {Domain.uniform(0.5, 2), Domain.uniform(-2, 2)};
            case MAXIMUM, MINIMUM -> new Domain[] {Domain.grid(0.1, 4), Domain.grid(0.35, 4)};
        };
    }

    private static List<OpCase> binary(BinaryOp op, Samples s) {
        Domain[] d = binaryDomains(op);
        List<Shape[]> shapes = new ArrayList<>();
        int[][][] fixed = {
            {{3, 1}, {4}}, {{}, {3}}, {{2, 1, 3}, {4, 1}}, {{2, 3}, {2, 3}}, {{0}, {1}}
        };
        for (int[][] f : fixed) {
            shapes.add(new Shape[] {Shape.of(f[0]), Shape.of(f[1])});
        }
        shapes.add(s.broadcastable(2, false));
        shapes.add(s.broadcastable(2, false));
        List<OpCase> cases = new ArrayList<>();
        for (Shape[] sh : shapes) {
            cases.add(
                    OpCase.of(
                            "shapes " + sh[0] + " " + sh[1],
                            op,
                            Attr.NONE,
                            F64,
                            s.tensor(sh[0], d[0], F64),
                            s.tensor(sh[1], d[1], F64)));
        }
        return cases;
    }

    private static List<OpCase> where(Samples s) {
        List<OpCase> cases = new ArrayList<>();
        Domain cond = Domain.oneOf(0, 1);
        Domain v = Domain.uniform(-2, 2);
        int[][][] fixed = {{{2, 3}, {3}, {2, 1}}, {{4}, {4}, {}}};
        for (int[][] f : fixed) {
            cases.add(
                    OpCase.of(
                            "fixed",
                            SelectOp.WHERE,
                            Attr.NONE,
                            F64,
                            s.tensor(Shape.of(f[0]), cond, F64),
                            s.tensor(Shape.of(f[1]), v, F64),
                            s.tensor(Shape.of(f[2]), v, F64)));
        }
        Shape[] sh = s.broadcastable(3, false);
        cases.add(
                OpCase.of(
                        "random",
                        SelectOp.WHERE,
                        Attr.NONE,
                        F64,
                        s.tensor(sh[0], cond, F64),
                        s.tensor(sh[1], v, F64),
                        s.tensor(sh[2], v, F64)));
        return cases;
    }

    private static List<OpCase> reduce(ReduceOp op, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        Domain d = Domain.uniform(-2, 2);
        cases.add(
                OpCase.of(
                        "rows",
                        op,
                        new Attr.Axes(new int[] {1}, false),
                        F64,
                        s.tensor(Shape.of(3, 4), d, F64)));
        cases.add(
                OpCase.of(
                        "all, keepDims",
                        op,
                        new Attr.Axes(new int[] {0, 1, 2}, true),
                        F64,
                        s.tensor(Shape.of(2, 3, 2), d, F64)));
        for (int i = 0; i < 3; i++) {
            cases.add(StructuralCases.reduce(op, s, d, F64));
        }
        if (op == ReduceOp.SUM) {
            return cases;
        }
        // max/min: all values distinct, so no reduction group has a tie
        return cases.stream()
                .map(
                        c -> {
                            HostTensor x = c.inputs().get(0);
                            return c.withInput(
                                    0, new HostTensor(x.shape(), s.distinct(x.data().length)));
                        })
                .toList();
    }

    private static List<OpCase> matmul(Samples s) {
        List<OpCase> cases = new ArrayList<>();
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int i = 0; i < 2; i++) {
                    cases.add(StructuralCases.matmul(s, Domain.uniform(-2, 2), F64, ta, tb));
                }
            }
        }
        return cases;
    }

    private static List<OpCase> layout(LayoutOp op, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            cases.add(StructuralCases.layout(op, s, Domain.uniform(-2, 2), F64));
        }
        return cases;
    }

    /**
     * Softplus away from its threshold at 20, on both sides; BCE with broadcast targets; Adam's
     * kernels at params of three shapes.
     */
    private static List<OpCase> fused(FusedOp op, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        if (op != FusedOp.SOFTPLUS && op != FusedOp.BCE_WITH_LOGITS) {
            for (Shape shape : new Shape[] {Shape.scalar(), Shape.of(3), Shape.of(2, 3)}) {
                cases.add(FusedConformanceTest.adamCase("random", op, F64, s, shape));
            }
            return cases;
        }
        Domain x = Domain.either(Domain.uniform(-5, 5), Domain.uniform(21, 30));
        Domain t = Domain.uniform(0, 1);
        for (int i = 0; i < 3; i++) {
            Shape[] sh = s.broadcastable(2, false);
            cases.add(
                    switch (op) {
                        case SOFTPLUS ->
                                OpCase.of("random", op, Attr.NONE, F64, s.tensor(sh[0], x, F64));
                        case BCE_WITH_LOGITS ->
                                OpCase.of(
                                        "random",
                                        op,
                                        Attr.NONE,
                                        F64,
                                        s.tensor(sh[0], Domain.uniform(-5, 5), F64),
                                        s.tensor(sh[1], t, F64));
                        default -> throw new IllegalStateException("handled above: " + op);
                    });
        }
        return cases;
    }
}
