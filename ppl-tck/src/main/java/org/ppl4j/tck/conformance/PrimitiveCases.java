package org.ppl4j.tck.conformance;

import static java.lang.Double.NEGATIVE_INFINITY;
import static java.lang.Double.NaN;
import static java.lang.Double.POSITIVE_INFINITY;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.Primitive;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.UnaryOp;

/**
 * The value cases of layer 1, per primitive: special values (NaN, infinities, signed zeros, huge
 * and tiny magnitudes), fixed awkward shapes (scalars, size 1, size 0) and seeded random shapes.
 *
 * <p>The domains are switch expressions over each family's enum, so a new primitive does not
 * compile until it has cases.
 */
final class PrimitiveCases {
    private PrimitiveCases() {}

    /** Each value once, for unary ops: every one is well defined (NaN included) in both dtypes. */
    private static final double[] SPECIALS = {
        NaN,
        POSITIVE_INFINITY,
        NEGATIVE_INFINITY,
        0.0,
        -0.0,
        1,
        -1,
        0.5,
        2.5,
        -2.5,
        1e-30,
        -1e-30,
        1e30,
        -1e30
    };

    /** Operands of binary ops: all pairs are tried. */
    private static final double[] PAIR_SPECIALS = {
        NaN, POSITIVE_INFINITY, NEGATIVE_INFINITY, 0.0, -0.0, 1, -1, 2.5, 1e30, -1e30, 1e-30
    };

    /** Operands of pow: adds negative bases with integer and fractional exponents. */
    private static final double[] POW_SPECIALS = {
        NaN, POSITIVE_INFINITY, NEGATIVE_INFINITY, 0.0, 1, -1, 2, -2, 0.5, 3, -3, 1e30, 1e-30
    };

    private static final int[][] UNARY_SHAPES = {{}, {0}, {2, 0}, {1}, {1, 1}};

    private static final int[][][] PAIR_SHAPES = {
        {{}, {}},
        {{}, {3}},
        {{3, 1}, {4}},
        {{2, 1, 3}, {4, 1}},
        {{0}, {1}},
        {{2, 0}, {2, 1}},
        {{1}, {0}},
        {{3, 0, 2}, {1, 2}},
        {{5}, {5}},
        {{1, 1}, {}},
        {{3}, {1, 1}},
        {{1, 4}, {2, 3, 1}}
    };

    /**
     * Every primitive compared value by value on inputs of one floating dtype (fused ops have
     * FusedConformanceTest; the index-tensor ops, whose second input is an integer tensor,
     * IndexConformanceTest).
     */
    static List<Primitive> all() {
        return Stream.of(
                        UnaryOp.values(),
                        BinaryOp.values(),
                        CompareOp.values(),
                        SelectOp.values(),
                        ReduceOp.values(),
                        MatmulOp.values(),
                        LayoutOp.values(),
                        CreationOp.values(),
                        SpecialOp.values(),
                        LinalgOp.values())
                .flatMap(Arrays::stream)
                .map(p -> (Primitive) p)
                .filter(p -> p != LayoutOp.INDEX_SELECT && p != LayoutOp.INDEX_ADD)
                .toList();
    }

    /** The cases for {@code p} in {@code dt}; {@code dtypes} are those the backend has. */
    static List<OpCase> of(Primitive p, DType dt, List<DType> dtypes, Samples s) {
        if (p instanceof UnaryOp u) {
            return unary(u, dt, dtypes, s);
        } else if (p instanceof BinaryOp b) {
            return binary(b, dt, s);
        } else if (p instanceof CompareOp c) {
            return compare(c, dt, s);
        } else if (p instanceof SelectOp) {
            return where(dt, s);
        } else if (p instanceof ReduceOp r) {
            return reduce(r, dt, s);
        } else if (p instanceof MatmulOp) {
            return matmul(dt, s);
        } else if (p instanceof LayoutOp l) {
            return layout(l, dt, s);
        } else if (p instanceof CreationOp) {
            return full(dt);
        } else if (p instanceof SpecialOp sp) {
            return SpecialCases.values(sp, dt, s);
        } else if (p instanceof LinalgOp l) {
            return LinalgCases.values(l, dt, s);
        }
        throw new IllegalArgumentException("no value cases for " + p);
    }

