package org.ppl4j.random;

import java.util.function.Function;
import org.ppl4j.core.DType;
import org.ppl4j.core.PplException;
import org.ppl4j.core.Shape;
import org.ppl4j.internal.random.Philox;
import org.ppl4j.spi.TensorType;
import org.ppl4j.tensor.HostFeed;
import org.ppl4j.tensor.Tensor;

/**
 * A deterministic random stream: Philox4x32-10 keyed by the seed, run over a 128-bit block counter,
 * read as a stream of 32-bit words.
 *
 * <p>Every draw is made on the host and uploaded, so one seed gives bit-identical numbers on every
 * backend. The stream is read strictly in call order: a draw of {@code n} values consumes a fixed
 * number of words that depends only on {@code n} and the method (documented on each), so e.g.
 * {@code uniforms(1)} twice yields the same numbers as {@code uniforms(2)} once. The key is the
 * seed's low and high 32-bit halves; the counter starts at 0.
 *
 * <p>An {@code Rng} is mutable and belongs to one thread (that thread's stream is {@link
 * #current()}); it is not synchronized. {@link #state()} and {@link #restore} checkpoint it.
 *
 * <p>{@link #keyedSite} makes the one other kind: the stream a sample site inside a keyed data
 * plate draws from while it draws (see {@link RowKeys}), whose tensor draws give each row of the
 * plate noise of its own.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * Tensor eps = rng.normal(Shape.of(128, 50), DType.F32);
 * int[] order = rng.permutation(60000);
 * }</pre>
 */
public final class Rng {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final float TWO_POW_MINUS_24 = 0x1.0p-24f;
    private static final int STATE_LENGTH = 4;
    private static final ThreadLocal<Rng> CURRENT = ThreadLocal.withInitial(() -> new Rng(0L));

    private final long seed;
    private final int k0;
    private final int k1;

    /** For a keyed site's stream: the site, its value's batch and event shapes, the row dim. */
    private final String keyedSite;

    private final Shape keyedBatch;
    private final Shape keyedEvent;
    private final int keyedDim;
    private int keyedDraws;

    /** The counter of the next block to compute (128 bits: lo holds words 0 and 1). */
    private long nextLo;

    private long nextHi;

    /** The block computed last (counter {@code next - 1}) and how many of its words are used. */
    private final int[] buffer = new int[4];

    private int used = 4;

    /** The calling thread's stream, which every draw comes from (seed 0 until reseeded). */
    public static Rng current() {
        return CURRENT.get();
    }

    /**
     * Makes {@code rng} the calling thread's stream (what {@code Ppl.seed} and a checkpoint restore
     * do).
     */
    public static void current(Rng rng) {
        PplException.nonNull(rng, "rng", "Rng.current");
        CURRENT.set(rng);
    }

    /** A stream seeded with {@code seed}, at its start. */
    public Rng(long seed) {
        this(seed, null, null, null, 0);
    }

    private Rng(long seed, String site, Shape batch, Shape event, int dim) {
        this.seed = seed;
        this.k0 = (int) seed;
        this.k1 = (int) (seed >>> 32);
        this.keyedSite = site;
        this.keyedBatch = batch;
        this.keyedEvent = event;
        this.keyedDim = dim;
    }

    /**
     * The stream of Philox keyed by {@code key} whose 128-bit block counter starts at {@code
     * counterHi:counterLo} (so {@code new Rng(seed)} is {@code at(seed, 0, 0)}): one of 2^128
     * disjoint streams of one key, chosen by number. {@link RowKeys} gives each example its own.
     */
    public static Rng at(long key, long counterLo, long counterHi) {
        Rng r = new Rng(key);
        r.nextLo = counterLo;
        r.nextHi = counterHi;
        return r;
    }

    /**
     * The stream site {@code site} draws from under keyed noise, whose value has batch shape {@code
     * batch} and event shape {@code event} with the data plate's rows at index {@code rowDim} of
     * the batch shape ({@code -1}: a site outside the plate, one stream for the whole draw). Its
     * {@link #normal} and {@link #uniform} give row {@code i} the values of the stream {@link
     * RowKeys#stream} keys by (seed, step, site, the row's example id, the draw's number in the
     * site), with the keys in force when the values are made (at every run of a compiled step). A
     * draw's shape must end with {@code batch + event} or with {@code batch} (a sampler may put
     * axes of its own in front, as Gamma's rounds of proposals). Raw words cannot be keyed by row,
     * so every other draw fails, naming the site.
     */
    public static Rng keyedSite(String site, Shape batch, Shape event, int rowDim) {
        PplException.nonNull(site, "site", "Rng.keyedSite");
        return new Rng(0, site, batch, event, rowDim);
    }

