package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.Vec.DS;
import static io.zdbc.kernels.simd.Vec.L;
import static io.zdbc.kernels.simd.Vec.LS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector loops of the fused filter-then-aggregate ({@link SimdFused}): conditions AND their test
 * into a lane mask {@code m} ({@code long[]}, -1 or 0 per row), aggregates add the masked values.
 * Every loop runs over {@code n} rows, {@code n} a multiple of 64, from heap arrays
 * ({@code fromArray}); rows past the real end of a chunk have mask 0.
 *
 * <p>Written by {@link Vec}'s rules for C2 (see there): no vector crosses a call, accumulators
 * go in and out through arrays and are only ever arguments, loop invariants are built in the loop
 * body, comparison operators are constants, double masks are cast to long lanes before
 * {@code toVector()}, and each method is one compilation unit bigger than FreqInlineSize (the
 * operations of a kind share a method, one loop per case of a switch).
 */
final class VecFused {
    static final int EQ = 0;
    static final int NE = 1;
    static final int LT = 2;
    static final int LE = 3;
    static final int GT = 4;
    static final int GE = 5;
    /** k1 <= x <= k2 */
    static final int BETWEEN = 6;

    static final int SUM = Vec.SUM;
    static final int MIN = Vec.MIN;
    static final int MAX = Vec.MAX;

    private VecFused() {}

    /** {@code m[j] &= (a[off + j] op k1)} for {@code j < n}; BETWEEN: {@code k1 <= a[off + j] <= k2}. */
    static void testLong(int op, long[] a, int off, int n, long[] m, long k1, long k2) {
        switch (op) {
            case EQ:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.EQ, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case NE:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.NE, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case LT:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.LT, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case LE:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.LE, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case GT:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GT, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case GE:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GE, k1).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case BETWEEN:
                for (int j = 0; j < n; j += L) {
                    LongVector x = LongVector.fromArray(LS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GE, k1)
                                    .and(x.compare(VectorOperators.LE, k2))
                                    .toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            default:
                throw new IllegalArgumentException("op " + op);
        }
    }