    /**
     * The scale errors are measured against: the sum of the magnitudes of the terms for sums (SUM,
     * MATMUL, SCATTER_ADD: computed on |inputs| by the reference), at least 1 for sin and cos
     * (argument reduction is accurate in absolute, not relative, terms) and for lgamma and digamma
     * (near their zeros every float method is accurate only in absolute terms), 1000 |ref| for the
     * float64 gamma gradient (1e-9 relative), the largest entry of each matrix for the linear
     * algebra ops (see {@link LinalgCases}), else null for |ref|.
     */
    static double[] errorScale(OpCase c, HostTensor ref, Backend oracle) {
        Primitive p = c.op();
        if (p instanceof LinalgOp) {
            return LinalgCases.errorScale(ref);
        }
        if (p == ReduceOp.SUM || p == MatmulOp.MATMUL || p == LayoutOp.SCATTER_ADD) {
            return c.onAbsoluteValues().runOn(oracle).data();
        }
        if (p == UnaryOp.SIN
                || p == UnaryOp.COS
                || p == SpecialOp.LGAMMA
                || p == SpecialOp.DIGAMMA) {
            return Arrays.stream(ref.data()).map(v -> Math.max(Math.abs(v), 1.0)).toArray();
        }
        if (p == SpecialOp.STANDARD_GAMMA_GRAD && c.outType().dtype() == DType.F64) {
            // Eigen's kernel (TF) is good to 1e-10 relative in the bulk, the reference to 1e-14
            // (checked against mpmath); a pathwise gradient needs far less than either.
            return Arrays.stream(ref.data()).map(v -> 1e3 * Math.abs(v)).toArray();
        }
        return null;
    }

