package io.zdbc.kernels.scalar;

import io.zdbc.api.ColumnType;
import io.zdbc.kernels.scalar.ScalarFused.Acc;
import io.zdbc.kernels.scalar.ScalarFused.Test;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.Condition;
import java.util.Arrays;

/**
 * The loops of {@link ScalarFused}: branch-free tests that AND into the lane mask, and aggregates
 * of the masked values, over {@code long[]} of raw 8-byte values (see there for the arithmetic).
 */
final class ScalarFusedLoops {
    static final long MAGNITUDE = Long.MAX_VALUE;
    static final long INF_BITS = 0x7FF0000000000000L;

    private ScalarFusedLoops() {}

    /** -1 if {@code x < y} (signed), else 0. */
    static long lt(long x, long y) {
        long d = x - y;
        return (d ^ ((x ^ y) & (d ^ x))) >> 63;
    }

    /** -1 if {@code x != y}, else 0. */
    static long ne(long x, long y) {
        long d = x ^ y;
        return (d | -d) >> 63;
    }

    /** A double's raw bits as a long in the double's order (non-NaN; -0.0 and 0.0 are both 0). */
    static long ord(long bits) {
        long s = bits >> 63;
        return ((bits & MAGNITUDE) ^ s) - s;
    }

    /** -1 if the raw bits are a NaN, else 0. */
    static long nan(long bits) {
        return lt(INF_BITS, bits & MAGNITUDE);
    }