    /**
     * {@code m[j] &= (a[off + j] op k1)} for {@code j < n}, IEEE comparisons (NaN fails all but
     * {@code !=}, which is NOT {@code ==}); BETWEEN: {@code k1 <= a[off + j] <= k2}.
     */
    static void testDouble(int op, double[] a, int off, int n, long[] m, double k1, double k2) {
        switch (op) {
            case EQ:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.EQ, k1).cast(LS).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case NE:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    LongVector.fromArray(LS, m, j)
                            .lanewise(VectorOperators.AND_NOT, (LongVector)
                                    x.compare(VectorOperators.EQ, k1).cast(LS).toVector())
                            .intoArray(m, j);
                }
                break;
            case LT:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.LT, k1).cast(LS).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case LE:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.LE, k1).cast(LS).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case GT:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GT, k1).cast(LS).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case GE:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GE, k1).cast(LS).toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            case BETWEEN:
                for (int j = 0; j < n; j += L) {
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j);
                    ((LongVector) x.compare(VectorOperators.GE, k1)
                                    .and(x.compare(VectorOperators.LE, k2))
                                    .cast(LS)
                                    .toVector())
                            .and(LongVector.fromArray(LS, m, j))
                            .intoArray(m, j);
                }
                break;
            default:
                throw new IllegalArgumentException("op " + op);
        }
    }

    /**
     * {@code m[j] &= (a[off + j] is one of set)} (a few values), for longs ({@code la}) or doubles
     * ({@code da}, NaN never equal); the other array is null.
     */
    static void in(long[] la, double[] da, int off, int n, long[] m, long[] lset, double[] dset) {
        if (la != null) {
            for (int j = 0; j < n; j += 2 * L) {
                LongVector x = LongVector.fromArray(LS, la, off + j);
                LongVector y = LongVector.fromArray(LS, la, off + j + L);
                LongVector hx = LongVector.zero(LS);
                LongVector hy = LongVector.zero(LS);
                for (long k : lset) {
                    hx = ((LongVector) x.compare(VectorOperators.EQ, k).toVector()).or(hx);
                    hy = ((LongVector) y.compare(VectorOperators.EQ, k).toVector()).or(hy);
                }
                LongVector.fromArray(LS, m, j).and(hx).intoArray(m, j);
                LongVector.fromArray(LS, m, j + L).and(hy).intoArray(m, j + L);
            }
        } else {
            for (int j = 0; j < n; j += 2 * L) {
                DoubleVector x = DoubleVector.fromArray(DS, da, off + j);
                DoubleVector y = DoubleVector.fromArray(DS, da, off + j + L);
                LongVector hx = LongVector.zero(LS);
                LongVector hy = LongVector.zero(LS);
                for (double k : dset) {
                    hx = ((LongVector) x.compare(VectorOperators.EQ, k).cast(LS).toVector()).or(hx);
                    hy = ((LongVector) y.compare(VectorOperators.EQ, k).cast(LS).toVector()).or(hy);
                }
                LongVector.fromArray(LS, m, j).and(hx).intoArray(m, j);
                LongVector.fromArray(LS, m, j + L).and(hy).intoArray(m, j + L);
            }
        }
    }

    /**
     * Selected rows of {@code m[0, n)}: minus the sum of the -1/0 lanes. (C2 does not vectorize a
     * loop that is only a reduction on JDK 17, so the scalar form costs a cycle per row.) Small,
     * so C2 may inline it into the driver: the only vector loop that may be, and its accumulators
     * are never receivers.
     */
    static long count(long[] m, int n) {
        LongVector c0 = LongVector.zero(LS);
        LongVector c1 = LongVector.zero(LS);
        for (int j = 0; j < n; j += 2 * L) {
            c0 = LongVector.fromArray(LS, m, j).add(c0);
            c1 = LongVector.fromArray(LS, m, j + L).add(c1);
        }
        return -LongVector.zero(LS).add(c0).add(c1).reduceLanes(VectorOperators.ADD);
    }

    /** Wrapping SUM, MIN or MAX of masked i64 values into {@code acc} (2 vectors). */
    static void aggLong(int fn, long[] a, int off, int n, long[] m, long[] acc) {
        LongVector s0 = LongVector.fromArray(LS, acc, 0);
        LongVector s1 = LongVector.fromArray(LS, acc, L);
        switch (fn) {
            case SUM:
                for (int j = 0; j < n; j += 2 * L) {
                    s0 = LongVector.fromArray(LS, a, off + j)
                            .and(LongVector.fromArray(LS, m, j))
                            .add(s0);
                    s1 = LongVector.fromArray(LS, a, off + j + L)
                            .and(LongVector.fromArray(LS, m, j + L))
                            .add(s1);
                }
                LongVector.zero(LS).add(s0).intoArray(acc, 0);
                LongVector.zero(LS).add(s1).intoArray(acc, L);
                break;
            case MIN:
                for (int j = 0; j < n; j += 2 * L) {
                    LongVector m0 = LongVector.fromArray(LS, m, j);
                    LongVector m1 = LongVector.fromArray(LS, m, j + L);
                    s0 = LongVector.fromArray(LS, a, off + j)
                            .and(m0)
                            .or(LongVector.broadcast(LS, Long.MAX_VALUE).lanewise(VectorOperators.AND_NOT, m0))
                            .min(s0);
                    s1 = LongVector.fromArray(LS, a, off + j + L)
                            .and(m1)
                            .or(LongVector.broadcast(LS, Long.MAX_VALUE).lanewise(VectorOperators.AND_NOT, m1))
                            .min(s1);
                }
                LongVector.broadcast(LS, Long.MAX_VALUE).min(s0).intoArray(acc, 0);
                LongVector.broadcast(LS, Long.MAX_VALUE).min(s1).intoArray(acc, L);
                break;
            default:
                for (int j = 0; j < n; j += 2 * L) {
                    LongVector m0 = LongVector.fromArray(LS, m, j);
                    LongVector m1 = LongVector.fromArray(LS, m, j + L);
                    s0 = LongVector.fromArray(LS, a, off + j)
                            .and(m0)
                            .or(LongVector.broadcast(LS, Long.MIN_VALUE).lanewise(VectorOperators.AND_NOT, m0))
                            .max(s0);
                    s1 = LongVector.fromArray(LS, a, off + j + L)
                            .and(m1)
                            .or(LongVector.broadcast(LS, Long.MIN_VALUE).lanewise(VectorOperators.AND_NOT, m1))
                            .max(s1);
                }
                LongVector.broadcast(LS, Long.MIN_VALUE).max(s0).intoArray(acc, 0);
                LongVector.broadcast(LS, Long.MIN_VALUE).max(s1).intoArray(acc, L);
        }
    }

    /**
     * SUM (unselected lanes +0.0), MIN or MAX (unselected and NaN lanes become the identity, +inf
     * or -inf: the caller tells an identity answer from a real infinity) of masked f64 values into
     * {@code acc} (2 vectors).
     */
    static void aggDouble(int fn, double[] a, int off, int n, long[] m, double[] acc) {
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, L);
        switch (fn) {
            case SUM:
                for (int j = 0; j < n; j += 2 * L) {
                    s0 = DoubleVector.fromArray(DS, a, off + j)
                            .reinterpretAsLongs()
                            .and(LongVector.fromArray(LS, m, j))
                            .reinterpretAsDoubles()
                            .add(s0);
                    s1 = DoubleVector.fromArray(DS, a, off + j + L)
                            .reinterpretAsLongs()
                            .and(LongVector.fromArray(LS, m, j + L))
                            .reinterpretAsDoubles()
                            .add(s1);
                }
                DoubleVector.zero(DS).add(s0).intoArray(acc, 0);
                DoubleVector.zero(DS).add(s1).intoArray(acc, L);
                break;
            case MIN:
                for (int j = 0; j < n; j += 2 * L) {
                    LongVector m0 = LongVector.fromArray(LS, m, j);
                    LongVector m1 = LongVector.fromArray(LS, m, j + L);
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j)
                            .reinterpretAsLongs()
                            .and(m0)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m0))
                            .reinterpretAsDoubles();
                    DoubleVector y = DoubleVector.fromArray(DS, a, off + j + L)
                            .reinterpretAsLongs()
                            .and(m1)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m1))
                            .reinterpretAsDoubles();
                    s0 = x.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), x.compare(VectorOperators.NE, x))
                            .min(s0);
                    s1 = y.blend(DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY), y.compare(VectorOperators.NE, y))
                            .min(s1);
                }
                DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY).min(s0).intoArray(acc, 0);
                DoubleVector.broadcast(DS, Double.POSITIVE_INFINITY).min(s1).intoArray(acc, L);
                break;
            default:
                for (int j = 0; j < n; j += 2 * L) {
                    LongVector m0 = LongVector.fromArray(LS, m, j);
                    LongVector m1 = LongVector.fromArray(LS, m, j + L);
                    DoubleVector x = DoubleVector.fromArray(DS, a, off + j)
                            .reinterpretAsLongs()
                            .and(m0)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m0))
                            .reinterpretAsDoubles();
                    DoubleVector y = DoubleVector.fromArray(DS, a, off + j + L)
                            .reinterpretAsLongs()
                            .and(m1)
                            .or(LongVector.broadcast(LS, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))
                                    .lanewise(VectorOperators.AND_NOT, m1))
                            .reinterpretAsDoubles();
                    s0 = x.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), x.compare(VectorOperators.NE, x))
                            .max(s0);
                    s1 = y.blend(DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY), y.compare(VectorOperators.NE, y))
                            .max(s1);
                }
                DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY).max(s0).intoArray(acc, 0);
                DoubleVector.broadcast(DS, Double.NEGATIVE_INFINITY).max(s1).intoArray(acc, L);
        }
    }

    /**
     * VWAP sums of masked rows: {@code acc} lanes [0, 2L) Σ price·volume (multiply, then add: see {@link Vec}), [2L, 4L) Σ volume.
     * Unselected lanes of both columns become +0.0 and add nothing.
     */
    static void vwap(double[] p, int po, double[] v, int vo, int n, long[] m, double[] acc) {
        // Also keeps this method a compilation unit of its own (see the class comment).
        if (n < 0 || (n & 63) != 0 || n > m.length) {
            throw new IllegalArgumentException("row count " + n + " is not whole 64-row words of a " + m.length
                    + "-row mask (offsets " + po + ", " + vo + ", " + acc.length + " accumulator lanes)");
        }
        DoubleVector pv0 = DoubleVector.fromArray(DS, acc, 0);
        DoubleVector pv1 = DoubleVector.fromArray(DS, acc, L);
        DoubleVector s0 = DoubleVector.fromArray(DS, acc, 2 * L);
        DoubleVector s1 = DoubleVector.fromArray(DS, acc, 3 * L);
        for (int j = 0; j < n; j += 2 * L) {
            LongVector m0 = LongVector.fromArray(LS, m, j);
            LongVector m1 = LongVector.fromArray(LS, m, j + L);
            DoubleVector x0 = DoubleVector.fromArray(DS, p, po + j)
                    .reinterpretAsLongs()
                    .and(m0)
                    .reinterpretAsDoubles();
            DoubleVector x1 = DoubleVector.fromArray(DS, p, po + j + L)
                    .reinterpretAsLongs()
                    .and(m1)
                    .reinterpretAsDoubles();
            DoubleVector y0 = DoubleVector.fromArray(DS, v, vo + j)
                    .reinterpretAsLongs()
                    .and(m0)
                    .reinterpretAsDoubles();
            DoubleVector y1 = DoubleVector.fromArray(DS, v, vo + j + L)
                    .reinterpretAsLongs()
                    .and(m1)
                    .reinterpretAsDoubles();
            pv0 = x0.mul(y0).add(pv0);
            pv1 = x1.mul(y1).add(pv1);
            s0 = y0.add(s0);
            s1 = y1.add(s1);
        }
        DoubleVector.zero(DS).add(pv0).intoArray(acc, 0);
        DoubleVector.zero(DS).add(pv1).intoArray(acc, L);
        DoubleVector.zero(DS).add(s0).intoArray(acc, 2 * L);
        DoubleVector.zero(DS).add(s1).intoArray(acc, 3 * L);
    }
}
