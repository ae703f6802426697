package org.ppl4j.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.random.Philox;

class RowKeysTest {
    private static RowKeys keys(long seed, long step, int... rows) {
        return new RowKeys("data", seed, step, rows, false);
    }

    private static double[] row(double[] all, int r, int perRow) {
        return Arrays.copyOfRange(all, r * perRow, (r + 1) * perRow);
    }

    @Test
    void anExampleGetsTheSameNoiseWhateverItsPositionAndTheOtherRows() {
        Shape three = Shape.of(3, 4);
        double[] a = (double[]) keys(0, 5, 5, 9, 2).draw("z", 0, three, 0, true, DType.F32);
        double[] b = (double[]) keys(0, 5, 2, 5).draw("z", 0, Shape.of(2, 4), 0, true, DType.F32);
        assertThat(row(a, 0, 4)).containsExactly(row(b, 1, 4));
        assertThat(row(a, 2, 4)).containsExactly(row(b, 0, 4));
        assertThat(row(a, 0, 4)).isNotEqualTo(row(a, 1, 4));
    }

    @Test
    void eachRowReadsItsOwnStreamAlongAnInnerAxisInRowMajorOrder() {
        RowKeys k = keys(3, 1, 7, 8, 9);
        float[] u = (float[]) k.draw("y", 2, Shape.of(2, 3, 4), 1, false, DType.F32);
        float[] own = k.stream("y", 2, 8).uniformFloats(8);
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 4; i++) {
                assertThat(u[(o * 3 + 1) * 4 + i]).isEqualTo(own[o * 4 + i]);
            }
        }
    }

    @Test
    void seedStepSiteAndDrawEachChooseAnotherStream() {
        double[] base = keys(0, 4, 1).stream("z", 0, 1).normals(8);
        assertThat(keys(1, 4, 1).stream("z", 0, 1).normals(8)).isNotEqualTo(base);
        assertThat(keys(0, 5, 1).stream("z", 0, 1).normals(8)).isNotEqualTo(base);
        assertThat(keys(0, 4, 1).stream("w", 0, 1).normals(8)).isNotEqualTo(base);
        assertThat(keys(0, 4, 1).stream("z", 1, 1).normals(8)).isNotEqualTo(base);
        assertThat(keys(0, 4, 1).stream("z", 0, 2).normals(8)).isNotEqualTo(base);
        assertThat(keys(0, 4, 2).stream("z", 0, 1).normals(8)).containsExactly(base);
    }

    @Test
    void aDrawWithoutTheRowsAlongTheAxisFailsNamingSiteAndPlate() {
        assertThatThrownBy(() -> keys(0, 0, 1, 2).draw("z", 0, Shape.of(3), 0, true, DType.F64))
                .isInstanceOf(PplException.class)
                .hasMessageContaining("site 'z' draws noise of shape [3]")
                .hasMessageContaining("plate 'data' has 2 keyed rows");
    }

    @Test
    void aKeyedSiteRefusesRawWordsNamingTheSite() {
        Rng r = Rng.keyedSite("rate", Shape.of(2), Shape.of(), 0);
        assertThatThrownBy(r::nextWord).hasMessageContaining("site 'rate' draws raw random words");
        assertThatThrownBy(() -> r.permutation(3)).hasMessageContaining("site 'rate'");
    }

    @Test
    void theRowsAreFoundAtTheEndOfADrawWithOrWithoutTheEventDims() {
        Shape batch = Shape.of(4, 3);
        Shape event = Shape.of(5);
        assertThat(RowKeys.rowAxis("z", Shape.of(4, 3, 5), batch, event, 1)).isEqualTo(1);
        assertThat(RowKeys.rowAxis("z", Shape.of(12, 4, 3, 5), batch, event, 0)).isEqualTo(1);
        assertThat(RowKeys.rowAxis("z", Shape.of(4, 3), batch, event, 1)).isEqualTo(1);
        assertThat(RowKeys.rowAxis("z", Shape.of(7), batch, event, -1)).isEqualTo(-1);
        assertThatThrownBy(() -> RowKeys.rowAxis("z", Shape.of(3, 4), batch, event, 0))
                .hasMessageContaining("site 'z' draws noise of shape [3, 4], which does not end");
    }

    @Test
    void rowsAreCheckedAndCopied() {
        int[] rows = {4, 2};
        RowKeys k = keys(0, 0, rows);
        rows[0] = 99;
        assertThat(k.rows()).containsExactly(4, 2);
        assertThatThrownBy(() -> keys(0, 0)).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> keys(0, 0, 3, -1)).hasMessageContaining("example id -1");
    }

    @Test
    void atStartsTheStreamOfAKeyAtAGivenCounter() {
        Rng r = Rng.at(42, 5, 0);
        int[] expected = Philox.block(new int[] {5, 0, 0, 0}, new int[] {42, 0});
        assertThat(new int[] {r.nextWord(), r.nextWord(), r.nextWord(), r.nextWord()})
                .containsExactly(expected);
        assertThat(Rng.at(7, 0, 0).normals(4)).containsExactly(new Rng(7).normals(4));
    }
}
