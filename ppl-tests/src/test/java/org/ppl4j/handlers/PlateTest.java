package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ppl4j.Ppl;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Normal;
import org.ppl4j.infer.Svi;
import org.ppl4j.infer.TraceElbo;
import org.ppl4j.optim.Sgd;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

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

    /** A model and a guide that record the subsample each of their plates used. */
    private static final class MinibatchPair {
        final List<int[]> model = new ArrayList<>();
        final List<int[]> guide = new ArrayList<>();

        void model(Tensor data) {
            try (var p = plate("data", 100, 10)) {
                model.add(p.indices());
                sample("x", Normal.of(scalar(0.0), 1.0), data.gather(0, p.indices()));
            }
        }

        void guide(Tensor data) {
            Tensor loc = Ppl.param("loc", () -> scalar(0.0));
            try (var p = plate("data", 100, 10)) {
                guide.add(p.indices());
                sample("unused", Normal.of(loc, 1.0));
            }
        }
    }

    @Test
    void underSviTheModelSeesTheGuidesMinibatch() {
        MinibatchPair pair = new MinibatchPair();
        Tensor data = Tensor.zeros(DType.F64, 100);
        Svi<Tensor> svi = new Svi<>(pair::model, pair::guide, new Sgd(0.01), new TraceElbo());
        for (int step = 0; step < 3; step++) {
            svi.step(data);
        }
        new TraceElbo().estimate(pair::model, pair::guide, data);
        assertThat(pair.model).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(pair.model.get(i)).containsExactly(pair.guide.get(i));
        }
        assertThat(pair.guide.get(1)).isNotEqualTo(pair.guide.get(0));
    }

    @Test
    void aTraceRecordsTheSubsampleAndReplayCopiesIt() {
        int[] first;
        Trace tr;
        try (var s = Handlers.seed(1);
                var t = Handlers.trace();
                var p = plate("data", 100, 10)) {
            first = p.indices();
            sample("x", Normal.of(scalar(0.0), 1.0), vec(0.5));
            tr = t.trace();
        }
        Site sub = tr.site("data");
        assertThat(sub.type()).isEqualTo(SiteType.SUBSAMPLE);
        assertThat(sub.indices()).containsExactly(first);
        assertThat(tr.sampleSites()).extracting(Site::name).containsExactly("x");
        // 10 entries, each scaled by 100 / 10.
        assertThat(tr.logProbSum().item()).isCloseTo(normalLogPdf(0.5, 0, 1) * 100, within(1e-9));
        try (var s = Handlers.seed(2);
                var r = Handlers.replay(tr);
                var p = plate("data", 100, 10)) {
            assertThat(p.indices()).containsExactly(first);
        }
        try (var s = Handlers.seed(2);
                var p = plate("data", 100, 10)) {
            assertThat(p.indices()).isNotEqualTo(first);
        }
    }

    @Test
    void aReplayedSubsampleOfAnotherSizeIsReported() {
        Trace tr = Handlers.trace(() -> plate("data", 100, 10).close());
        try (var r = Handlers.replay(tr)) {
            assertThatThrownBy(() -> plate("data", 100, 5))
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("plate 'data' has subsample size 5")
                    .hasMessageContaining("given 10 indices");
        }
    }

    @Test
    void conditionAndSubstituteFixTheSubsample() {
        try (var c = Handlers.condition(Map.of("data", vec(3, 1, 4)));
                var p = plate("data", 10, 3)) {
            assertThat(p.indices()).containsExactly(3, 1, 4);
        }
        try (var c = Handlers.substitute(Map.of("data", vec(9, 0)));
                var p = plate("data", 10, 2)) {
            assertThat(p.indices()).containsExactly(9, 0);
        }
        try (var c = Handlers.condition(Map.of("data", vec(3, 11)))) {
            assertThatThrownBy(() -> plate("data", 10, 2))
                    .hasMessageContaining("plate 'data' of size 10")
                    .hasMessageContaining("index 11");
        }
    }

    @Test
    void aPlateEnteredTwiceWithOneSubsampleIsOneSiteAndWithTwoIsReported() {
        Trace same =
                Handlers.trace(
                        () -> {
                            plate("data", 4).close();
                            plate("data", 4).close();
                        });
        assertThat(same.sites()).hasSize(1);
        assertThatThrownBy(
                        () ->
                                Handlers.trace(
                                        () -> {
                                            plate("data", 100, 10).close();
                                            plate("data", 100, 10).close();
                                        }))
                .hasMessageContaining("plate 'data' was entered twice")
                .hasMessageContaining("different subsamples");
    }

    @Test
    void dimsFarToTheLeftAreTracked() {
        try (var deep = Handlers.plate("deep", 2, 2, -70);
                var p = plate("data", 3)) {
            assertThat(deep.dim()).isEqualTo(-70);
            assertThat(p.dim()).isEqualTo(-1);
        }
    }

    @Test
    void aNullNameIsReported() {
        assertThatThrownBy(() -> plate(null, 3))
                .isInstanceOf(PplException.class)
                .hasMessage("argument 'name' of plate must not be null");
        assertThat(org.ppl4j.PplContext.current().handlerStack()).isEmpty();
    }
}
