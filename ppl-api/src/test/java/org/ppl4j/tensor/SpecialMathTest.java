package org.ppl4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ppl4j.internal.math.SpecialMath;

/**
 * {@link SpecialMath} against mpmath at 40 digits (the values below, printed by mpmath 1.3): 4e-15
 * relative (or absolute where |value| < 1, near the zeros of digamma; 1e-14 for lgamma, whose
 * recurrence subtracts two logs of about 14) for the functions, 2e-14 for the gamma gradient (whose
 * mpmath value is {@code -(dP/da) / p} by mpmath's own numerical derivative). Poles and special
 * values follow PyTorch.
 */
class SpecialMathTest {
    private static final Object[][] MPMATH = {
        {"lgamma", 0, 1e-30, 6.9077552789821370521e+1},
        {"digamma", 0, 1e-30, -1.0e+30},
        {"polygamma", 1, 1e-30, 1.0e+60},
        {"polygamma", 2, 1e-30, -2.0e+90},
        {"polygamma", 3, 1e-30, 6.0e+120},
        {"lgamma", 0, 1e-5, 1.1512919692895825707e+1},
        {"digamma", 0, 1e-5, -1.0000057719921568107e+5},
        {"polygamma", 1, 1e-5, 1.0000000001644910026e+10},
        {"polygamma", 2, 1e-5, -2.000000000000002404e+15},
        {"polygamma", 3, 1e-5, 6.0000000000000000001e+20},
        {"lgamma", 0, 0.3, 1.0957979948180755217},
        {"digamma", 0, 0.3, -3.502524222200132989},
        {"polygamma", 1, 0.3, 1.2245364546107730465e+1},
        {"polygamma", 2, 0.3, -7.5272536588726030667e+1},
        {"polygamma", 3, 0.3, 7.4314176465504966736e+2},
        {"lgamma", 0, 0.5, 5.7236494292470008707e-1},
        {"digamma", 0, 0.5, -1.9635100260214234794},
        {"polygamma", 1, 0.5, 4.9348022005446793094},
        {"polygamma", 2, 0.5, -1.6828796644234319996e+1},
        {"polygamma", 3, 0.5, 9.7409091034002437236e+1},
        {"lgamma", 0, 0.7, 2.6086724653166651439e-1},
        {"digamma", 0, 0.7, -1.2200235536979346147},
        {"polygamma", 1, 0.7, 2.8340491566946106268},
        {"polygamma", 2, 0.7, -6.4349928741909225451},
        {"polygamma", 3, 0.7, 2.5879149678427731566e+1},
        {"lgamma", 0, 1.0001, -5.7713342220477623308e-5},
        {"digamma", 0, 1.0001, -5.7705118351433485001e-1},
        {"polygamma", 1, 1.0001, 1.6446936879331443265},
        {"polygamma", 2, 1.0001, -2.4034645367899486685},
        {"polygamma", 3, 1.0001, 6.4914513859393414209},
        {"lgamma", 0, 1.4616321449683622, -1.214862905358496081e-1},
        {"digamma", 0, 1.4616321449683622, -1.3669595495722516912e-16},
        {"polygamma", 1, 1.4616321449683622, 9.6767224544762129552e-1},
        {"polygamma", 2, 1.4616321449683622, -8.8552633796718443128e-1},
        {"polygamma", 3, 1.4616321449683622, 1.5509985657339066196},
        {"lgamma", 0, 2.5, 2.8468287047291915963e-1},
        {"digamma", 0, 2.5, 7.0315664064524318723e-1},
        {"polygamma", 1, 2.5, 4.9035775610023486497e-1},
        {"polygamma", 2, 2.5, -2.36204051641727403e-1},
        {"polygamma", 3, 2.5, 2.2390584881725205126e-1},
        {"lgamma", 0, 3.7, 1.4280723266653879219},
        {"digamma", 0, 3.7, 1.1671535393615113859},
        {"polygamma", 1, 3.7, 3.100378576700383191e-1},
        {"polygamma", 2, 3.7, -9.5395308728554043835e-2},
        {"polygamma", 3, 3.7, 5.827921795656362354e-2},
        {"lgamma", 0, 9.99, 1.277931521435019288e+1},
        {"digamma", 0, 9.99, 2.2507003728312010995},
        {"polygamma", 1, 9.99, 1.0527695014824178675e-1},
        {"polygamma", 2, 9.99, -1.1073070531461051654e-2},
        {"polygamma", 3, 9.99, 2.327215939964079954e-3},
        {"lgamma", 0, 25.5, 5.6389167643719946744e+1},
        {"digamma", 0, 25.5, 3.2189424728839197665},
        {"polygamma", 1, 25.5, 3.9994669649562924037e-2},
        {"polygamma", 2, 25.5, -1.5993605962783072858e-3},
        {"polygamma", 3, 25.5, 1.2789774302263914532e-4},
        {"lgamma", 0, 1000, 5.9052204232091812118e+3},
        {"digamma", 0, 1000, 6.9072551956488120521},
        {"polygamma", 1, 1000, 1.0005001666666333334e-3},
        {"polygamma", 2, 1000, -1.0010004999998333335e-6},
        {"polygamma", 3, 1000, 2.0030019999990000013e-9},
        {"lgamma", 0, 1e10, 2.2025850928881058147e+11},
        {"digamma", 0, 1e10, 2.302585092989045684e+1},
        {"polygamma", 1, 1e10, 1.00000000005e-10},
        {"polygamma", 2, 1e10, -1.0000000001e-20},
        {"polygamma", 3, 1e10, 2.0000000003e-30},
        {"lgamma", 0, 1e30, 6.8077552789821370521e+31},
        {"digamma", 0, 1e30, 6.9077552789821370521e+1},
        {"polygamma", 1, 1e30, 1.0e-30},
        {"polygamma", 2, 1e30, -1.0e-60},
        {"polygamma", 3, 1e30, 2.0e-90},
        {"lgamma", 0, -0.5, 1.2655121234846453965},
        {"digamma", 0, -0.5, 3.6489973978576520559e-2},
        {"polygamma", 1, -0.5, 8.9348022005446793094},
        {"polygamma", 2, -0.5, -8.287966442343199956e-1},
        {"polygamma", 3, -0.5, 1.9340909103400243724e+2},
        {"lgamma", 0, -2.5, -5.6243716497674050673e-2},
        {"digamma", 0, -2.5, 1.1031566406452431872},
        {"polygamma", 1, -2.5, 9.5392466449891237539},
        {"polygamma", 2, -2.5, -1.08204051641727403e-1},
        {"polygamma", 3, -2.5, 1.9474787621918762242e+2},
        {"lgamma", 0, -1e-30, 6.9077552789821370521e+1},
        {"digamma", 0, -1e-30, 1.0e+30},
        {"polygamma", 1, -1e-30, 1.0e+60},
        {"polygamma", 2, -1e-30, 2.0e+90},
        {"polygamma", 3, -1e-30, 6.0e+120},
        {"lgamma", 0, -3.3, -8.2435580501742710325e-1},
        {"digamma", 0, -3.3, 3.6203534605921231536},
        {"polygamma", 1, -3.3, 1.4817739525515916564e+1},
        {"polygamma", 2, -3.3, 6.8769445477485097097e+1},
        {"polygamma", 3, -3.3, 7.6898565825542681553e+2},
        {"lgamma", 0, -17.25, -3.2731130981025682415e+1},
        {"digamma", 0, -17.25, 6.0181103450691038996},
        {"polygamma", 1, -17.25, 1.9682885658781020771e+1},
        {"polygamma", 2, -17.25, 1.2402193526166140022e+2},
        {"polygamma", 3, -17.25, 1.5585450994792177773e+3},
        {"erf", 0, -6, -9.9999999999999997848e-1},
        {"erfc", 0, -6, 1.9999999999999999785},
        {"erf", 0, -3, -9.9997790950300141456e-1},
        {"erfc", 0, -3, 1.9999779095030014146},
        {"erf", 0, -1.6, -9.7634838334464400777e-1},
        {"erfc", 0, -1.6, 1.9763483833446440078},
        {"erf", 0, -1, -8.4270079294971486934e-1},
        {"erfc", 0, -1, 1.8427007929497148693},
        {"erf", 0, -1e-30, -1.1283791670955125739e-30},
        {"erfc", 0, -1e-30, 1.0},
        {"erf", 0, 0.1, 1.124629160182848922e-1},
        {"erfc", 0, 0.1, 8.875370839817151078e-1},
        {"erf", 0, 0.51, 5.2924361984117042901e-1},
        {"erfc", 0, 0.51, 4.7075638015882957099e-1},
        {"erf", 0, 1.2, 9.1031397822963538024e-1},
        {"erfc", 0, 1.2, 8.9686021770364619762e-2},
        {"erf", 0, 1.49, 9.648978648432042121e-1},
        {"erfc", 0, 1.49, 3.5102135156795787897e-2},
        {"erf", 0, 1.51, 9.6727674812871163591e-1},
        {"erfc", 0, 1.51, 3.2723251871288364086e-2},
        {"erf", 0, 2, 9.9532226501895273416e-1},
        {"erfc", 0, 2, 4.6777349810472658379e-3},
        {"erf", 0, 4, 9.9999998458274209972e-1},
        {"erfc", 0, 4, 1.5417257900280018852e-8},
        {"erf", 0, 8, 1.0},
        {"erfc", 0, 8, 1.122429717298292708e-29},
        {"erf", 0, 15, 1.0},
        {"erfc", 0, 15, 7.2129941724512066666e-100},
        {"erf", 0, 26, 1.0},
        {"erfc", 0, 26, 5.6631924088561428465e-296},
        {"gammaGrad", 0.01, 1e-50, 1.145683691918336097e-46},
        {"gammaGrad", 0.1, 1e-5, 1.1089279600203115248e-3},
        {"gammaGrad", 0.5, 0.3, 1.0098019459488546473},
        {"gammaGrad", 1, 0.5, 8.0697911682531802002e-1},
        {"gammaGrad", 1, 3, 1.9379116938249610482},
        {"gammaGrad", 2.5, 0.7, 5.263327919968705516e-1},
        {"gammaGrad", 2.5, 6, 1.6029866492202412136},
        {"gammaGrad", 10, 9, 9.6418272428479559356e-1},
        {"gammaGrad", 10, 14, 1.1974228977739495804},
        {"gammaGrad", 100, 95, 9.7619831121870701202e-1},
        {"gammaGrad", 100, 120, 1.0957525107070082572},
        {"gammaGrad", 1000, 1010, 1.005150929676534306},
        {"gammaGrad", 1e5, 100300, 1.0015001714113008945},
        {"gammaGrad", 3, 40, 2.9347629990088614938},
        {"gammaGrad", 0.3, 5, 4.6998244156798337906},
    };

