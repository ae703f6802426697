package org.ppl4j.backend.nd4j;

import static org.ppl4j.backend.nd4j.Nd4jArrays.dims;

import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ppl4j.internal.math.SpecialMath;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;

/**
 * The special functions of {@link SpecialOp} as host loops over {@link SpecialMath}, in double and
 * rounded once to the output's dtype.
 *
 * <p>libnd4j has lgamma, digamma, polygamma, erf and erfc kernels but no gamma-gradient kernel, and
 * the accuracy of its special functions near poles and in the tails is not documented; these loops
 * give the reference's float64 accuracy instead. The functions are a small share of a model's work
 * (densities of the gamma family), so the host loop's cost is acceptable. They are the same code as
 * the reference's, so the kit checks only the loop and the broadcasting here; the values themselves
 * are checked against mpmath and PyTorch by the kit's fixtures.
 */
final class Nd4jGammaFunctions {
    private final Nd4jArrays arrays;

    Nd4jGammaFunctions(Nd4jArrays arrays) {
        this.arrays = arrays;
    }

    INDArray apply(SpecialOp op, Attr attr, INDArray[] in, TensorType out) {
        if (op == SpecialOp.STANDARD_GAMMA_GRAD) {
            return standardGammaGrad(in[0], in[1], out);
        }
        DoubleUnaryOperator f =
                switch (op) {
                    case LGAMMA -> SpecialMath::lgamma;
                    case DIGAMMA -> SpecialMath::digamma;
                    case POLYGAMMA -> {
                        int n = ((Attr.Order) attr).n();
                        yield v -> SpecialMath.polygamma(n, v);
                    }
                    case ERF -> SpecialMath::erf;
                    case ERFC -> SpecialMath::erfc;
                    case STANDARD_GAMMA_GRAD -> throw new IllegalStateException("binary");
                };
        INDArray z = arrays.alloc(out);
        Nd4jHost.map(
                z,
                (x, r, n) -> {
                    double[] v = x[0];
                    for (int i = 0; i < n; i++) {
                        r[i] = f.applyAsDouble(v[i]);
                    }
                },
                in[0]);
        return z;
    }

    private INDArray standardGammaGrad(INDArray alpha, INDArray x, TensorType out) {
        INDArray[] given = {alpha, x};
        long[] dims = dims(out.shape());
        INDArray a = arrays.broadcast(alpha, dims);
        INDArray s = arrays.broadcast(x, dims);
        try {
            INDArray z = arrays.alloc(out);
            Nd4jHost.map(
                    z,
                    (v, r, n) -> {
                        double[] av = v[0];
                        double[] sv = v[1];
                        for (int i = 0; i < n; i++) {
                            r[i] = SpecialMath.standardGammaGrad(av[i], sv[i]);
                        }
                    },
                    a,
                    s);
            return z;
        } finally {
            arrays.free(given, a, s);
        }
    }
}
