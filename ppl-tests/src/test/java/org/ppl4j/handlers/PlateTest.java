package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ppl4j.PplException;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Shape;
import org.ppl4j.tensor.Tensor;

class PlateTest extends ProgramScope {
    @Test
    void aPlateOwnsTheRightmostBatchDim() {
        Tensor x;
        Trace tr;
        try (var t = Handlers.trace();
                var p = plate("data", 4)) {
            assertThat(p.dim()).isEqualTo(-1);
            x = sample("x", Normal.of(scalar(0.0), 1.0));
            tr = t.trace();
        }
        assertThat(x.shape()).isEqualTo(Shape.of(4));
        assertThat(tr.site("x").fn().batchShape()).isEqualTo(Shape.of(4));
        assertThat(tr.site("x").frames()).containsExactly(new PlateFrame("data", -1, 4, 4));
        assertThat(tr.logProb("x").shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void nestedPlatesGetMinusOneThenMinusTwo() {
        Trace tr;
        try (var t = Handlers.trace();
                var outer = plate("outer", 3);
                var inner = plate("inner", 2)) {
            assertThat(outer.dim()).isEqualTo(-1);
            assertThat(inner.dim()).isEqualTo(-2);
            sample("x", Normal.of(scalar(0.0), 1.0));
            tr = t.trace();
        }
        assertThat(tr.site("x").value().shape()).isEqualTo(Shape.of(2, 3));
        assertThat(tr.site("x").frames())
                .extracting(PlateFrame::name)
                .containsExactly("outer", "inner");
    }

    @Test
    void aFreedDimIsReusedBySequentialPlates() {
        try (var a = plate("a", 3)) {
            assertThat(a.dim()).isEqualTo(-1);
        }
        try (var b = plate("b", 5)) {
            assertThat(b.dim()).isEqualTo(-1);
        }
    }

    @Test
    void anAutomaticPlateSkipsADimTakenExplicitly() {
        try (var a = Handlers.plate("a", 3, 3, -1);
                var b = plate("b", 2)) {
            assertThat(b.dim()).isEqualTo(-2);
            assertThat(sample("x", Normal.of(scalar(0.0), 1.0)).shape()).isEqualTo(Shape.of(2, 3));
        }
    }

    @Test
    void explicitDimCollisionsAreReportedWithTheFix() {
        try (var a = plate("a", 3)) {
            assertThatThrownBy(() -> Handlers.plate("b", 2, 2, -1))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("'a'")
                    .hasMessageContaining("'b'")
                    .hasMessageContaining("dim=-1")
                    .hasMessageContaining("try moving the dim of one plate to the left")
                    .hasMessageContaining("dim=-2");
        }
        assertThat(org.ppl4j.PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void aNestedPlateWithTheSameNameIsReported() {
        try (var a = plate("data", 3)) {
            assertThatThrownBy(() -> plate("data", 3))
                    .hasMessageContaining("plate 'data'")
                    .hasMessageContaining("another name");
        }
        assertThat(org.ppl4j.PplContext.current().handlerStack()).isEmpty();
    }

    @Test
    void subsamplingScalesByTheFullSizeOverTheBatchSize() {
        Trace tr;
        int[] idx;
        try (var t = Handlers.trace();
                var p = plate("data", 10, 4)) {
            idx = p.indices();
            sample("x", Normal.of(scalar(0.0), 1.0), vec(0.1, 0.2, 0.3, 0.4));
            tr = t.trace();
        }
        assertThat(idx).hasSize(4);
        assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(4);
        assertThat(Arrays.stream(idx).allMatch(i -> i >= 0 && i < 10)).isTrue();
        Site x = tr.site("x");
        assertThat(x.scale()).isEqualTo(2.5);
        assertThat(x.frames().get(0).scale()).isEqualTo(2.5);
        double hand = 0;
        for (double v : new double[] {0.1, 0.2, 0.3, 0.4}) {
            hand += normalLogPdf(v, 0, 1);
        }
        assertThat(tr.logProbSum().item()).isCloseTo(2.5 * hand, within(1e-12));
    }

    @Test
    void subsampleIndicesFollowTheSeed() {
        int[] first;
        try (var s = Handlers.seed(4);
                var p = plate("data", 100, 10)) {
            first = p.indices();
        }
        try (var s = Handlers.seed(4);
                var p = plate("data", 100, 10)) {
            assertThat(p.indices()).containsExactly(first);
        }
        try (var p = plate("data", 5)) {
            assertThat(p.indices()).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void aBatchDimThatDoesNotMatchThePlateNamesSiteAndPlate() {
        try (var p = plate("data", 3)) {
            assertThatThrownBy(() -> sample("x", Normal.of(vec(0, 0), 1.0)))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("site 'x'")
                    .hasMessageContaining("plate 'data'")
                    .hasMessageContaining("[2]")
                    .hasMessageContaining("size 3");
        }
    }

    @Test
    void badSizesAndPositiveDimsAreRejected() {
        assertThatThrownBy(() -> Handlers.plate("data", 3, 5)).hasMessageContaining("plate 'data'");
        assertThatThrownBy(() -> Handlers.plate("data", 3, 3, 0))
                .hasMessageContaining("plate 'data'")
                .hasMessageContaining("negative");
        assertThat(org.ppl4j.PplContext.current().handlerStack()).isEmpty();
    }
}
