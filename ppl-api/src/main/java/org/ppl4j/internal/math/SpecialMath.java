package org.ppl4j.internal.math;

import org.ppl4j.spi.SpecialOp;

/**
 * The float64 definitions of {@link SpecialOp}, one double at a time: what the reference backend
 * computes and what host-loop kernels may call.
 *
 * <p>Methods: recurrence up to 10 (20 for polygamma) and the asymptotic (Stirling) series there,
 * reflection {@code x -> 1 - x} below 0 with {@code sin(pi x)} reduced exactly; {@code erf} by its
 * positive series below 1.5 and {@code erfc} by its continued fraction above 0.5, with {@code
 * exp(-x^2)} split so that {@code x^2} is exact; the gamma gradient differentiates the series or
 * continued fraction of the incomplete gamma function in {@code alpha} alongside its value.
 * Accuracy against mpmath ({@code SpecialMathTest}): 4e-15 relative, or absolute below 1 (near the
 * zeros of lgamma and digamma every float64 method has only absolute accuracy; lgamma's is 1e-14);
 * the gamma gradient 2e-14 relative.
 *
 * <p>Special values follow PyTorch: {@code lgamma} is +inf at 0, the negative integers and ±inf;
 * {@code digamma(±0) = ∓inf}, NaN at negative integers and -inf; polygamma of odd order is +inf at
 * the poles, of even order NaN there.
 */
public final class SpecialMath {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT_PI = Math.sqrt(Math.PI);

    /** {@code B_2k} for k = 1..10, the Bernoulli numbers of the asymptotic series. */
    private static final double[] B2K = {
        1.0 / 6,
        -1.0 / 30,
        1.0 / 42,
        -1.0 / 30,
        5.0 / 66,
        -691.0 / 2730,
        7.0 / 6,
        -3617.0 / 510,
        43867.0 / 798,
        -174611.0 / 330
    };

    private SpecialMath() {}

