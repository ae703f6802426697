package org.ppl4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ppl4j.backend.nd4j.Nd4jTesting.backend;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ppl4j.core.PplException;

class Nd4jArrayPoolTest {
    @Test
    void aReleasedArrayServesTheNextRequestForItsTypeAndShapeOnly() {
        backend(); // loads ND4J
        Nd4jArrayPool pool = new Nd4jArrayPool(1 << 20);
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, new long[] {4, 8}, 'c');
        pool.give(a);
        assertThat(pool.heldBytes()).isEqualTo(128);
        assertThat(pool.take(DataType.FLOAT, new long[] {8, 4})).isNull();
        assertThat(pool.take(DataType.DOUBLE, new long[] {4, 8})).isNull();
        assertThat(pool.take(DataType.FLOAT, new long[] {4, 8})).isSameAs(a);
        assertThat(pool.take(DataType.FLOAT, new long[] {4, 8})).isNull();
        assertThat(pool.heldBytes()).isZero();
        a.close();
    }

    @Test
    void overTheBudgetThePoolEmptiesAndClosesWhatItHeld() {
        backend();
        Nd4jArrayPool pool = new Nd4jArrayPool(1000);
        INDArray old = Nd4j.createUninitialized(DataType.FLOAT, new long[] {200}, 'c');
        INDArray next = Nd4j.createUninitialized(DataType.FLOAT, new long[] {100}, 'c');
        INDArray huge = Nd4j.createUninitialized(DataType.FLOAT, new long[] {1000}, 'c');
        pool.give(old);
        pool.give(next); // 1200 bytes > 1000: old is closed, next kept
        assertThat(old.wasClosed()).isTrue();
        assertThat(pool.heldBytes()).isEqualTo(400);
        pool.give(huge); // larger than the whole budget: closed at once
        assertThat(huge.wasClosed()).isTrue();
        assertThat(pool.take(DataType.FLOAT, new long[] {100})).isSameAs(next);
        next.close();
    }

    @Test
    void viewsAreClosedNotKept() {
        backend();
        Nd4jArrayPool pool = new Nd4jArrayPool(1 << 20);
        INDArray base = Nd4j.createUninitialized(DataType.FLOAT, new long[] {2, 3}, 'c');
        INDArray view = base.reshape('c', 3, 2);
        pool.give(view);
        assertThat(pool.heldBytes()).isZero();
        assertThat(pool.take(DataType.FLOAT, new long[] {3, 2})).isNull();
    }

    @Test
    void aBadBudgetPropertyIsReportedWithTheFix() {
        System.setProperty(Nd4jArrayPool.BUDGET_PROPERTY, "lots");
        try {
            assertThatThrownBy(Nd4jArrayPool::fromSystemProperties)
                    .isInstanceOf(PplException.class)
                    .hasMessageContaining("ppl.nd4j.poolMiB='lots' is not a size in MiB")
                    .hasMessageContaining("or 0 to free arrays at once");
        } finally {
            System.clearProperty(Nd4jArrayPool.BUDGET_PROPERTY);
        }
    }
}
