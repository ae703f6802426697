package org.ppl4j.tensor;

import org.ppl4j.core.DType;
import org.ppl4j.core.Shape;
import org.ppl4j.core.ShapeException;
import org.ppl4j.spi.Attr;
import org.ppl4j.spi.Backend;
import org.ppl4j.spi.BinaryOp;
import org.ppl4j.spi.CompareOp;
import org.ppl4j.spi.CreationOp;
import org.ppl4j.spi.FusedOp;
import org.ppl4j.spi.Handle;
import org.ppl4j.spi.LayoutOp;
import org.ppl4j.spi.LinalgOp;
import org.ppl4j.spi.MatmulOp;
import org.ppl4j.spi.ReduceOp;
import org.ppl4j.spi.SelectOp;
import org.ppl4j.spi.SpecialOp;
import org.ppl4j.spi.TensorType;
import org.ppl4j.spi.UnaryOp;

/**
 * An immutable n-dimensional array on a backend, with reverse-mode autodiff.
 *
 * <p>Every operation goes through {@link Dispatch}, the one dispatch point, to the current
 * interpreter. Native memory belongs to the innermost open {@link TensorScope} and is released when
 * it closes; the garbage collector is never relied on.
 *
 * <pre>{@code
 * try (var scope = new TensorScope()) {
 *     Tensor w = Tensor.of(new float[] {1, 2, 3}, 3).requiringGrad();
 *     Tensor loss = w.mul(w).sum();
 *     Tensor g = Autodiff.grad(loss, w); // [2, 4, 6]
 * }
 * }</pre>
 */
public final class Tensor implements AutoCloseable {
    private final Storage storage;
    private final TensorType type;
    private final Node node;
    private final boolean requiresGrad;

    Tensor(Storage storage, TensorType type, Node node, boolean requiresGrad) {
        this.storage = storage;
        this.type = type;
        this.node = node;
        this.requiresGrad = requiresGrad;
    }

    // ---- creation -------------------------------------------------------------------------

    /** A float32 tensor of the given shape from row-major data, on the current scope's backend. */
    public static Tensor of(float[] data, int... shape) {
        TensorType t = new TensorType(Shape.of(shape), DType.F32);
        return Dispatch.fromHost(TensorScope.currentBackend(), data, t);
    }

    /** A float64 tensor of the given shape from row-major data, on the current scope's backend. */
    public static Tensor of(double[] data, int... shape) {
        return of(data, DType.F64, shape);
    }

    /** A tensor of the given dtype and shape from row-major data (rounded to the dtype). */
    public static Tensor of(double[] data, DType dtype, int... shape) {
        TensorType t = new TensorType(Shape.of(shape), dtype);
        return Dispatch.fromHost(TensorScope.currentBackend(), data, t);
    }

    /**
     * A tensor of {@code type} on the current scope's backend whose values {@code feed} computes on
     * the host each time the step runs (see {@link HostFeed}): the way per-step host numbers
     * (random draws, learning rates) enter a step, so that a compiled step takes new ones at every
     * run.
     */
    public static Tensor feed(TensorType type, HostFeed feed) {
        return Dispatch.feed(TensorScope.currentBackend(), type, feed);
    }

    /** A scalar of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(Shape.scalar(), value, dtype);
    }

    /** A tensor filled with one value, on the current scope's backend. */
    public static Tensor full(Shape shape, double value, DType dtype) {
        return Dispatch.create(
                TensorScope.currentBackend(), CreationOp.FULL, new Attr.Fill(shape, dtype, value));
    }

    /** Zeros of the given dtype and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        return full(Shape.of(shape), 0.0, dtype);
    }

    /** Ones of the given dtype and shape. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(Shape.of(shape), 1.0, dtype);
    }

    /** A tensor like this one (backend, dtype, shape) filled with {@code value}. */
    public Tensor fullLike(double value) {
        return Dispatch.create(backend(), CreationOp.FULL, new Attr.Fill(shape(), dtype(), value));
    }

