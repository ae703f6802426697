package org.ppl4j.distributions;

import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * The multivariate normal over vectors of length {@code n} (the event shape) with mean {@code loc
 * [..., n]} and covariance {@code L L^T}, {@code L [..., n, n]} lower triangular with a positive
 * diagonal; the batch shape is the broadcast of both batch shapes. Made from the factor itself,
 * from a covariance or from a precision matrix, each factored once with {@link Tensor#cholesky};
 * reparameterized as {@code loc + L eps}.
 *
 * <pre>{@code
 * Tensor z = sample("z", MultivariateNormal.ofScaleTril(loc, scaleTril));  // loc: [n]
 * Tensor lp = MultivariateNormal.ofCovariance(loc, cov).logProb(x);         // x: [N, n] -> [N]
 * }</pre>
 */
public final class MultivariateNormal extends Distribution {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Tensor loc;
    private final Tensor scaleTril;

    private MultivariateNormal(Tensor loc, Tensor scaleTril, Shape batch, boolean validate) {
        super(batch, Shape.of(loc.dim(-1)), validate);
        this.loc = loc;
        this.scaleTril = scaleTril;
    }

    /** Checks the shapes of loc and a matrix parameter and gives the broadcast batch shape. */
    private static Shape batchOf(Tensor loc, String name, Tensor matrix) {
        if (loc.rank() < 1 || loc.dim(-1) < 1) {
            throw new ShapeException(
                    "MultivariateNormal: loc of shape "
                            + loc.shape()
                            + " must be a vector (or batch of them) [..., n] with n >= 1; for a"
                            + " scalar normal use Normal");
        }
        int n = loc.dim(-1);
        Shape m = matrix.shape();
        if (m.rank() < 2 || m.dim(-1) != n || m.dim(-2) != n) {
            throw new ShapeException(
                    "MultivariateNormal: "
                            + name
                            + " of shape "
                            + m
                            + " must be [..., "
                            + n
                            + ", "
                            + n
                            + "] to match loc of shape "
                            + loc.shape());
        }
        if (loc.dtype() != matrix.dtype()) {
            throw new PplException(
                    "MultivariateNormal: 'loc' is "
                            + loc.dtype()
                            + " but '"
                            + name
                            + "' is "
                            + matrix.dtype()
                            + "; cast one with .cast(DType."
                            + loc.dtype().name()
                            + ")");
        }
        return Shape.broadcast(
                "MultivariateNormal", loc.shape().sub(0, loc.rank() - 1), m.sub(0, m.rank() - 2));
    }

    /** A multivariate normal with covariance {@code scaleTril scaleTril^T}. */
    public static MultivariateNormal ofScaleTril(Tensor loc, Tensor scaleTril) {
        PplException.nonNull(loc, "loc", "MultivariateNormal.ofScaleTril");
        PplException.nonNull(scaleTril, "scaleTril", "MultivariateNormal.ofScaleTril");
        Shape batch = batchOf(loc, "scaleTril", scaleTril);
        MultivariateNormal d = new MultivariateNormal(loc, scaleTril, batch, defaultValidation());
        d.checkParameters(true);
        return d;
    }

    /**
     * A multivariate normal with the given covariance (symmetric positive definite; only its lower
     * triangle is read by the factorization).
     *
     * @throws ValidationException with validation on, naming {@code covarianceMatrix} when a matrix
     *     is not symmetric positive definite
     */
    public static MultivariateNormal ofCovariance(Tensor loc, Tensor covarianceMatrix) {
        PplException.nonNull(loc, "loc", "MultivariateNormal.ofCovariance");
        PplException.nonNull(
                covarianceMatrix, "covarianceMatrix", "MultivariateNormal.ofCovariance");
        Shape batch = batchOf(loc, "covarianceMatrix", covarianceMatrix);
        boolean v = defaultValidation();
        checkPositiveDefinite(loc, batch, v, "covarianceMatrix", covarianceMatrix);
        MultivariateNormal d = new MultivariateNormal(loc, covarianceMatrix.cholesky(), batch, v);
        d.checkParameters(false);
        return d;
    }

    /**
     * A multivariate normal with the given precision (inverse covariance, symmetric positive
     * definite). As in PyTorch, {@code P} is not inverted: with {@code J} the reversal of both
     * axes, {@code chol(J P J) = F} gives {@code P = U U^T} for the upper-triangular {@code U = J F
     * J}, so {@code L = (U^T)^-1}, one triangular solve against the identity.
     *
     * @throws ValidationException with validation on, naming {@code precisionMatrix} when a matrix
     *     is not symmetric positive definite
     */
    public static MultivariateNormal ofPrecision(Tensor loc, Tensor precisionMatrix) {
        PplException.nonNull(loc, "loc", "MultivariateNormal.ofPrecision");
        PplException.nonNull(precisionMatrix, "precisionMatrix", "MultivariateNormal.ofPrecision");
        Shape batch = batchOf(loc, "precisionMatrix", precisionMatrix);
        boolean v = defaultValidation();
        checkPositiveDefinite(loc, batch, v, "precisionMatrix", precisionMatrix);
        int n = loc.dim(-1);
        Tensor lf = flip(precisionMatrix).cholesky();
        Tensor lInv = flip(lf).transpose();
        Tensor l = lInv.triangularSolve(Matrices.identity(n, loc), true, false);
        MultivariateNormal d = new MultivariateNormal(loc, l, batch, v);
        d.checkParameters(false);
        return d;
    }

    /** Both matrix axes reversed. */
    private static Tensor flip(Tensor m) {
        int n = m.dim(-1);
        int[] reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = n - 1 - i;
        }
        return m.gather(-2, reversed).gather(-1, reversed);
    }

    /** With validation on, checks a covariance or precision before it is factored. */
    private static void checkPositiveDefinite(
            Tensor loc, Shape batch, boolean validate, String name, Tensor matrix) {
        if (!validate) {
            return;
        }
        // A throwaway instance, so that the check reports like every other parameter check.
        new MultivariateNormal(loc, matrix, batch, validate)
                .checkParam(
                        name,
                        matrix,
                        Constraints.positiveDefinite(),
                        "pass a symmetric positive-definite matrix, e.g. A A^T + eps I, or"
                                + " parameterize the factor with ofScaleTril and a lowerCholesky"
                                + " param");
    }

    /** With validation on, checks loc and, when it was given, the factor. */
    private void checkParameters(boolean givenFactor) {
        if (!validationEnabled()) {
            return;
        }
        checkParam(
                "loc",
                loc,
                Constraints.real(),
                "a NaN loc usually comes from a diverging computation upstream; check the inputs"
                        + " or lower the learning rate");
        if (givenFactor) {
            checkParam(
                    "scaleTril",
                    scaleTril,
                    Constraints.lowerCholesky(),
                    "pass a lower-triangular matrix with a positive diagonal, e.g. a param with"
                            + " constraint Constraints.lowerCholesky(), or use ofCovariance");
        }
    }

    /** The mean, broadcast to {@code batchShape + eventShape}. */
    public Tensor loc() {
        return loc.broadcastTo(batchShape().concat(eventShape()));
    }

    /** The lower Cholesky factor of the covariance, broadcast to {@code batchShape + [n, n]}. */
    public Tensor scaleTril() {
        int n = eventShape().dim(0);
        return scaleTril.broadcastTo(batchShape().concat(Shape.of(n, n)));
    }

    /** The covariance {@code L L^T}, broadcast to {@code batchShape + [n, n]}. */
    public Tensor covarianceMatrix() {
        int n = eventShape().dim(0);
        Tensor cov = scaleTril.matmul(scaleTril, false, true);
        return cov.broadcastTo(batchShape().concat(Shape.of(n, n)));
    }

    /** The factor as given or computed, without broadcasting to the batch shape. */
    Tensor unbroadcastScaleTril() {
        return scaleTril;
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** {@code loc + L eps} with standard normal {@code eps} from the context's random stream. */
    @Override
    public Tensor rsample(int... sampleShape) {
        Tensor eps = Rng.current().normal(shape(sampleShape), loc.dtype());
        return rsampleWithNoise(eps);
    }

    /** {@code loc + L eps} for standard normal {@code eps} of the draw's shape. */
    @Override
    public Tensor rsampleWithNoise(Tensor eps) {
        checkNoise(eps);
        return loc.add(Matrices.mv(scaleTril, eps));
    }

    /**
     * {@code -(n log(2 pi) + |L^-1 (value - loc)|^2) / 2 - sum log diag L}, PyTorch's form, of
     * shape {@code sampleShape + batchShape}.
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        int n = eventShape().dim(0);
        Tensor m = Matrices.mahalanobis(scaleTril, value.sub(loc));
        return m.add(n * LOG_2PI).mul(-0.5).sub(Matrices.halfLogDet(scaleTril));
    }

    @Override
    public Tensor mean() {
        return loc();
    }

    /** The diagonal of the covariance: the squared row norms of {@code L}. */
    @Override
    public Tensor variance() {
        return scaleTril.square().sum(-1).broadcastTo(batchShape().concat(eventShape()));
    }

    @Override
    public Constraint support() {
        return Constraints.independent(Constraints.real(), 1);
    }

    /** The same distribution over a broadcast batch shape; the factor is not copied. */
    @Override
    public MultivariateNormal expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        Tensor l = loc.broadcastTo(to.concat(eventShape()));
        return new MultivariateNormal(l, scaleTril, to, validationEnabled());
    }

    @Override
    public MultivariateNormal withValidation(boolean on) {
        if (on == validationEnabled()) {
            return this;
        }
        MultivariateNormal d = new MultivariateNormal(loc, scaleTril, batchShape(), on);
        d.checkParameters(true);
        return d;
    }
}