    private static Domain unaryDomain(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, FLOOR, CAST ->
                    Domain.either(Domain.uniform(-10, 10), Domain.signedLogUniform(1e-20, 1e20));
            case EXP -> Domain.uniform(-20, 20);
            case EXPM1 -> Domain.either(Domain.uniform(-20, 20), Domain.uniform(-1e-4, 1e-4));
            case LOG, SQRT -> Domain.logUniform(1e-20, 1e20);
            case LOG1P -> Domain.either(Domain.uniform(-0.99, 10), Domain.uniform(-1e-4, 1e-4));
            case TANH -> Domain.either(Domain.uniform(-10, 10), Domain.uniform(-1e-3, 1e-3));
            case SIGMOID -> Domain.uniform(-30, 30);
            case SIN, COS -> Domain.uniform(-10, 10);
        };
    }

    /** The specials of every one-input op. */
    static double[] specials() {
        return SPECIALS.clone();
    }

    private static double[] unarySpecials(UnaryOp op, DType dt) {
        double[] v = SPECIALS;
        if (op == UnaryOp.SIN || op == UnaryOp.COS) {
            // Huge arguments need exact argument reduction, which the kit does not demand.
            v = Arrays.stream(v).filter(x -> !(Math.abs(x) >= 1e30)).toArray();
            v = concat(v, 100, -100);
        }
        if (op == UnaryOp.CAST && dt == DType.F64) {
            v = concat(v, 1e300, -1e300, 1e-50, 0.1, 1.0 / 3);
        }
        return v;
    }

    private static List<OpCase> unary(UnaryOp op, DType dt, List<DType> dtypes, Samples s) {
        List<Attr> attrs = new ArrayList<>();
        if (op == UnaryOp.CAST) {
            dtypes.forEach(to -> attrs.add(new Attr.ToType(to)));
        } else {
            attrs.add(Attr.NONE);
        }
        return oneInput(op, attrs, dt, unarySpecials(op, dt), unaryDomain(op), s);
    }

    /** Per attribute: the specials, the fixed awkward shapes and random shapes from {@code d}. */
    static List<OpCase> oneInput(
            Primitive op, List<Attr> attrs, DType dt, double[] sp, Domain d, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        for (Attr attr : attrs) {
            cases.add(OpCase.of("special values", op, attr, dt, HostTensor.of(sp, sp.length)));
            for (int[] shape : UNARY_SHAPES) {
                cases.add(OpCase.of("fixed", op, attr, dt, s.tensor(Shape.of(shape), d, dt)));
            }
            for (int i = 0; i < 4; i++) {
                Shape shape = s.shape(0, 4, 5, true);
                cases.add(OpCase.of("random", op, attr, dt, s.tensor(shape, d, dt)));
            }
        }
        return cases;
    }

    private static List<OpCase> binary(BinaryOp op, DType dt, Samples s) {
        Domain a = Domain.uniform(-10, 10);
        Domain b = Domain.uniform(-10, 10);
        Domain huge = Domain.signedLogUniform(1e20, 1e30);
        Domain hugeB = huge;
        switch (op) {
            case DIV -> b = Domain.awayFromZero(0.1, 10);
            case POW -> {
                a = Domain.logUniform(0.1, 10);
                b = Domain.uniform(-3, 3);
                huge = Domain.logUniform(1e-30, 1e30);
                hugeB = Domain.uniform(-1, 1);
            }
            case ADD, SUB, MUL, MAXIMUM, MINIMUM -> {}
        }
        double[] specials = op == BinaryOp.POW ? POW_SPECIALS : PAIR_SPECIALS;
        return pairs(op, dt, s, a, b, huge, hugeB, specials);
    }

    private static List<OpCase> compare(CompareOp op, DType dt, Samples s) {
        Domain ties = Domain.oneOf(-2, -1, 0, 1, 2);
        Domain huge = Domain.signedLogUniform(1e20, 1e30);
        double[] specials = {NaN, POSITIVE_INFINITY, NEGATIVE_INFINITY, 0.0, -0.0, 1, -1, 1e30};
        return pairs(op, dt, s, ties, ties, huge, huge, specials);
    }

    /** Every pair of specials, fixed broadcasting pairs, random pairs and one huge case. */
    static List<OpCase> pairs(
            Primitive op,
            DType dt,
            Samples s,
            Domain a,
            Domain b,
            Domain hugeA,
            Domain hugeB,
            double[] specials) {
        List<OpCase> cases = new ArrayList<>();
        int n = specials.length;
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i * n + j] = specials[i];
                y[i * n + j] = specials[j];
            }
        }
        cases.add(
                OpCase.of(
                        "all pairs of special values",
                        op,
                        Attr.NONE,
                        dt,
                        HostTensor.of(x, n * n),
                        HostTensor.of(y, n * n)));
        for (int[][] p : PAIR_SHAPES) {
            cases.add(
                    OpCase.of(
                            "fixed",
                            op,
                            Attr.NONE,
                            dt,
                            s.tensor(Shape.of(p[0]), a, dt),
                            s.tensor(Shape.of(p[1]), b, dt)));
        }
        for (int i = 0; i < 5; i++) {
            Shape[] sh = s.broadcastable(2, true);
            cases.add(
                    OpCase.of(
                            "random broadcast",
                            op,
                            Attr.NONE,
                            dt,
                            s.tensor(sh[0], a, dt),
                            s.tensor(sh[1], b, dt)));
        }
        cases.add(
                OpCase.of(
                        "large magnitudes",
                        op,
                        Attr.NONE,
                        dt,
                        s.tensor(Shape.of(4, 5), hugeA, dt),
                        s.tensor(Shape.of(5), hugeB, dt)));
        return cases;
    }

    private static List<OpCase> where(DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        SelectOp op = SelectOp.WHERE;
        cases.add(
                OpCase.of(
                        "special values",
                        op,
                        Attr.NONE,
                        dt,
                        HostTensor.of(
                                new double[] {0, 1, -1, 0.5, NaN, POSITIVE_INFINITY, -0.0, 0}, 8),
                        HostTensor.of(
                                new double[] {NaN, POSITIVE_INFINITY, 1e30, 2, 3, -1, 4, NaN}, 8),
                        HostTensor.of(
                                new double[] {5, NaN, -1, NaN, 6, 7, NEGATIVE_INFINITY, 8}, 8)));
        Domain cond = Domain.oneOf(0, 1);
        Domain v = Domain.uniform(-10, 10);
        int[][][] fixed = {
            {{}, {}, {}}, {{3}, {}, {1}}, {{2, 1}, {3}, {2, 3}}, {{0}, {1}, {}}, {{1}, {2, 0}, {1}}
        };
        for (int[][] f : fixed) {
            cases.add(
                    OpCase.of(
                            "fixed",
                            op,
                            Attr.NONE,
                            dt,
                            s.tensor(Shape.of(f[0]), cond, dt),
                            s.tensor(Shape.of(f[1]), v, dt),
                            s.tensor(Shape.of(f[2]), v, dt)));
        }
        for (int i = 0; i < 5; i++) {
            Shape[] sh = s.broadcastable(3, true);
            cases.add(
                    OpCase.of(
                            "random broadcast",
                            op,
                            Attr.NONE,
                            dt,
                            s.tensor(sh[0], cond, dt),
                            s.tensor(sh[1], v, dt),
                            s.tensor(sh[2], v, dt)));
        }
        return cases;
    }

    private static List<OpCase> reduce(ReduceOp op, DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        double[] rows = {
            NaN,
            1,
            2,
            1,
            NaN,
            2,
            1,
            2,
            NaN,
            NEGATIVE_INFINITY,
            NEGATIVE_INFINITY,
            NEGATIVE_INFINITY,
            POSITIVE_INFINITY,
            NEGATIVE_INFINITY,
            0,
            1e30,
            1,
            -1e30,
            -0.0,
            0.0,
            -0.0,
            POSITIVE_INFINITY,
            1,
            2,
            -1e30,
            -1e30,
            -1e30,
            1e-30,
            -1e-30,
            3
        };
        for (boolean keep : new boolean[] {false, true}) {
            cases.add(
                    OpCase.of(
                            "special values per row",
                            op,
                            new Attr.Axes(new int[] {1}, keep),
                            dt,
                            HostTensor.of(rows, 10, 3)));
        }
        Domain d = Domain.uniform(-10, 10);
        int[][][] fixed = {
            {{0, 3}, {1}}, {{2, 3}, {}}, {{}, {}}, {{4}, {0}}, {{2, 3, 4}, {0, 2}}, {{1, 1}, {0, 1}}
        };
        for (int[][] f : fixed) {
            cases.add(
                    OpCase.of(
                            "fixed",
                            op,
                            new Attr.Axes(f[1], false),
                            dt,
                            s.tensor(Shape.of(f[0]), d, dt)));
        }
        if (op == ReduceOp.SUM) {
            cases.add(
                    OpCase.of(
                            "empty axis",
                            op,
                            new Attr.Axes(new int[] {0}, false),
                            dt,
                            s.tensor(Shape.of(0, 3), d, dt)));
            cases.add(
                    OpCase.of(
                            "empty vector",
                            op,
                            new Attr.Axes(new int[] {0}, true),
                            dt,
                            s.tensor(Shape.of(0), d, dt)));
        }
        for (int i = 0; i < 8; i++) {
            cases.add(StructuralCases.reduce(op, s, d, dt));
        }
        OpCase huge = StructuralCases.reduce(op, s, Domain.signedLogUniform(1e20, 1e30), dt);
        cases.add(huge);
        return cases;
    }

    private static List<OpCase> matmul(DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        Domain d = Domain.uniform(-10, 10);
        // Keep float32 products finite: the reference sums products in double, a float kernel
        // would overflow to inf and then to NaN on cancellation.
        Domain huge = Domain.signedLogUniform(1e10, dt == DType.F32 ? 1e15 : 1e30);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int i = 0; i < 4; i++) {
                    cases.add(StructuralCases.matmul(s, d, dt, ta, tb));
                }
                cases.add(StructuralCases.matmul(s, huge, dt, ta, tb));
            }
        }
        Attr plain = new Attr.Transpose(false, false);
        cases.add(
                OpCase.of(
                        "k = 0 gives zeros",
                        MatmulOp.MATMUL,
                        plain,
                        dt,
                        HostTensor.of(new double[0], 2, 0),
                        HostTensor.of(new double[0], 0, 3)));
        return cases;
    }

    /** NaN and infinities in matmul operands (kept apart: BLAS kernels often get them wrong). */
    static List<OpCase> matmulSpecials(DType dt) {
        Attr plain = new Attr.Transpose(false, false);
        return List.of(
                OpCase.of(
                        "NaN and inf operands",
                        MatmulOp.MATMUL,
                        plain,
                        dt,
                        HostTensor.of(new double[] {1, NaN, 2, 3}, 2, 2),
                        HostTensor.of(new double[] {POSITIVE_INFINITY, 0, 1, 1}, 2, 2)),
                OpCase.of(
                        "inf times zero is NaN",
                        MatmulOp.MATMUL,
                        plain,
                        dt,
                        HostTensor.of(new double[] {POSITIVE_INFINITY, 1}, 1, 2),
                        HostTensor.of(new double[] {0, 2}, 2, 1)));
    }

    private static List<OpCase> layout(LayoutOp op, DType dt, Samples s) {
        List<OpCase> cases = new ArrayList<>();
        Domain d = Domain.uniform(-10, 10);
        for (Object[] f : fixedLayout(op)) {
            cases.add(OpCase.of("fixed", op, (Attr) f[1], dt, s.tensor((Shape) f[0], d, dt)));
        }
        for (int i = 0; i < 10; i++) {
            cases.add(StructuralCases.layout(op, s, d, dt));
        }
        OpCase special = StructuralCases.layout(op, s, d, dt);
        List<HostTensor> in =
                special.inputs().stream()
                        .map(
                                t ->
                                        t.data().length == 0
                                                ? t
                                                : s.sprinkled(
                                                        t,
                                                        NaN,
                                                        POSITIVE_INFINITY,
                                                        NEGATIVE_INFINITY,
                                                        1e30))
                        .toList();
        cases.add(new OpCase("with NaN and inf", op, special.attr(), dt, in));
        return cases;
    }

    /** Awkward fixed cases per layout op: {input shape, attribute}. */
    private static List<Object[]> fixedLayout(LayoutOp op) {
        return switch (op) {
            case RESHAPE ->
                    List.of(
                            new Object[] {Shape.of(), new Attr.To(Shape.of(1, 1))},
                            new Object[] {Shape.of(2, 0), new Attr.To(Shape.of(0, 5))});
            case BROADCAST_TO ->
                    List.of(
                            new Object[] {Shape.of(3), new Attr.To(Shape.of(2, 3))},
                            new Object[] {Shape.of(), new Attr.To(Shape.of(2, 2))},
                            new Object[] {Shape.of(1), new Attr.To(Shape.of(0))});
            case TRANSPOSE ->
                    List.of(
                            new Object[] {Shape.of(2, 3, 4), new Attr.Perm(new int[] {2, 0, 1})},
                            new Object[] {Shape.of(), new Attr.Perm(new int[0])});
            case SLICE ->
                    List.of(
                            new Object[] {
                                Shape.of(3, 4), new Attr.Window(new int[] {1, 2}, new int[] {1, 4})
                            },
                            new Object[] {Shape.of(), new Attr.Window(new int[0], new int[0])});
            case PAD ->
                    List.of(
                            new Object[] {
                                Shape.of(0, 2), new Attr.Padding(new int[] {1, 0}, new int[] {1, 1})
                            },
                            new Object[] {Shape.of(), new Attr.Padding(new int[0], new int[0])});
            case CONCAT -> List.<Object[]>of(new Object[] {Shape.of(2, 3), new Attr.Axis(1)});
            case GATHER ->
                    List.of(
                            new Object[] {Shape.of(2, 3), new Attr.Index(1, new int[] {2}, 3)},
                            new Object[] {
                                Shape.of(3, 1), new Attr.Index(1, new int[] {0, 0, 0}, 1)
                            },
                            new Object[] {Shape.of(4), new Attr.Index(0, new int[0], 4)});
            case SCATTER_ADD ->
                    List.of(
                            new Object[] {Shape.of(2, 1), new Attr.Index(1, new int[] {2}, 3)},
                            new Object[] {Shape.of(1, 3), new Attr.Index(0, new int[] {2}, 4)},
                            new Object[] {
                                Shape.of(3, 2), new Attr.Index(0, new int[] {1, 1, 1}, 2)
                            },
                            new Object[] {Shape.of(0, 2), new Attr.Index(0, new int[0], 2)});
            case INDEX_SELECT, INDEX_ADD -> List.of();
        };
    }

    private static List<OpCase> full(DType dt) {
        List<OpCase> cases = new ArrayList<>();
        int[][] shapes = {{}, {0}, {3}, {2, 3}, {2, 0, 4}};
        double[] values = {
            0, 1.5, -2.25, 0.1, NaN, POSITIVE_INFINITY, NEGATIVE_INFINITY, 1e30, -1e-30
        };
        for (int[] sh : shapes) {
            for (double v : values) {
                cases.add(
                        OpCase.of(
                                "fill " + v,
                                CreationOp.FULL,
                                new Attr.Fill(Shape.of(sh), dt, v),
                                dt));
            }
        }
        return cases;
    }

    private static double[] concat(double[] a, double... b) {
        double[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