    /** Zeros shaped like this tensor. */
    public Tensor zerosLike() {
        return fullLike(0.0);
    }

    /** Ones shaped like this tensor. */
    public Tensor onesLike() {
        return fullLike(1.0);
    }

    /** A scalar of this tensor's dtype on its backend. */
    public Tensor constant(double value) {
        return Dispatch.create(
                backend(), CreationOp.FULL, new Attr.Fill(Shape.scalar(), dtype(), value));
    }

    // ---- type and host access --------------------------------------------------------------

    /** The shape. */
    public Shape shape() {
        return type.shape();
    }

    /** The element type. */
    public DType dtype() {
        return type.dtype();
    }

    /** Shape and dtype together. */
    public TensorType type() {
        return type;
    }

    /** The number of dimensions. */
    public int rank() {
        return type.shape().rank();
    }

    /** The size of dimension {@code i} (negative counts from the right). */
    public int dim(int i) {
        return type.shape().dim(i);
    }

    /** The number of elements. */
    public int size() {
        return type.shape().size();
    }

    /** The backend holding this tensor's memory. */
    public Backend backend() {
        return storage.backend();
    }

    /** Whether gradients flow back through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether the native memory is still held (false once its scope closed). */
    public boolean isAlive() {
        return !storage.isReleased();
    }

    /** The backend handle; fails with a clear message if the memory was released. */
    public Handle handle() {
        return storage.handle(this);
    }

    /** The elements, row-major, as floats (copied to the host). */
    public float[] toFloatArray() {
        return (float[]) Dispatch.toHost(this, DType.F32);
    }

    /** The elements, row-major, as doubles (copied to the host). */
    public double[] toDoubleArray() {
        return (double[]) Dispatch.toHost(this, DType.F64);
    }

    /** The single element of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new ShapeException(
                    "item: tensor of shape " + shape() + " has " + size() + " elements, not 1");
        }
        return toDoubleArray()[0];
    }

    // ---- autodiff ---------------------------------------------------------------------------

    /** This value as a leaf that gradients are taken with respect to (same memory). */
    public Tensor requiringGrad() {
        return new Tensor(storage, type, null, true);
    }

    /** This value cut off from the autodiff graph (same memory). */
    public Tensor detach() {
        return node == null && !requiresGrad ? this : new Tensor(storage, type, null, false);
    }

    Node node() {
        return node;
    }

    Storage storage() {
        return storage;
    }

    Tensor withNode(Node n) {
        return new Tensor(storage, type, n, true);
    }

    // ---- elementwise --------------------------------------------------------------------------

    private Tensor unary(UnaryOp op) {
        return Dispatch.apply(op, Attr.NONE, this);
    }

    /** The elementwise negation {@code -x}. */
    public Tensor neg() {
        return unary(UnaryOp.NEG);
    }

    /** The elementwise absolute value. */
    public Tensor abs() {
        return unary(UnaryOp.ABS);
    }

    /** The elementwise sign: -1, 0 or 1. */
    public Tensor sign() {
        return unary(UnaryOp.SIGN);
    }

    /** The elementwise exponential. */
    public Tensor exp() {
        return unary(UnaryOp.EXP);
    }

    /** {@code exp(x) - 1}, accurate near 0. */
    public Tensor expm1() {
        return unary(UnaryOp.EXPM1);
    }

    /** The elementwise natural logarithm. */
    public Tensor log() {
        return unary(UnaryOp.LOG);
    }

    /** {@code log(1 + x)}, accurate near 0. */
    public Tensor log1p() {
        return unary(UnaryOp.LOG1P);
    }

    /** The elementwise square root. */
    public Tensor sqrt() {
        return unary(UnaryOp.SQRT);
    }

    /** The elementwise hyperbolic tangent. */
    public Tensor tanh() {
        return unary(UnaryOp.TANH);
    }

