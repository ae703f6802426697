package org.ppl4j.tck.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;

/** A seeded source of random shapes, axes and values, so every run sees the same cases. */
final class Samples {
    private final Random random;

    Samples(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A generator for the named cases: the same every run, unless {@code -Dppl.kit.seed=N} asks for
     * another draw of the random cases (for exploring; failures print their inputs).
     */
    static Samples forCase(Object... what) {
        long seed = Long.getLong("ppl.kit.seed", 0L);
        for (Object w : what) {
            seed = 31 * seed + w.toString().hashCode();
        }
        return new Samples(seed);
    }

    Random random() {
        return random;
    }

    /** An int in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    boolean coin() {
        return random.nextBoolean();
    }

    /** A dimension size: often 1, sometimes 0 when {@code allowEmpty}, else up to {@code max}. */
    int dim(int max, boolean allowEmpty) {
        int roll = random.nextInt(10);
        if (allowEmpty && roll == 0) {
            return 0;
        }
        return roll < 3 ? 1 : between(1, max);
    }

    Shape shape(int minRank, int maxRank, int maxDim, boolean allowEmpty) {
        int[] d = new int[between(minRank, maxRank)];
        for (int i = 0; i < d.length; i++) {
            d[i] = dim(maxDim, allowEmpty);
        }
        return Shape.of(d);
    }

    /**
     * {@code count} shapes that broadcast together: each drops some leading axes of a common shape
     * and turns some of the rest into size 1.
     */
    Shape[] broadcastable(int count, boolean allowEmpty) {
        Shape full = shape(0, 4, 4, allowEmpty);
        Shape[] r = new Shape[count];
        for (int k = 0; k < count; k++) {
            int drop = between(0, full.rank());
            int[] d = full.sub(drop, full.rank()).toArray();
            for (int i = 0; i < d.length; i++) {
                if (random.nextInt(3) == 0) {
                    d[i] = 1;
                }
            }
            r[k] = Shape.of(d);
        }
        return r;
    }

    HostTensor tensor(Shape s, Domain d, DType dtype) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.draw(random);
        }
        return new HostTensor(s, v).rounded(dtype);
    }

    /** Overwrites a few random positions with the given special values. */
    HostTensor sprinkled(HostTensor t, double... specials) {
        double[] v = t.data().clone();
        for (int i = 0; i < v.length && i < specials.length; i++) {
            v[random.nextInt(v.length)] = specials[i];
        }
        return new HostTensor(t.shape(), v);
    }

    /** Distinct ascending axes of a rank-{@code rank} shape (possibly none or all). */
    int[] axes(int rank) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (random.nextBoolean()) {
                a.add(i);
            }
        }
        return a.stream().mapToInt(Integer::intValue).toArray();
    }

    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** {@code count} indices in {@code [0, bound)}, with at least one repeat when possible. */
    int[] indices(int count, int bound) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = random.nextInt(bound);
        }
        if (count >= 2) {
            idx[count - 1] = idx[0];
        }
        return idx;
    }

    /**
     * {@code n} distinct values at least 0.25 apart in random order (for max/min reductions, whose
     * gradient has a kink at ties).
     */
    double[] distinct(int n) {
        int[] p = permutation(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.25 * (p[i] - n / 2.0) + 0.05 * random.nextDouble();
        }
        return v;
    }
}
