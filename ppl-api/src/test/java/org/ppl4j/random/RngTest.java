package org.ppl4j.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ppl4j.internal.random.Philox;

class RngTest {
    @Test
    void theFirstWordsOfSeedZeroAreTheFirstPhiloxBlock() {
        Rng r = new Rng(0);
        int[] words = {r.nextWord(), r.nextWord(), r.nextWord(), r.nextWord()};
        assertThat(words).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(r.nextWord())
                .isEqualTo(Philox.block(new int[] {1, 0, 0, 0}, new int[] {0, 0})[0]);
    }

    @Test
    void theSeedIsTheKeyLowWordFirst() {
        Rng r = new Rng(0x299f31d0a4093822L);
        int[] expected = Philox.block(new int[] {0, 0, 0, 0}, new int[] {0xa4093822, 0x299f31d0});
        assertThat(new int[] {r.nextWord(), r.nextWord(), r.nextWord(), r.nextWord()})
                .containsExactly(expected);
    }

    @Test
    void aDoubleTakes53BitsFromTwoWords() {
        Rng words = new Rng(7);
        long hi = (words.nextWord() >>> 5) & 0x7FFFFFFL;
        long lo = (words.nextWord() >>> 6) & 0x3FFFFFFL;
        assertThat(new Rng(7).nextDouble()).isEqualTo(((hi << 26) | lo) / 0x1.0p53);
    }

    @Test
    void sameSeedGivesIdenticalDrawsAndOtherSeedsDiffer() {
        assertThat(new Rng(42).normals(1000)).containsExactly(new Rng(42).normals(1000));
        assertThat(new Rng(42).uniforms(10)).isNotEqualTo(new Rng(43).uniforms(10));
    }

    @Test
    void drawsDependOnlyOnTheWordsConsumedNotOnHowCallsAreSplit() {
        Rng a = new Rng(3);
        double[] one = a.uniforms(5);
        Rng b = new Rng(3);
        double[] split = new double[5];
        System.arraycopy(b.uniforms(2), 0, split, 0, 2);
        System.arraycopy(b.uniforms(3), 0, split, 2, 3);
        assertThat(split).containsExactly(one);
    }

    @Test
    void uniformsLieInTheHalfOpenUnitIntervalWithTheRightMoments() {
        double[] u = new Rng(1).uniforms(200_000);
        float[] f = new Rng(1).uniformFloats(200_000);
        assertThat(Arrays.stream(u).allMatch(x -> x >= 0 && x < 1)).isTrue();
        for (float x : f) {
            assertThat(x).isGreaterThanOrEqualTo(0f).isLessThan(1f);
        }
        assertThat(Arrays.stream(u).average().orElseThrow()).isCloseTo(0.5, within(0.005));
    }

    @Test
    void normalsHaveMeanZeroAndVarianceOne() {
        double[] z = new Rng(11).normals(200_001);
        double mean = Arrays.stream(z).average().orElseThrow();
        double var = Arrays.stream(z).map(x -> (x - mean) * (x - mean)).sum() / z.length;
        assertThat(mean).isCloseTo(0.0, within(0.01));
        assertThat(var).isCloseTo(1.0, within(0.01));
        assertThat(Arrays.stream(z).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng r = new Rng(5);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[r.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        assertThatThrownBy(() -> r.nextInt(0)).hasMessageContaining("bound must be > 0, got 0");
    }

    @Test
    void permutationHoldsEveryIndexOnceAndIsDeterministic() {
        int[] p = new Rng(9).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(p).containsExactly(new Rng(9).permutation(1000));
        assertThat(p).isNotEqualTo(sorted);
    }

    @Test
    void restoringAStateContinuesTheStreamExactly() {
        Rng r = new Rng(-12345);
        r.uniforms(3);
        r.nextWord(); // leaves the block partly used
        long[] state = r.state();
        double[] expected = r.normals(17);
        assertThat(Rng.restore(state).normals(17)).containsExactly(expected);
        assertThat(Rng.restore(new Rng(8).state()).uniforms(4))
                .containsExactly(new Rng(8).uniforms(4));
    }

    @Test
    void aMalformedStateIsRejectedWithTheFix() {
        assertThatThrownBy(() -> Rng.restore(new long[] {1, 2}))
                .hasMessageContaining("got 2")
                .hasMessageContaining("Rng.state()");
        assertThatThrownBy(() -> Rng.restore(new long[] {1, 0, 0, 2}))
                .hasMessageContaining("words used 2 is invalid");
    }
}