    /** Selected rows of the mask (-1 or 0 per row): four chains, as {@link #aggregate}'s SUM. */
    static long count(long[] m, int n) {
        long c0 = 0;
        long c1 = 0;
        long c2 = 0;
        long c3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            c0 -= m[j];
            c1 -= m[j + 1];
            c2 -= m[j + 2];
            c3 -= m[j + 3];
        }
        for (; j < n; j++) {
            c0 -= m[j];
        }
        return (c0 + c1) + (c2 + c3);
    }

    /** ANDs a comparison or BETWEEN into {@code m[0, n)}; {@code a[off..]} raw values (ordered str). */
    static void test(Test c, long[] a, int off, int n, long[] m) {
        long k1 = c.k1;
        long k2 = c.k2;
        if (c.column.type == ColumnType.F64) {
            if (c.kind == Condition.Kind.BETWEEN_DOUBLE) {
                for (int j = 0; j < n; j++) {
                    long b = a[off + j];
                    long x = ord(b);
                    m[j] &= ~(lt(x, k1) | lt(k2, x) | nan(b));
                }
                return;
            }
            switch (c.op) {
                case EQ:
                    // A NaN's ord is beyond every non-NaN key: never equal.
                    for (int j = 0; j < n; j++) {
                        m[j] &= ~ne(ord(a[off + j]), k1);
                    }
                    break;
                case NE:
                    for (int j = 0; j < n; j++) {
                        m[j] &= ne(ord(a[off + j]), k1);
                    }
                    break;
                case LT:
                    for (int j = 0; j < n; j++) {
                        long b = a[off + j];
                        m[j] &= lt(ord(b), k1) & ~nan(b);
                    }
                    break;
                case LE:
                    for (int j = 0; j < n; j++) {
                        long b = a[off + j];
                        m[j] &= ~(lt(k1, ord(b)) | nan(b));
                    }
                    break;
                case GT:
                    for (int j = 0; j < n; j++) {
                        long b = a[off + j];
                        m[j] &= lt(k1, ord(b)) & ~nan(b);
                    }
                    break;
                default:
                    for (int j = 0; j < n; j++) {
                        long b = a[off + j];
                        m[j] &= ~(lt(ord(b), k1) | nan(b));
                    }
            }
            return;
        }
        if (c.kind == Condition.Kind.BETWEEN_LONG) {
            for (int j = 0; j < n; j++) {
                long x = a[off + j];
                m[j] &= ~(lt(x, k1) | lt(k2, x));
            }
            return;
        }
        switch (c.op) {
            case EQ:
                for (int j = 0; j < n; j++) {
                    m[j] &= ~ne(a[off + j], k1);
                }
                break;
            case NE:
                for (int j = 0; j < n; j++) {
                    m[j] &= ne(a[off + j], k1);
                }
                break;
            case LT:
                for (int j = 0; j < n; j++) {
                    m[j] &= lt(a[off + j], k1);
                }
                break;
            case LE:
                for (int j = 0; j < n; j++) {
                    m[j] &= ~lt(k1, a[off + j]);
                }
                break;
            case GT:
                for (int j = 0; j < n; j++) {
                    m[j] &= lt(k1, a[off + j]);
                }
                break;
            default:
                for (int j = 0; j < n; j++) {
                    m[j] &= ~lt(a[off + j], k1);
                }
        }
    }

    /** ANDs an IN list into {@code m[0, n)}: OR of equalities (short lists) or binary search. */
    static void in(Test c, long[] a, int off, int n, long[] m, long[] t) {
        long[] set = c.set;
        boolean f64 = c.column.type == ColumnType.F64;
        if (set.length > ScalarFused.IN_ARITHMETIC_MAX) {
            for (int j = 0; j < n; j++) {
                long x = f64 ? ord(a[off + j]) : a[off + j];
                if (Arrays.binarySearch(set, x) < 0) {
                    m[j] = 0;
                }
            }
            return;
        }
        Arrays.fill(t, 0, n, 0L);
        for (long k : set) {
            if (f64) {
                for (int j = 0; j < n; j++) {
                    t[j] |= ~ne(ord(a[off + j]), k);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    t[j] |= ~ne(a[off + j], k);
                }
            }
        }
        for (int j = 0; j < n; j++) {
            m[j] &= t[j];
        }
    }

    /** SUM, MIN or MAX of {@code a[off..]} (raw values of an i64 or f64 column) under the mask. */
    static void aggregate(Acc g, long[] a, int off, int n, long[] m) {
        if (!g.f64) {
            switch (g.fn) {
                case SUM: {
                    // Four add chains: C2 (JDK 17) does not vectorize a loop that is only a reduction.
                    long s0 = g.l;
                    long s1 = 0;
                    long s2 = 0;
                    long s3 = 0;
                    int j = 0;
                    for (; j + 3 < n; j += 4) {
                        s0 += a[off + j] & m[j];
                        s1 += a[off + j + 1] & m[j + 1];
                        s2 += a[off + j + 2] & m[j + 2];
                        s3 += a[off + j + 3] & m[j + 3];
                    }
                    for (; j < n; j++) {
                        s0 += a[off + j] & m[j];
                    }
                    g.l = (s0 + s1) + (s2 + s3);
                    break;
                }
                case MIN: {
                    long s = g.l;
                    for (int j = 0; j < n; j++) {
                        long k = m[j];
                        s = Math.min(s, (a[off + j] & k) | (Long.MAX_VALUE & ~k));
                    }
                    g.l = s;
                    break;
                }
                default: {
                    long s = g.l;
                    for (int j = 0; j < n; j++) {
                        long k = m[j];
                        s = Math.max(s, (a[off + j] & k) | (Long.MIN_VALUE & ~k));
                    }
                    g.l = s;
                }
            }
            return;
        }
        if (g.fn == Aggregation.Fn.SUM) {
            // Two independent add chains; unselected rows add +0.0.
            double s0 = g.d;
            double s1 = g.d2;
            int j = 0;
            for (; j + 1 < n; j += 2) {
                s0 += Double.longBitsToDouble(a[off + j] & m[j]);
                s1 += Double.longBitsToDouble(a[off + j + 1] & m[j + 1]);
            }
            if (j < n) {
                s0 += Double.longBitsToDouble(a[off + j] & m[j]);
            }
            g.d = s0;
            g.d2 = s1;
            return;
        }
        // MIN/MAX skip NaN: unselected and NaN rows become the identity; n counts the others.
        boolean min = g.fn == Aggregation.Fn.MIN;
        long id = Double.doubleToRawLongBits(min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        double s = g.d;
        long cnt = g.n;
        for (int j = 0; j < n; j++) {
            long b = a[off + j];
            long k = m[j] & ~nan(b);
            cnt -= k;
            double v = Double.longBitsToDouble((b & k) | (id & ~k));
            s = min ? Math.min(s, v) : Math.max(s, v);
        }
        g.d = s;
        g.n = cnt;
    }

    /** Σ p·v into {@code d}, Σ v into {@code d2}; unselected rows are 0 in both columns. */
    static void vwap(Acc g, long[] p, int po, long[] v, int vo, int n, long[] m) {
        boolean pf = g.a.type == ColumnType.F64;
        boolean vf = g.b.type == ColumnType.F64;
        double pv = g.d;
        double sv = g.d2;
        for (int j = 0; j < n; j++) {
            long k = m[j];
            double x = pf ? Double.longBitsToDouble(p[po + j] & k) : (double) (p[po + j] & k);
            double w = vf ? Double.longBitsToDouble(v[vo + j] & k) : (double) (v[vo + j] & k);
            pv += x * w;
            sv += w;
        }
        g.d = pv;
        g.d2 = sv;
    }
}