    /** The elementwise logistic function {@code 1 / (1 + exp(-x))}. */
    public Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    /** The elementwise sine. */
    public Tensor sin() {
        return unary(UnaryOp.SIN);
    }

    /** The elementwise cosine. */
    public Tensor cos() {
        return unary(UnaryOp.COS);
    }

    /** The elementwise floor. */
    public Tensor floor() {
        return unary(UnaryOp.FLOOR);
    }

    /** {@code log |Gamma(x)|}, elementwise. */
    public Tensor lgamma() {
        return Dispatch.apply(SpecialOp.LGAMMA, Attr.NONE, this);
    }

    /** The digamma function {@code d/dx lgamma(x)}, elementwise. */
    public Tensor digamma() {
        return Dispatch.apply(SpecialOp.DIGAMMA, Attr.NONE, this);
    }

    /** The {@code n}-th derivative of digamma ({@code n >= 1}; 1 is trigamma), elementwise. */
    public Tensor polygamma(int n) {
        if (n < 1) {
            throw new org.ppl4j.core.PplException(
                    "polygamma: order " + n + " must be >= 1; use digamma() for order 0");
        }
        return Dispatch.apply(SpecialOp.POLYGAMMA, new Attr.Order(n), this);
    }

    /** The error function, elementwise. */
    public Tensor erf() {
        return Dispatch.apply(SpecialOp.ERF, Attr.NONE, this);
    }

    /** The complementary error function {@code 1 - erf(x)}, accurate in the tail. */
    public Tensor erfc() {
        return Dispatch.apply(SpecialOp.ERFC, Attr.NONE, this);
    }

    /**
     * {@code d x / d alpha} of a standard Gamma(alpha, 1) draw {@code x} (this tensor is alpha),
     * broadcast; see {@link SpecialOp#STANDARD_GAMMA_GRAD}.
     */
    public Tensor standardGammaGrad(Tensor x) {
        return Dispatch.apply(SpecialOp.STANDARD_GAMMA_GRAD, Attr.NONE, this, x);
    }

    /** This tensor converted to another dtype (the same tensor if it already has it). */
    public Tensor cast(DType to) {
        return to == dtype() ? this : Dispatch.apply(UnaryOp.CAST, new Attr.ToType(to), this);
    }

    /** The elementwise square. */
    public Tensor square() {
        return mul(this);
    }

    /** {@code log(1 + exp(x))} (PyTorch's, linear above 20); fused where the backend can. */
    public Tensor softplus() {
        return Dispatch.apply(FusedOp.SOFTPLUS, Attr.NONE, this);
    }

    /** Clamps into {@code [lo, hi]}; the gradient is 1 inside, inclusive, and 0 outside. */
    public Tensor clamp(double lo, double hi) {
        Tensor inside = ge(lo).mul(le(hi));
        Tensor clipped = maximum(lo).minimum(hi).detach();
        return inside.where(this, clipped);
    }

    // ---- binary -------------------------------------------------------------------------------

    private Tensor binary(BinaryOp op, Tensor o) {
        return Dispatch.apply(op, Attr.NONE, this, o);
    }

    /** {@code this + o}, broadcast. */
    public Tensor add(Tensor o) {
        return binary(BinaryOp.ADD, o);
    }

    /** {@code this - o}, broadcast. */
    public Tensor sub(Tensor o) {
        return binary(BinaryOp.SUB, o);
    }

    /** {@code this * o} elementwise, broadcast. */
    public Tensor mul(Tensor o) {
        return binary(BinaryOp.MUL, o);
    }

    /** {@code this / o} elementwise, broadcast. */
    public Tensor div(Tensor o) {
        return binary(BinaryOp.DIV, o);
    }

    /** {@code this ^ o} elementwise, broadcast. */
    public Tensor pow(Tensor o) {
        return binary(BinaryOp.POW, o);
    }