    /** The seed this stream was created with. */
    public long seed() {
        return seed;
    }

    // ---- raw words ---------------------------------------------------------------------------

    /** The next 32 random bits (one word of the stream). */
    public int nextWord() {
        if (keyedSite != null) {
            throw keyedOnly("draws raw random words (e.g. a rejection sampler such as Gamma's)");
        }
        if (used == 4) {
            Philox.block(
                    (int) nextLo,
                    (int) (nextLo >>> 32),
                    (int) nextHi,
                    (int) (nextHi >>> 32),
                    k0,
                    k1,
                    buffer);
            nextLo++;
            if (nextLo == 0) {
                nextHi++;
            }
            used = 0;
        }
        return buffer[used++];
    }

    /** A double in [0, 1) with 53 random bits (two words: 27 high bits, then 26 low bits). */
    public double nextDouble() {
        long hi = (nextWord() >>> 5) & 0x7FFFFFFL;
        long lo = (nextWord() >>> 6) & 0x3FFFFFFL;
        return ((hi << 26) | lo) * TWO_POW_MINUS_53;
    }

    /** A float in [0, 1) with 24 random bits (one word's top 24 bits). */
    public float nextFloat() {
        return (nextWord() >>> 8) * TWO_POW_MINUS_24;
    }

    /**
     * A uniformly distributed int in [0, bound), without modulo bias (Lemire's multiply-and-reject:
     * one word, rarely more).
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new PplException("nextInt: bound must be > 0, got " + bound);
        }
        long b = bound;
        long m = (nextWord() & 0xFFFFFFFFL) * b;
        long low = m & 0xFFFFFFFFL;
        if (low < b) {
            long threshold = (0x100000000L - b) % b;
            while (low < threshold) {
                m = (nextWord() & 0xFFFFFFFFL) * b;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    // ---- host arrays ---------------------------------------------------------------------------

    /** {@code n} doubles in [0, 1), each with 53 random bits ({@code 2n} words). */
    public double[] uniforms(int n) {
        double[] u = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            u[i] = nextDouble();
        }
        return u;
    }

    /** {@code n} floats in [0, 1), each with 24 random bits ({@code n} words). */
    public float[] uniformFloats(int n) {
        float[] u = new float[checkCount(n)];
        for (int i = 0; i < n; i++) {
            u[i] = nextFloat();
        }
        return u;
    }

    /**
     * {@code n} standard normal doubles by the Box-Muller transform on pairs of 53-bit uniforms
     * ({@code 4 * ceil(n / 2)} words; for odd {@code n} the second value of the last pair is
     * dropped). The radius uses {@code 1 - u}, in (0, 1], so the logarithm is always finite. The
     * functions are {@link StrictMath}'s, so a seed gives bit-identical draws on every JVM and CPU.
     */
    public double[] normals(int n) {
        double[] z = new double[checkCount(n)];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - nextDouble();
            double u2 = nextDouble();
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double theta = 2.0 * Math.PI * u2;
            z[i] = r * StrictMath.cos(theta);
            if (i + 1 < n) {
                z[i + 1] = r * StrictMath.sin(theta);
            }
        }
        return z;
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates, {@code nextInt} per swap).
     */
    public int[] permutation(int n) {
        int[] p = new int[checkCount(n)];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ---- tensors --------------------------------------------------------------------------------

    /**
     * A tensor of uniforms in [0, 1) on the current scope's backend: 53-bit doubles for {@code F64}
     * ({@link #uniforms}), 24-bit floats for {@code F32} ({@link #uniformFloats}), so a float never
     * rounds up to 1.
     */
    public Tensor uniform(Shape shape, DType dtype) {
        int n = checkCount(shape.size());
        if (keyedSite != null) {
            return keyedFeed(shape, dtype, false);
        }
        if (dtype == DType.F32) {
            return feed(shape, dtype, r -> r.uniformFloats(n));
        }
        return feed(shape, dtype, r -> r.uniforms(n));
    }

    /**
     * A tensor of standard normals on the current scope's backend: {@link #normals} rounded to
     * {@code dtype} (so the float32 and float64 draws of one state agree to float32 precision).
     */
    public Tensor normal(Shape shape, DType dtype) {
        int n = checkCount(shape.size());
        if (keyedSite != null) {
            return keyedFeed(shape, dtype, true);
        }
        return feed(shape, dtype, r -> r.normals(n));
    }

    /** A keyed site's draw: made from the keys the context holds when the values are made. */
    private Tensor keyedFeed(Shape shape, DType dtype, boolean normal) {
        String site = keyedSite;
        int axis = RowKeys.rowAxis(site, shape, keyedBatch, keyedEvent, keyedDim);
        int draw = keyedDraws++;
        return Tensor.feed(
                new TensorType(shape, dtype),
                () -> RowKeys.required(site).draw(site, draw, shape, axis, normal, dtype));
    }

    private PplException keyedOnly(String what) {
        return new PplException(
                "site '"
                        + keyedSite
                        + "' "
                        + what
                        + " under keyed noise, where only whole normal or uniform tensors can be"
                        + " keyed by example; choose a distribution whose sampler draws one such"
                        + " tensor (Normal, Bernoulli, Uniform, Categorical, ...), or fix the site's"
                        + " value with substitute or condition");
    }

    /**
     * The draw as a {@link HostFeed}: made now eagerly, and at every run of a compiled step that
     * traced it, so that a compiled step reads the stream exactly as an eager one. A draw from the
     * thread's context stream reads the stream that is the context's at run time (a checkpoint
     * restore or a reseed replaces it).
     */
    private Tensor feed(Shape shape, DType dtype, Function<Rng, Object> draw) {
        HostFeed f = current() == this ? () -> draw.apply(current()) : () -> draw.apply(this);
        return Tensor.feed(new TensorType(shape, dtype), f);
    }

    // ---- checkpoints ----------------------------------------------------------------------------

    /**
     * The full state as 4 longs: seed, block counter (low 64 bits, high 64 bits) and the number of
     * words of the current block already used; {@link #restore} continues the stream exactly.
     */
    public long[] state() {
        if (keyedSite != null) {
            throw keyedOnly("asks for its stream's state");
        }
        return new long[] {seed, nextLo, nextHi, used};
    }

    /** A stream that continues exactly where the one that produced {@code state} stood. */
    public static Rng restore(long[] state) {
        if (state == null || state.length != STATE_LENGTH) {
            throw new PplException(
                    "Rng.restore: a state has "
                            + STATE_LENGTH
                            + " longs (seed, counter low, counter high, words used), got "
                            + (state == null ? "null" : state.length)
                            + "; pass an array returned by Rng.state()");
        }
        int used = (int) state[3];
        boolean atStart = state[1] == 0 && state[2] == 0;
        if (state[3] < 0 || state[3] > 4 || (atStart && used != 4)) {
            throw new PplException(
                    "Rng.restore: words used "
                            + state[3]
                            + " is invalid with counter "
                            + state[2]
                            + ":"
                            + state[1]
                            + "; pass an array returned by Rng.state()");
        }
        Rng r = new Rng(state[0]);
        r.nextLo = state[1];
        r.nextHi = state[2];
        if (used < 4) {
            long lo = r.nextLo - 1;
            long hi = r.nextLo == 0 ? r.nextHi - 1 : r.nextHi;
            Philox.block(
                    (int) lo, (int) (lo >>> 32), (int) hi, (int) (hi >>> 32), r.k0, r.k1, r.buffer);
        }
        r.used = used;
        return r;
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new PplException("Rng: cannot draw a negative number of values (" + n + ")");
        }
        return n;
    }

    /** The seed and position, for messages. */
    @Override
    public String toString() {
        if (keyedSite != null) {
            return "Rng(keyed site '" + keyedSite + "', row dim " + keyedDim + ")";
        }
        return "Rng(seed=" + seed + ", block=" + nextHi + ":" + nextLo + ", used=" + used + ")";
    }
}