    @Test
    void matchesMpmathToAFewUlps() {
        for (Object[] row : MPMATH) {
            String fn = (String) row[0];
            double a = ((Number) row[1]).doubleValue();
            double x = ((Number) row[2]).doubleValue();
            double want = ((Number) row[3]).doubleValue();
            double got =
                    switch (fn) {
                        case "lgamma" -> SpecialMath.lgamma(x);
                        case "digamma" -> SpecialMath.digamma(x);
                        case "polygamma" -> SpecialMath.polygamma((int) a, x);
                        case "erf" -> SpecialMath.erf(x);
                        case "erfc" -> SpecialMath.erfc(x);
                        case "gammaGrad" -> SpecialMath.standardGammaGrad(a, x);
                        default -> throw new IllegalArgumentException(fn);
                    };
            double tol = (fn.equals("lgamma") ? 1e-14 : 4e-15) * Math.max(Math.abs(want), 1);
            if (fn.startsWith("poly") || fn.equals("erfc") || fn.equals("gammaGrad")) {
                tol = (fn.equals("gammaGrad") ? 2e-14 : 4e-15) * Math.abs(want);
            }
            assertThat(got).as("%s(%s, %s)", fn, a, x).isCloseTo(want, within(tol));
        }
    }

    @Test
    void polesAndSpecialValuesFollowPyTorch() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(SpecialMath.lgamma(0)).isEqualTo(inf);
        assertThat(SpecialMath.lgamma(-3)).isEqualTo(inf);
        assertThat(SpecialMath.lgamma(-inf)).isEqualTo(inf);
        assertThat(SpecialMath.lgamma(1)).isEqualTo(0);
        assertThat(SpecialMath.digamma(0.0)).isEqualTo(-inf);
        assertThat(SpecialMath.digamma(-0.0)).isEqualTo(inf);
        assertThat(SpecialMath.digamma(-2)).isNaN();
        assertThat(SpecialMath.polygamma(1, -2)).isEqualTo(inf);
        assertThat(SpecialMath.polygamma(2, 0)).isNaN();
        assertThat(SpecialMath.polygamma(1, inf)).isEqualTo(0);
        assertThat(SpecialMath.erf(inf)).isEqualTo(1);
        assertThat(SpecialMath.erfc(-inf)).isEqualTo(2);
        assertThat(SpecialMath.erfc(30)).isEqualTo(0);
        assertThat(SpecialMath.standardGammaGrad(2, 0)).isEqualTo(0);
        assertThat(SpecialMath.standardGammaGrad(-1, 1)).isNaN();
        assertThat(SpecialMath.standardGammaGrad(1, Double.NaN)).isNaN();
    }

    @Test
    void gammaGradientOfHugeAlphaIsWilsonHilfertysToOneOverAlpha() {
        // dx/da at the median of Gamma(a) tends to 1 (x ~ a - 1/3); Wilson-Hilferty's is within
        // 1/a.
        double a = 1e8;
        assertThat(SpecialMath.standardGammaGrad(a, a - 1.0 / 3)).isCloseTo(1, within(1e-7));
        assertThat(SpecialMath.standardGammaGrad(1e6, 1e6 - 1.0 / 3))
                .isCloseTo(SpecialMath.standardGammaGrad(1e6 + 1, 1e6 + 1 - 1.0 / 3), within(1e-6));
    }

    /** Against scipy.special.ndtri (the same function as PyTorch's). */
    @Test
    void ndtriInvertsTheNormalCdfIntoTheFarTails() {
        double[][] cases = {
            {0.5, 0.0},
            {0.975, 1.959963984540054},
            {0.8413447460685429, 1.0},
            {1e-10, -6.361340902404056},
            {1e-300, -37.0470962993612},
            {0.3, -0.5244005127080409},
            {0.999, 3.090232306167813},
            {0.02, -2.053748910631823},
        };
        for (double[] c : cases) {
            assertThat(SpecialMath.ndtri(c[0]))
                    .as("ndtri(%s)", c[0])
                    .isCloseTo(c[1], within(1e-14 * Math.max(1, Math.abs(c[1]))));
        }
        assertThat(SpecialMath.ndtri(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(SpecialMath.ndtri(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SpecialMath.ndtri(1.5)).isNaN();
        assertThat(SpecialMath.ndtri(Double.NaN)).isNaN();
    }
}
