package org.ppl4j.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ppl4j.Ppl.plate;
import static org.ppl4j.Ppl.sample;

import org.junit.jupiter.api.Test;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.distributions.Normal;
import org.ppl4j.tensor.Tensor;
import org.ppl4j.testkit.ProgramScope;

/** Site shapes are {@code sampleShape + batchShape + eventShape}, plates owning batch dims. */
class ShapeTest extends ProgramScope {
    @Test
    void toEventInsideAPlateKeepsTheEventOnTheRight() {
        Trace tr;
        try (var t = Handlers.trace();
                var p = plate("data", 4)) {
            sample("z", Normal.of(Tensor.zeros(DType.F64, 3), 1.0).toEvent(1));
            tr = t.trace();
        }
        Site z = tr.site("z");
        assertThat(z.fn().batchShape()).isEqualTo(Shape.of(4));
        assertThat(z.fn().eventShape()).isEqualTo(Shape.of(3));
        assertThat(z.value().shape()).isEqualTo(Shape.of(4, 3));
        assertThat(tr.logProb("z").shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void nestedPlatesAndAnEventGiveInnerOuterEvent() {
        Trace tr;
        try (var t = Handlers.trace();
                var outer = plate("outer", 3);
                var inner = plate("inner", 2)) {
            sample("z", Normal.of(Tensor.zeros(DType.F64, 5), 1.0).toEvent(1));
            tr = t.trace();
        }
        assertThat(tr.site("z").value().shape()).isEqualTo(Shape.of(2, 3, 5));
        assertThat(tr.logProb("z").shape()).isEqualTo(Shape.of(2, 3));
    }

    @Test
    void aSampleShapeStaysLeftOfThePlates() {
        Trace tr;
        try (var t = Handlers.trace();
                var p = plate("data", 4)) {
            sample("z", Normal.of(Tensor.zeros(DType.F64, 4, 3), 1.0).toEvent(1).expandBy(7));
            tr = t.trace();
        }
        assertThat(tr.site("z").value().shape()).isEqualTo(Shape.of(7, 4, 3));
        assertThat(tr.logProb("z").shape()).isEqualTo(Shape.of(7, 4));
    }

    @Test
    void aBatchDimLeftOfThePlateIsKept() {
        Trace tr;
        try (var t = Handlers.trace();
                var p = plate("data", 4)) {
            sample("z", Normal.of(Tensor.zeros(DType.F64, 2, 1), 1.0));
            tr = t.trace();
        }
        assertThat(tr.site("z").value().shape()).isEqualTo(Shape.of(2, 4));
    }
}