    /** The elementwise maximum of this and {@code o}, broadcast. */
    public Tensor maximum(Tensor o) {
        return binary(BinaryOp.MAXIMUM, o);
    }

    /** The elementwise minimum of this and {@code o}, broadcast. */
    public Tensor minimum(Tensor o) {
        return binary(BinaryOp.MINIMUM, o);
    }

    /** {@code this + v}. */
    public Tensor add(double v) {
        return add(constant(v));
    }

    /** {@code this - v}. */
    public Tensor sub(double v) {
        return sub(constant(v));
    }

    /** {@code this * v}. */
    public Tensor mul(double v) {
        return mul(constant(v));
    }

    /** {@code this / v}. */
    public Tensor div(double v) {
        return div(constant(v));
    }

    /** {@code this ^ v} elementwise. */
    public Tensor pow(double v) {
        return pow(constant(v));
    }

    /** The elementwise maximum of this and {@code v}. */
    public Tensor maximum(double v) {
        return maximum(constant(v));
    }

    /** The elementwise minimum of this and {@code v}. */
    public Tensor minimum(double v) {
        return minimum(constant(v));
    }

    // ---- comparisons and selection ------------------------------------------------------------

    private Tensor compare(CompareOp op, Tensor o) {
        return Dispatch.apply(op, Attr.NONE, this, o);
    }

    /** 1 where {@code this == o}, else 0 (broadcast, in this dtype). */
    public Tensor eq(Tensor o) {
        return compare(CompareOp.EQ, o);
    }

    /** 1 where {@code this != o}, else 0. */
    public Tensor ne(Tensor o) {
        return compare(CompareOp.NE, o);
    }

    /** 1 where {@code this < o}, else 0. */
    public Tensor lt(Tensor o) {
        return compare(CompareOp.LT, o);
    }

    /** 1 where {@code this <= o}, else 0. */
    public Tensor le(Tensor o) {
        return compare(CompareOp.LE, o);
    }

    /** 1 where {@code this > o}, else 0. */
    public Tensor gt(Tensor o) {
        return compare(CompareOp.GT, o);
    }

    /** 1 where {@code this >= o}, else 0. */
    public Tensor ge(Tensor o) {
        return compare(CompareOp.GE, o);
    }

    /** 1 where {@code this == v}, else 0. */
    public Tensor eq(double v) {
        return eq(constant(v));
    }

    /** 1 where {@code this < v}, else 0. */
    public Tensor lt(double v) {
        return lt(constant(v));
    }

    /** 1 where {@code this <= v}, else 0. */
    public Tensor le(double v) {
        return le(constant(v));
    }

    /** 1 where {@code this > v}, else 0. */
    public Tensor gt(double v) {
        return gt(constant(v));
    }

    /** 1 where {@code this >= v}, else 0. */
    public Tensor ge(double v) {
        return ge(constant(v));
    }

    /** Uses this tensor as a condition: {@code a} where it is non-zero, else {@code b}. */
    public Tensor where(Tensor a, Tensor b) {
        return Dispatch.apply(SelectOp.WHERE, Attr.NONE, this, a, b);
    }

    // ---- reductions ---------------------------------------------------------------------------

    private Tensor reduce(ReduceOp op, int[] axes, boolean keepDims) {
        return Dispatch.apply(op, new Attr.Axes(shape().sortedAxes(axes), keepDims), this);
    }

    /** The sum of all elements, as a scalar. */
    public Tensor sum() {
        return reduce(ReduceOp.SUM, shape().allAxes(), false);
    }

    /** The sum over the given axes (negative counts from the right). */
    public Tensor sum(int[] axes, boolean keepDims) {
        return reduce(ReduceOp.SUM, axes, keepDims);
    }

    /** The sum over one axis, dropping it. */
    public Tensor sum(int axis) {
        return sum(new int[] {axis}, false);
    }

    /** The mean of all elements. */
    public Tensor mean() {
        return sum().div(size());
    }

