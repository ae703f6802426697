package org.ppl4j.distributions;

import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.random.Rng;
import org.ppl4j.tensor.Tensor;

/**
 * Student's t distribution with {@code df} degrees of freedom, location {@code loc} and scale
 * {@code scale}. Reparameterized as PyTorch: {@code loc + scale x / sqrt(z / df)} with {@code x}
 * standard normal and {@code z ~ chi^2(df) = 2 Gamma(df / 2)}, whose implicit gradient reaches
 * {@code df}.
 *
 * <pre>{@code
 * Tensor y = sample("y", StudentT.of(nu, mu, sigma), data);
 * }</pre>
 */
public final class StudentT extends Distribution {
    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);

    private final Tensor df;
    private final Tensor loc;
    private final Tensor scale;

    private StudentT(Tensor df, Tensor loc, Tensor scale, boolean validate, boolean check) {
        super(
                Shape.broadcast(
                        "StudentT",
                        Shape.broadcast("StudentT", df.shape(), loc.shape()),
                        scale.shape()),
                Shape.scalar(),
                validate);
        sameDtype("df", df, "loc", loc);
        sameDtype("loc", loc, "scale", scale);
        this.df = df;
        this.loc = loc;
        this.scale = scale;
        if (check) {
            Gamma.checkPositive(this, "df", df);
            Normal.checkLocScale(this, loc, scale);
        }
    }

    /** A Student's t with tensor parameters that broadcast together. */
    public static StudentT of(Tensor df, Tensor loc, Tensor scale) {
        PplException.nonNull(df, "df", "StudentT.of");
        PplException.nonNull(loc, "loc", "StudentT.of");
        PplException.nonNull(scale, "scale", "StudentT.of");
        boolean v = defaultValidation();
        return new StudentT(df, loc, scale, v, v);
    }

    /** A scalar Student's t of the given dtype on the current scope's backend. */
    public static StudentT of(double df, double loc, double scale, DType dtype) {
        return of(Tensor.scalar(df, dtype), Tensor.scalar(loc, dtype), Tensor.scalar(scale, dtype));
    }

    @Override
    public boolean hasRsample() {
        return true;
    }

    /** The normal draws first, then the gamma draws. */
    @Override
    public Tensor rsample(int... sampleShape) {
        Shape s = shape(sampleShape);
        Tensor x = Rng.current().normal(s, loc.dtype());
        Tensor halfDf = df.mul(0.5);
        Tensor z = StandardGamma.rsample(halfDf.broadcastTo(s)).mul(2.0);
        return loc.add(scale.mul(x).div(z.div(df).sqrt()));
    }

    /**
     * {@code -(df + 1)/2 log1p(y^2 / df) - log(scale) - log(df)/2 - log(pi)/2 - lgamma(df/2) +
     * lgamma((df + 1)/2)} with {@code y = (value - loc) / scale}, as PyTorch.
     */
    @Override
    public Tensor logProb(Tensor value) {
        checkValue(value, loc.dtype());
        Tensor y = value.sub(loc).div(scale);
        Tensor norm =
                scale.log()
                        .add(df.log().mul(0.5))
                        .add(HALF_LOG_PI)
                        .add(df.mul(0.5).lgamma())
                        .sub(df.add(1.0).mul(0.5).lgamma());
        return y.square().div(df).log1p().mul(df.add(1.0).mul(-0.5)).sub(norm);
    }

    /** {@code loc} where {@code df > 1}, else NaN. */
    @Override
    public Tensor mean() {
        Tensor m = loc.broadcastTo(batchShape());
        return df.gt(1.0).broadcastTo(batchShape()).where(m, m.constant(Double.NaN));
    }

    /**
     * {@code scale^2 df / (df - 2)} where {@code df > 2}, inf for {@code 1 < df <= 2}, else NaN.
     */
    @Override
    public Tensor variance() {
        Tensor v = scale.square().mul(df).div(df.sub(2.0)).broadcastTo(batchShape());
        Tensor inf = v.constant(Double.POSITIVE_INFINITY);
        Tensor nan = v.constant(Double.NaN);
        return df.gt(2.0).where(v, df.gt(1.0).where(inf, nan)).broadcastTo(batchShape());
    }

    @Override
    public Constraint support() {
        return Constraints.real();
    }

    @Override
    public StudentT expand(int... batchShape) {
        Shape to = expandedShape(batchShape);
        return new StudentT(
                df.broadcastTo(to),
                loc.broadcastTo(to),
                scale.broadcastTo(to),
                validationEnabled(),
                false);
    }

    @Override
    public StudentT withValidation(boolean on) {
        return on == validationEnabled() ? this : new StudentT(df, loc, scale, on, on);
    }
}