    /** {@code log |Gamma(x)|}. */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x) || (x <= 0 && x == Math.floor(x))) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == 1 || x == 2) {
            return 0;
        }
        if (x < 0) {
            return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
        }
        double p = 1;
        double y = x;
        while (y < 10) {
            p *= y;
            y += 1;
        }
        double inv = 1 / y;
        double inv2 = inv * inv;
        double series = 0;
        double pw = inv;
        for (int k = 1; k <= 8; k++) {
            series += B2K[k - 1] / (2 * k * (2 * k - 1)) * pw;
            pw *= inv2;
        }
        double logY = Math.log(y);
        return y * (logY - 1) - 0.5 * logY + LOG_SQRT_2PI + series - Math.log(p);
    }

    /** {@code d/dx lgamma(x)}. */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, -x);
        }
        if (x < 0) {
            if (x == Math.floor(x)) {
                return Double.NaN;
            }
            return digamma(1 - x) - Math.PI * cosPi(x) / sinPi(x);
        }
        double r = 0;
        while (x < 10) {
            r -= 1 / x;
            x += 1;
        }
        double inv2 = 1 / (x * x);
        double series = 0;
        double pw = inv2;
        for (int k = 1; k <= 8; k++) {
            series += B2K[k - 1] / (2 * k) * pw;
            pw *= inv2;
        }
        return r + Math.log(x) - 0.5 / x - series;
    }

    /** The {@code n}-th derivative of digamma, {@code n >= 1}. */
    public static double polygamma(int n, double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (x <= 0 && x == Math.floor(x)) {
            return n % 2 == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (x < 0) {
            // psi_n(x) = (-1)^n psi_n(1 - x) - pi^(n+1) d^n/dy^n cot(y) at y = pi x
            double cot = cosPi(x) / sinPi(x);
            double sign = n % 2 == 0 ? 1 : -1;
            return sign * polygamma(n, 1 - x) - Math.pow(Math.PI, n + 1) * cotDerivative(n, cot);
        }
        double sum = 0;
        while (x < 20) {
            sum += Math.pow(x, -(n + 1));
            x += 1;
        }
        double fact = factorial(n);
        // (n-1)!/x^n + n!/(2 x^(n+1)) + sum_k B_2k (2k+n-1)!/(2k)! / x^(2k+n)
        double inv = 1 / x;
        double asym = factorial(n - 1) * Math.pow(inv, n) + fact / 2 * Math.pow(inv, n + 1);
        double ratio = factorial(n - 1); // (2k+n-1)!/(2k)! at k = 0
        double pw = Math.pow(inv, n);
        for (int k = 1; k <= 10; k++) {
            ratio *= (double) (2 * k + n - 2) * (2 * k + n - 1) / ((2 * k - 1) * (2 * k));
            pw *= inv * inv;
            asym += B2K[k - 1] * ratio * pw;
        }
        double sign = n % 2 == 1 ? 1 : -1;
        return sign * (fact * sum + asym);
    }

    /** {@code d^n/dy^n cot(y)} as a polynomial in {@code c = cot(y)}: P' = -(1 + c^2) dP/dc. */
    private static double cotDerivative(int n, double c) {
        double[] p = {0, 1};
        for (int k = 0; k < n; k++) {
            double[] q = new double[p.length + 1];
            for (int i = 1; i < p.length; i++) {
                double d = i * p[i]; // coefficient of c^(i-1) in dP/dc
                q[i - 1] -= d;
                q[i + 1] -= d;
            }
            p = q;
        }
        double r = 0;
        for (int i = p.length - 1; i >= 0; i--) {
            r = r * c + p[i];
        }
        return r;
    }

    /** The error function. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 1.5) {
            return erfSeries(x);
        }
        return Math.copySign(1 - erfcTail(ax), x);
    }

    /** {@code 1 - erf(x)}, with full relative accuracy in the right tail. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x >= 0.5) {
            return erfcTail(x);
        }
        if (x <= -1.5) {
            return 2 - erfcTail(-x);
        }
        return 1 - erfSeries(x);
    }

    /**
     * The standard normal quantile {@code Phi^-1(p)} (PyTorch's {@code ndtri}): -inf at 0, inf at
     * 1, NaN outside [0, 1]. Three Halley steps on {@code Phi(z) = erfc(-z / sqrt 2) / 2} from
     * Abramowitz and Stegun's 26.2.23 (error below 4.5e-4), in the lower half, where {@code erfc}
     * keeps full relative accuracy; the upper half by symmetry ({@code 1 - p} is exact there).
     */
    public static double ndtri(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p > 0.5) {
            return -ndtri(1 - p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double t = Math.sqrt(-2 * Math.log(p));
        double z =
                -(t
                        - (2.515517 + t * (0.802853 + t * 0.010328))
                                / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
        for (int i = 0; i < 3; i++) {
            double f = 0.5 * erfc(-z / Math.sqrt(2)) - p;
            double phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            double step = f / phi;
            z -= step / (1 + 0.5 * z * step);
        }
        return z;
    }

    /** {@code 2/sqrt(pi) x exp(-x^2) sum_k (2x^2)^k / (1 3 ... (2k+1))}: no cancellation. */
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= 2 * x2 / (2 * k + 1);
            sum += term;
        }
        return 2 / SQRT_PI * x * Math.exp(-x2) * sum;
    }

    /** {@code erfc(x)} for {@code x >= 0.5}: Lentz's continued fraction. */
    private static double erfcTail(double x) {
        if (x > 27.3) {
            return 0;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
        double f = x;
        double c = x;
        double d = 0;
        for (int j = 1; j < 5000; j++) {
            double a = j / 2.0;
            d = 1 / (x + a * d);
            c = x + a / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return expMinusSquare(x) / SQRT_PI / f;
    }

    /** {@code exp(-x^2)} with {@code x^2} split into an exact high part and a small rest. */
    private static double expMinusSquare(double x) {
        double hi = (float) x;
        double lo = x - hi;
        return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
    }

    /**
     * {@code d x / d alpha} at a standard Gamma(alpha, 1) draw {@code x} with its quantile fixed:
     * {@code -(dP/d alpha) / p(x)}. Exact (to rounding) for {@code alpha <= 1e6}; above that the
     * Wilson-Hilferty approximation's derivative, relative error about {@code 1 / alpha}. NaN for
     * {@code alpha <= 0} or {@code x < 0}; 0 at {@code x = 0}, as PyTorch.
     */
    public static double standardGammaGrad(double alpha, double x) {
        if (!(alpha > 0) || !(x >= 0) || alpha == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        if (x == 0) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (alpha > 1e6) {
            return wilsonHilfertyGrad(alpha, x);
        }
        return x < alpha + 1 ? gammaGradSeries(alpha, x) : gammaGradFraction(alpha, x);
    }

    /**
     * P = x^a e^-x / Gamma(a+1) S, S = sum_k t_k, t_k = x^k / ((a+1)...(a+k)); with p(x) = that
     * prefactor times a / x, dx/da = -(x/a) [S (log x - psi(a+1)) + dS/da].
     */
    private static double gammaGradSeries(double a, double x) {
        double t = 1;
        double dt = 0;
        double s = 1;
        double ds = 0;
        for (int k = 1; k < 10_000_000; k++) {
            double r = x / (a + k);
            dt = (dt - t / (a + k)) * r; // d/da of t_k = t_(k-1) x / (a+k)
            t *= r;
            s += t;
            ds += dt;
            if (t < 1e-17 * s && Math.abs(dt) < 1e-17 * Math.abs(ds)) {
                break;
            }
        }
        return -(x / a) * (s * (Math.log(x) - digamma(a + 1)) + ds);
    }

    /**
     * Q = x^a e^-x / Gamma(a) C with C Legendre's continued fraction (Lentz, differentiated in a
     * alongside); p(x) = that prefactor / x, so dx/da = x [(log x - psi(a)) C + dC/da].
     */
    private static double gammaGradFraction(double a, double x) {
        double b = x + 1 - a;
        double db = -1;
        double c = 1e300;
        double dc = 0;
        double d = 1 / b;
        double dd = 1 / (b * b);
        double h = d;
        double dh = dd;
        for (int i = 1; i < 100_000; i++) {
            double an = -i * (i - a);
            double dan = i;
            b += 2;
            double den = an * d + b;
            double dden = dan * d + an * dd + db;
            double cNew = b + an / c;
            double dcNew = db + (dan * c - an * dc) / (c * c);
            c = cNew;
            dc = dcNew;
            d = 1 / den;
            dd = -dden / (den * den);
            double del = d * c;
            double ddel = dd * c + d * dc;
            dh = dh * del + h * ddel;
            h *= del;
            if (Math.abs(del - 1) < 1e-16 && Math.abs(ddel * h) <= 1e-16 * Math.abs(dh)) {
                break;
            }
        }
        return x * ((Math.log(x) - digamma(a)) * h + dh);
    }

    /** x = a w^3, w = 1 - 1/(9a) + z/(3 sqrt a), differentiated in a at fixed z. */
    private static double wilsonHilfertyGrad(double a, double x) {
        double sqrtA = Math.sqrt(a);
        double w = Math.cbrt(x / a);
        double z = (w - 1 + 1 / (9 * a)) * 3 * sqrtA;
        double dw = 1 / (9 * a * a) - z / (6 * a * sqrtA);
        return w * w * w + 3 * a * w * w * dw;
    }

    /** {@code sin(pi x)} with the argument reduced exactly into [-1/2, 1/2]. */
    private static double sinPi(double x) {
        double r = x % 2.0;
        if (r > 1) {
            r -= 2;
        } else if (r < -1) {
            r += 2;
        }
        if (r > 0.5) {
            r = 1 - r;
        } else if (r < -0.5) {
            r = -1 - r;
        }
        return Math.sin(Math.PI * r);
    }

    /** {@code cos(pi x)}, as {@code sin(pi (1/2 - r))} for the reduced argument r in [0, 1]. */
    private static double cosPi(double x) {
        double r = Math.abs(x) % 2.0;
        if (r > 1) {
            r = 2 - r;
        }
        return sinPi(0.5 - r);
    }

    private static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }
}