    /** The mean over the given axes. */
    public Tensor mean(int[] axes, boolean keepDims) {
        int n = 1;
        for (int a : axes) {
            n *= dim(a);
        }
        return sum(axes, keepDims).div(n);
    }

    /** The maximum over the given axes. */
    public Tensor max(int[] axes, boolean keepDims) {
        return reduce(ReduceOp.MAX, axes, keepDims);
    }

    /** The maximum of all elements. */
    public Tensor max() {
        return reduce(ReduceOp.MAX, shape().allAxes(), false);
    }

    /** The minimum over the given axes. */
    public Tensor min(int[] axes, boolean keepDims) {
        return reduce(ReduceOp.MIN, axes, keepDims);
    }

    /** The minimum of all elements. */
    public Tensor min() {
        return reduce(ReduceOp.MIN, shape().allAxes(), false);
    }

    /**
     * This tensor summed down to {@code target}, the inverse of broadcasting it: leading axes are
     * summed away and axes where {@code target} has size 1 are summed with keep-dims.
     */
    public Tensor sumTo(Shape target) {
        Shape s = shape();
        if (s.equals(target)) {
            return this;
        }
        if (!target.broadcastsTo(s)) {
            throw new ShapeException("sumTo: shape " + s + " is not a broadcast of " + target);
        }
        int lead = s.rank() - target.rank();
        int[] axes = new int[s.rank()];
        int n = 0;
        for (int i = 0; i < s.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && s.dim(i) != 1)) {
                axes[n++] = i;
            }
        }
        Tensor sum =
                Dispatch.apply(
                        ReduceOp.SUM, new Attr.Axes(java.util.Arrays.copyOf(axes, n), true), this);
        return sum.reshape(target.toArray());
    }

    // ---- linear algebra -----------------------------------------------------------------------

    /** The matrix product {@code this @ o}. */
    public Tensor matmul(Tensor o) {
        return matmul(o, false, false);
    }

    /** The matrix product with the last two axes of either operand transposed as flagged. */
    public Tensor matmul(Tensor o, boolean transposeThis, boolean transposeOther) {
        return Dispatch.apply(
                MatmulOp.MATMUL, new Attr.Transpose(transposeThis, transposeOther), this, o);
    }

    /**
     * The lower Cholesky factor {@code L} of this symmetric positive-definite matrix (or batch of
     * them), {@code this = L L^T}; only the lower triangle is read. See {@link LinalgOp#CHOLESKY}.
     *
     * @throws org.ppl4j.spi.BackendException naming {@code CHOLESKY} when a matrix is not positive
     *     definite
     */
    public Tensor cholesky() {
        return Dispatch.apply(LinalgOp.CHOLESKY, Attr.NONE, this);
    }

    /**
     * {@code X} with {@code op(this) X = b}, for this triangular matrix (or batch of them, {@code
     * [..., n, n]}) and {@code b} of shape {@code [..., n, k]}, batch dims broadcast; only the
     * {@code lower} (or upper) triangle is read, and {@code op} transposes when {@code transpose}
     * is set. See {@link LinalgOp#TRIANGULAR_SOLVE}.
     */
    public Tensor triangularSolve(Tensor b, boolean lower, boolean transpose) {
        return Dispatch.apply(
                LinalgOp.TRIANGULAR_SOLVE, new Attr.Triangular(lower, transpose), this, b);
    }

    // ---- layout -------------------------------------------------------------------------------

    /** The same elements in a new shape; one size may be -1 and is then inferred. */
    public Tensor reshape(int... dims) {
        Shape to = shape().reshaped(dims);
        if (to.equals(shape())) {
            return this;
        }
        return Dispatch.apply(LayoutOp.RESHAPE, new Attr.To(to), this);
    }

    /** This tensor repeated along size-1 and new leading axes to {@code target}. */
    public Tensor broadcastTo(Shape target) {
        if (target.equals(shape())) {
            return this;
        }
        return Dispatch.apply(LayoutOp.BROADCAST_TO, new Attr.To(target), this);
    }

    /** The axes permuted: output axis {@code i} is input axis {@code perm[i]}. */
    public Tensor permute(int... perm) {
        int[] p = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = perm[i] < 0 ? perm[i] + rank() : perm[i];
        }
        return Dispatch.apply(LayoutOp.TRANSPOSE, new Attr.Perm(p), this);
    }

    /** The last two axes swapped. */
    public Tensor transpose() {
        int[] p = shape().allAxes();
        if (p.length < 2) {
            throw new ShapeException("transpose: needs rank >= 2, got shape " + shape());
        }
        p[p.length - 1] = p.length - 2;
        p[p.length - 2] = p.length - 1;
        return permute(p);
    }

    /** The window {@code [begin, end)} on every axis. */
    public Tensor slice(int[] begin, int[] end) {
        return Dispatch.apply(LayoutOp.SLICE, new Attr.Window(begin, end), this);
    }

    /** {@code length} entries of one axis starting at {@code start}. */
    public Tensor narrow(int axis, int start, int length) {
        int a = shape().axis(axis);
        int[] b = new int[rank()];
        int[] e = shape().toArray();
        b[a] = start;
        e[a] = start + length;
        return slice(b, e);
    }

    /** Zeros added before and after each axis. */
    public Tensor pad(int[] before, int[] after) {
        return Dispatch.apply(LayoutOp.PAD, new Attr.Padding(before, after), this);
    }

    /** Tensors joined along an axis. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new ShapeException("concat: needs at least one tensor");
        }
        int a = parts[0].shape().axis(axis);
        return Dispatch.apply(LayoutOp.CONCAT, new Attr.Axis(a), parts);
    }

    /** The entries at {@code indices} along an axis (PyTorch's {@code index_select}). */
    public Tensor gather(int axis, int[] indices) {
        int a = shape().axis(axis);
        return Dispatch.apply(LayoutOp.GATHER, new Attr.Index(a, indices, dim(a)), this);
    }

    /**
     * Adds entry {@code i} along an axis into position {@code indices[i]} of zeros of size {@code
     * size}.
     */
    public Tensor scatterAdd(int axis, int[] indices, int size) {
        int a = shape().axis(axis);
        return Dispatch.apply(LayoutOp.SCATTER_ADD, new Attr.Index(a, indices, size), this);
    }

    /**
     * The entries at the positions held by {@code index} (a rank-1 int32 or int64 tensor) along an
     * axis (PyTorch's {@code index_select}). Unlike {@link #gather(int, int[])} the positions are a
     * tensor, so a compiled step takes new ones every call.
     */
    public Tensor indexSelect(int axis, Tensor index) {
        int a = shape().axis(axis);
        return Dispatch.apply(LayoutOp.INDEX_SELECT, new Attr.IndexAxis(a, dim(a)), this, index);
    }

    /**
     * Adds slice {@code i} along an axis into position {@code index[i]} of zeros whose axis has
     * length {@code size} (the transpose of {@link #indexSelect}).
     */
    public Tensor indexAdd(int axis, Tensor index, int size) {
        int a = shape().axis(axis);
        return Dispatch.apply(LayoutOp.INDEX_ADD, new Attr.IndexAxis(a, size), this, index);
    }

    /** A size-1 axis inserted at {@code axis}. */
    public Tensor unsqueeze(int axis) {
        return reshape(shape().withUnitAxis(axis));
    }

    // ---- lifetime -----------------------------------------------------------------------------

    /** Releases the native memory now (shared with views made by detach/requiringGrad). */
    @Override
    public void close() {
        storage.release();
    }

    /** A short description: id, dtype, shape. */
    @Override
    public String toString() {
        return "tensor#" + storage.id() + " " + type;
    }
}
