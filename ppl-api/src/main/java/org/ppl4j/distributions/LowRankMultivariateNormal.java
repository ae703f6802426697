package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Functions;
import org.ppl4j.tensor.Tensor;

/**
 * The multivariate normal over vectors of length {@code n} with covariance {@code W W^T + D}: a
 * factor {@code W [..., n, r]} of rank {@code r} (often far below {@code n}) plus a positive
 * diagonal {@code D [..., n]} (PyTorch's {@code LowRankMultivariateNormal}). Densities cost {@code
 * O(n r^2)} instead of {@code O(n^3)}: by the Woodbury identity and the matrix determinant lemma
 * they need only the Cholesky factor of the {@code r x r} capacitance {@code I + W^T D^-1 W}.
 * Reparameterized as {@code loc + W eps_W + sqrt(D) eps_D}.
 *
 * <pre>{@code
 * var d = LowRankMultivariateNormal.of(loc, covFactor, covDiag);  // [n], [n, r], [n]
 * Tensor z = sample("z", d);                                        // [n]
 * }</pre>
 */
public final class LowRankMultivariateNormal extends Distribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Tensor loc;
    private final Tensor covFactor;
    private final Tensor covDiag;
    private final Tensor capacitanceTril;

    private LowRankMultivariateNormal(
            Tensor loc,
            Tensor covFactor,
            Tensor covDiag,
            Shape batch,
            boolean validate,
            boolean check) {
        super(batch, Shape.of(loc.dim(-1)), validate);
        this.loc = loc;
        this.covFactor = covFactor;
        this.covDiag = covDiag;
        if (check) {
            checkParam("loc", loc, Constraints.real(), "check the computation that made loc");
            checkParam(
                    "covFactor",
                    covFactor,
                    Constraints.real(),
                    "a NaN factor usually comes from a diverging computation upstream; lower the"
                            + " learning rate");
            checkParam(
                    "covDiag",
                    covDiag,
                    Constraints.positive(),
                    "pass covDiag > 0, e.g. softplus(x) or exp(x) of an unconstrained tensor");
        }
        this.capacitanceTril = capacitanceTril(covFactor, covDiag);
    }

    /**
     * A low-rank multivariate normal with mean {@code loc [..., n]} and covariance {@code covFactor
     * covFactor^T + diag(covDiag)}, {@code covFactor [..., n, r]}, {@code covDiag [..., n]}; the
     * batch shape is the broadcast of the three batch shapes.
     */
    public static LowRankMultivariateNormal of(Tensor loc, Tensor covFactor, Tensor covDiag) {
        PplException.nonNull(loc, "loc", "LowRankMultivariateNormal.of");
        PplException.nonNull(covFactor, "covFactor", "LowRankMultivariateNormal.of");
        PplException.nonNull(covDiag, "covDiag", "LowRankMultivariateNormal.of");
        Shape batch = batchOf(loc, covFactor, covDiag);
        boolean v = defaultValidation();
        return new LowRankMultivariateNormal(loc, covFactor, covDiag, batch, v, v);
    }

    private static Shape batchOf(Tensor loc, Tensor w, Tensor d) {
        String kind = "LowRankMultivariateNormal";
        if (loc.rank() < 1 || loc.dim(-1) < 1) {
            throw new ShapeException(
                    kind + ": loc of shape " + loc.shape() + " must be [..., n] with n >= 1");
        }
        int n = loc.dim(-1);
        if (w.rank() < 2 || w.dim(-2) != n || w.dim(-1) < 1) {
            throw new ShapeException(
                    kind
                            + ": covFactor of shape "
                            + w.shape()
                            + " must be [..., "
                            + n
                            + ", r] with r >= 1 to match loc of shape "
                            + loc.shape());
        }
        if (d.rank() < 1 || d.dim(-1) != n) {
            throw new ShapeException(
                    kind
                            + ": covDiag of shape "
                            + d.shape()
                            + " must be [..., "
                            + n
                            + "] to match loc of shape "
                            + loc.shape());
        }
        if (loc.dtype() != w.dtype() || loc.dtype() != d.dtype()) {
            throw new PplException(
                    kind
                            + ": loc, covFactor and covDiag are "
                            + loc.dtype()
                            + ", "
                            + w.dtype()
                            + " and "
                            + d.dtype()
                            + "; cast them to one dtype with .cast(DType."
                            + loc.dtype().name()
                            + ")");
        }
        Shape b =
                Shape.broadcast(
                        kind, loc.shape().sub(0, loc.rank() - 1), w.shape().sub(0, w.rank() - 2));
        return Shape.broadcast(kind, b, d.shape().sub(0, d.rank() - 1));
    }

    /** The Cholesky factor of {@code I + W^T D^-1 W}, {@code [..., r, r]}. */
    private static Tensor capacitanceTril(Tensor w, Tensor d) {
        Tensor wtDinv = w.transpose().div(d.unsqueeze(-2));
        Tensor k = Matrices.matmul(wtDinv, w, false, false);
        return k.add(Matrices.identity(w.dim(-1), w)).cholesky();
    }

    /** The mean, broadcast to {@code batchShape + eventShape}. */
    public Tensor loc() {
        return loc.broadcastTo(batchShape().concat(eventShape()));
    }

    /** The factor {@code W}, broadcast to {@code batchShape + [n, r]}. */
    public Tensor covFactor() {
        return covFactor.broadcastTo(batchShape().concat(Shape.of(eventShape().dim(0), rank())));
    }

    /** The diagonal {@code D}, broadcast to {@code batchShape + eventShape}. */
    public Tensor covDiag() {
        return covDiag.broadcastTo(batchShape().concat(eventShape()));
    }

    /** The rank {@code r} of the factor. */
    public int rank() {
        return covFactor.dim(-1);
    }

    /** The covariance {@code W W^T + diag(D)}, broadcast to {@code batchShape + [n, n]}. */
    public Tensor covarianceMatrix() {
        int n = eventShape().dim(0);
        Tensor ww = covFactor.matmul(covFactor, false, true);
        Tensor cov = ww.add(Functions.diagEmbed(covDiag));
        return cov.broadcastTo(batchShape().concat(Shape.of(n, n)));
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** A draw from {@code r + n} standard normals per event from the context's random stream. */
    @Override
    public Tensor rsample(int... sampleShape) {
        int[] s = shape(sampleShape).toArray();
        s[s.length - 1] += rank();
        Tensor eps = Rng.current().normal(Shape.of(s), loc.dtype());
        return rsampleWithNoise(eps);
    }

    /**
     * {@code loc + W eps_W + sqrt(D) eps_D}, where the noise is {@code sampleShape + batchShape +
     * [r + n]}: its first {@code r} entries per event are {@code eps_W}, the other {@code n} are
     * {@code eps_D}.
     */
    @Override
    public Tensor rsampleWithNoise(Tensor noise) {
        int n = eventShape().dim(0);
        int r = rank();
        Shape want = batchShape().concat(Shape.of(r + n));
        Shape got = noise.shape();
        int k = got.rank();
        if (k < want.rank() || !got.sub(k - want.rank(), k).equals(want)) {
            throw new ShapeException(
                    "LowRankMultivariateNormal.rsampleWithNoise: noise of shape "
                            + got
                            + " must have shape sampleShape + "
                            + want
                            + " (batchShape + [rank + n]: eps_W then eps_D)");
        }
        Tensor epsW = noise.narrow(-1, 0, r);
        Tensor epsD = noise.narrow(-1, r, n);
        return loc.add(Matrices.mv(covFactor, epsW)).add(covDiag.sqrt().mul(epsD));
    }

    /**
     * {@code -(n log(2 pi) + log det + mahalanobis) / 2} with {@code log det = 2 sum log diag C +
     * sum log D} and {@code mahalanobis = |x|^2_{D^-1} - |C^-1 W^T D^-1 x|^2} for the capacitance
     * factor {@code C} and {@code x = value - loc}, PyTorch's form.
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        int n = eventShape().dim(0);
        Tensor x = value.sub(loc);
        Tensor wtDinv = covFactor.transpose().div(covDiag.unsqueeze(-2));
        Tensor inner = Matrices.mahalanobis(capacitanceTril, Matrices.mv(wtDinv, x));
        Tensor mahalanobis = Functions.sumRightmost(x.square().div(covDiag), 1).sub(inner);
        Tensor logDet =
                Matrices.halfLogDet(capacitanceTril)
                        .mul(2.0)
                        .add(Functions.sumRightmost(covDiag.log(), 1));
        return logDet.add(mahalanobis).add(n * LOG_2PI).mul(-0.5);
    }

    @Override
    public Tensor mean() {
        return loc();
    }

    /** {@code sum_j W_ij^2 + D_i}. */
    @Override
    public Tensor variance() {
        Tensor v = covFactor.square().sum(-1).add(covDiag);
        return v.broadcastTo(batchShape().concat(eventShape()));
    }

    @Override
    public Constraint support() {
        return Constraints.independent(Constraints.real(), 1);
    }

    /** The same distribution over a broadcast batch shape; factor and diagonal are not copied. */
    @Override
    public LowRankMultivariateNormal expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        Tensor l = loc.broadcastTo(to.concat(eventShape()));
        return new LowRankMultivariateNormal(l, covFactor, covDiag, to, validationEnabled(), false);
    }

    @Override
    public LowRankMultivariateNormal withValidation(boolean on) {
        return on == validationEnabled()
                ? this
                : new LowRankMultivariateNormal(loc, covFactor, covDiag, batchShape(), on, on);
    }
}
