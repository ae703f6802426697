package org.ppl4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The examples one partition holds, cached on an executor: their ids (positions in the data set,
 * ascending) and values.
 *
 * @param <R> the type of one example
 */
final class RowBlock<R> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] ids;
    private final ArrayList<R> rows;

    private RowBlock(int[] ids, ArrayList<R> rows) {
        this.ids = ids;
        this.rows = rows;
    }

    /** One block of a partition's (id, example) pairs. */
    static <R> Iterator<RowBlock<R>> of(Iterator<Tuple2<Long, R>> pairs) {
        List<Tuple2<Long, R>> all = new ArrayList<>();
        pairs.forEachRemaining(all::add);
        all.sort((a, b) -> Long.compare(a._1(), b._1()));
        int[] ids = new int[all.size()];
        ArrayList<R> rows = new ArrayList<>(all.size());
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Math.toIntExact(all.get(i)._1());
            rows.add(all.get(i)._2());
        }
        return List.of(new RowBlock<>(ids, rows)).iterator();
    }

    /** The number of examples. */
    int size() {
        return ids.length;
    }

    /** The positions in {@code wanted} of the examples this block holds, in that order. */
    int[] positionsOf(int[] wanted) {
        int[] at = new int[wanted.length];
        int n = 0;
        for (int i = 0; i < wanted.length; i++) {
            if (Arrays.binarySearch(ids, wanted[i]) >= 0) {
                at[n++] = i;
            }
        }
        return Arrays.copyOf(at, n);
    }

    /** The example with id {@code id}, which this block holds. */
    R row(int id) {
        return rows.get(Arrays.binarySearch(ids, id));
    }
}
