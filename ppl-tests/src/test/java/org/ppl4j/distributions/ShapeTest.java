package org.ppl4j.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ppl4j.core.Shape;
import org.ppl4j.tensor.Tensor;

class ShapeTest extends ReferenceScope {
    private static Tensor zeros(int... shape) {
        return arr(new double[Shape.of(shape).size()], shape);
    }

    private static Tensor ones(int... shape) {
        return zeros(shape).add(1.0);
    }

    @Test
    void batchShapeIsTheBroadcastOfTheParameters() {
        Normal d = Normal.of(zeros(4, 1), ones(3));
        assertThat(d.batchShape()).isEqualTo(Shape.of(4, 3));
        assertThat(d.eventShape()).isEqualTo(Shape.of());
        assertThat(d.loc().shape()).isEqualTo(Shape.of(4, 3));
        assertThat(d.mean().shape()).isEqualTo(Shape.of(4, 3));
    }

    @Test
    void sampleShapeIsSampleShapePlusBatchShapePlusEventShape() {
        Independent d = Normal.of(zeros(2, 3), ones(2, 3)).toEvent(1);
        assertThat(d.batchShape()).isEqualTo(Shape.of(2));
        assertThat(d.eventShape()).isEqualTo(Shape.of(3));
        assertThat(d.sample().shape()).isEqualTo(Shape.of(2, 3));
        assertThat(d.sample(5, 4).shape()).isEqualTo(Shape.of(5, 4, 2, 3));
        assertThat(d.shape(5)).isEqualTo(Shape.of(5, 2, 3));
        assertThat(d.logProb(d.sample(5)).shape()).isEqualTo(Shape.of(5, 2));
    }

    @Test
    void toEventOnIndependentFlattensAndZeroKeepsTheShapes() {
        Independent d = Normal.of(zeros(2, 3), ones(2, 3)).toEvent(1).toEvent(1);
        assertThat(d.reinterpretedBatchDims()).isEqualTo(2);
        assertThat(d.base()).isInstanceOf(Normal.class);
        assertThat(d.batchShape()).isEqualTo(Shape.of());
        assertThat(d.eventShape()).isEqualTo(Shape.of(2, 3));
        assertThat(d.logProb(zeros(2, 3)).shape()).isEqualTo(Shape.of());
        Independent same = Normal.of(zeros(2), ones(2)).toEvent(0);
        assertThat(same.batchShape()).isEqualTo(Shape.of(2));
    }

    @Test
    void expandBroadcastsTheBatchShapeAndKeepsTheEvent() {
        Independent d = Normal.of(zeros(3), ones(3)).toEvent(1).expand(5, 2);
        assertThat(d.batchShape()).isEqualTo(Shape.of(5, 2));
        assertThat(d.eventShape()).isEqualTo(Shape.of(3));
        assertThat(d.sample().shape()).isEqualTo(Shape.of(5, 2, 3));
        assertThat(Normal.of(zeros(1), ones(1)).expandBy(7).batchShape()).isEqualTo(Shape.of(7, 1));
        assertThat(Categorical.probs(ones(4)).expand(6).sample().shape()).isEqualTo(Shape.of(6));
        assertThat(Bernoulli.logits(zeros(2)).expand(3, 2).sample(4).shape())
                .isEqualTo(Shape.of(4, 3, 2));
    }

    @Test
    void expandToAnIncompatibleShapeNamesBothShapes() {
        assertThatThrownBy(() -> Normal.of(zeros(3), ones(3)).expand(4))
                .hasMessageContaining("Normal.expand([4]): batch shape [3] cannot be broadcast")
                .hasMessageContaining("equal or 1");
    }

    @Test
    void toEventBeyondTheBatchRankIsRejected() {
        assertThatThrownBy(() -> Normal.of(zeros(3), ones(3)).toEvent(2))
                .hasMessageContaining("toEvent(2)")
                .hasMessageContaining("has 1 batch dims");
    }

    @Test
    void valuesWhoseEventShapeIsWrongAreRejectedWithValidationOn() {
        Independent d = Normal.of(zeros(2, 3), ones(2, 3)).toEvent(1);
        assertThatThrownBy(() -> d.logProb(zeros(2, 4)))
                .hasMessageContaining("must equal the event shape [3]");
        assertThatThrownBy(() -> Normal.of(zeros(3), ones(3)).logProb(zeros(4)))
                .hasMessageContaining("does not broadcast with batchShape + eventShape [3]");
    }

    @Test
    void deltaSplitsTheValueIntoBatchAndEvent() {
        Delta d = Delta.of(zeros(4, 2, 3), zeros(4), 2);
        assertThat(d.batchShape()).isEqualTo(Shape.of(4));
        assertThat(d.eventShape()).isEqualTo(Shape.of(2, 3));
        assertThat(d.sample(5).shape()).isEqualTo(Shape.of(5, 4, 2, 3));
        assertThat(d.logProb(zeros(4, 2, 3)).shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void categoricalSamplesHaveTheBatchShapeAndNoEventDim() {
        Categorical c = Categorical.logits(zeros(2, 5));
        assertThat(c.batchShape()).isEqualTo(Shape.of(2));
        assertThat(c.sample(3).shape()).isEqualTo(Shape.of(3, 2));
        assertThat(c.logProb(c.sample(3)).shape()).isEqualTo(Shape.of(3, 2));
        assertThat(c.mean().shape()).isEqualTo(Shape.of(2));
    }
}
