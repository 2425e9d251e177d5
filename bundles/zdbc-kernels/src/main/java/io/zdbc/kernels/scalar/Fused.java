package io.zdbc.kernels.scalar;

import io.zdbc.api.ColumnType;
import io.zdbc.spi.Aggregation;
import io.zdbc.spi.ColumnMemory;
import io.zdbc.spi.CompareOp;
import io.zdbc.spi.Condition;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The scalar fused filter-then-aggregate ({@link io.zdbc.spi.Kernels#filterAggregate}): the rows
 * go {@value #CHUNK} at a time through a lane mask ({@code long[]}, -1 for a row every condition
 * holds so far, 0 otherwise) that stays in L1. Each condition ANDs its test into the mask, then
 * each aggregate adds the masked values: every column is read once, no bitmap of the whole table
 * is built.
 *
 * <p>The loops are branch-free integer arithmetic over {@code long[]} (raw 8-byte values: mapped
 * and packed memory is copied into a chunk buffer, heap {@code long[]} read in place), so C2 can
 * unroll and often vectorize them and random data costs no mispredictions:
 *
 * <ul>
 *   <li>signed {@code x < y} is the sign of {@code (x - y) ^ ((x ^ y) & ((x - y) ^ x))} (Hacker's
 *       Delight 2-12, exact under overflow), spread to all 64 bits by {@code >> 63};
 *   <li>f64 values compare as {@link #ord}: sign and magnitude turned into a two's complement
 *       long, which orders non-NaN doubles as {@code <} does and maps -0.0 and 0.0 both to 0;
 *       NaN (magnitude above infinity's) is masked out of every test except {@code !=};
 *   <li>str values compare as packed longs for {@code =}/{@code !=}, else as
 *       {@link ScalarKernels#order}ed longs.
 * </ul>
 */
final class Fused {
    /** Rows per chunk: the mask and two buffers of 8 KiB each. */
    static final int CHUNK = 1024;
    static final long MAGNITUDE = Long.MAX_VALUE;
    static final long INF_BITS = 0x7FF0000000000000L;
    /** An IN list longer than this is tested by binary search. */
    static final int IN_ARITHMETIC_MAX = 16;

    private Fused() {
    }

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

    /** One condition, checked and reduced to what the loops take. */
    static final class Test {
        final Memory column;
        final Condition.Kind kind;
        final CompareOp op;
        /** The str column is compared in {@link ScalarKernels#order}: transform the chunk first. */
        final boolean order;
        /** Nothing can match (a NaN operand): the mask becomes 0. */
        final boolean none;
        /** Every row matches ({@code != NaN}): the mask stays as it is. */
        final boolean all;
        final long k1;
        final long k2;
        final long[] set;

        Test(Condition c, long rows) {
            column = new Memory(c.column());
            kind = c.kind();
            op = c.op();
            boolean dbl = c.isDouble();
            column.require(dbl ? new ColumnType[] {ColumnType.F64} : new ColumnType[] {ColumnType.I64, ColumnType.STR});
            boolean str = column.type == ColumnType.STR;
            order = str && (kind == Condition.Kind.BETWEEN_LONG
                    || (kind == Condition.Kind.COMPARE_LONG && op != CompareOp.EQ && op != CompareOp.NE));
            boolean noMatch = false;
            long a = 0;
            long b = 0;
            long[] s = null;
            if (dbl) {
                double[] d = c.doubles();
                if (kind == Condition.Kind.IN_DOUBLES) {
                    // NaN never matches: leave it out of the list.
                    s = Arrays.stream(d).filter(x -> x == x).mapToLong(x -> ord(Double.doubleToRawLongBits(x))).toArray();
                } else {
                    for (double x : d) {
                        noMatch |= x != x;
                    }
                    a = ord(Double.doubleToRawLongBits(d[0]));
                    b = d.length > 1 ? ord(Double.doubleToRawLongBits(d[1])) : 0;
                }
            } else {
                long[] l = c.longs();
                if (kind == Condition.Kind.IN_LONGS) {
                    s = l;
                } else {
                    a = order ? ScalarKernels.order(l[0]) : l[0];
                    b = l.length > 1 ? (order ? ScalarKernels.order(l[1]) : l[1]) : 0;
                }
            }
            if (s != null) {
                Arrays.sort(s);
            }
            none = noMatch && op != CompareOp.NE;
            all = noMatch && op == CompareOp.NE;
            k1 = a;
            k2 = b;
            set = s;
            requireRows(column, rows);
        }
    }

    static void requireRows(Memory m, long rows) {
        if (m.rows != rows) {
            throw new IllegalArgumentException("a column of " + m.rows + " rows in a filter/aggregate over " + rows + " rows");
        }
    }

    /** One aggregate's columns and running state. */
    static final class Acc {
        final Aggregation.Fn fn;
        final Memory a;
        final Memory b;
        final boolean f64;
        long l;
        double d;
        double d2;
        long n;

        Acc(Aggregation g, long rows) {
            fn = g.fn();
            a = g.column() == null ? null : new Memory(g.column());
            b = g.second() == null ? null : new Memory(g.second());
            if (a != null) {
                a.require(ColumnType.I64, ColumnType.F64);
                requireRows(a, rows);
            }
            if (b != null) {
                b.require(ColumnType.I64, ColumnType.F64);
                requireRows(b, rows);
            }
            f64 = a != null && a.type == ColumnType.F64;
            if (fn == Aggregation.Fn.MIN) {
                l = Long.MAX_VALUE;
                d = Double.POSITIVE_INFINITY;
            } else if (fn == Aggregation.Fn.MAX) {
                l = Long.MIN_VALUE;
                d = Double.NEGATIVE_INFINITY;
            }
        }

        /** The answer, {@link Aggregation}'s rules; {@code count} rows were selected. */
        Object result(long count) {
            switch (fn) {
                case COUNT:
                    return count;
                case SUM:
                    return f64 ? (Object) (d + d2) : (Object) l;
                case MIN:
                case MAX:
                    if (count == 0) {
                        return null;
                    }
                    // n: selected non-NaN values; none means every selected value was NaN.
                    return f64 ? (Object) (n == 0 ? Double.NaN : d) : (Object) l;
                default:
                    return count == 0 ? null : (Object) (d2 == 0 ? Double.NaN : d / d2);
            }
        }
    }

    static List<Object> run(long rows, List<Condition> where, List<Aggregation> aggregates) {
        Test[] tests = new Test[where.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = new Test(where.get(i), rows);
        }
        Acc[] accs = new Acc[aggregates.size()];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = new Acc(aggregates.get(i), rows);
        }
        long[] mask = new long[CHUNK];
        long[] x = new long[CHUNK];
        long[] y = null;
        long[] t = null;
        long count = 0;
        for (long r0 = 0; r0 < rows; r0 += CHUNK) {
            int n = (int) Math.min(CHUNK, rows - r0);
            Arrays.fill(mask, 0, n, -1L);
            for (Test c : tests) {
                if (c.none) {
                    Arrays.fill(mask, 0, n, 0L);
                    break;
                }
                if (c.all) {
                    continue;
                }
                long[] a;
                int off;
                if (c.column.longs != null && !c.order) {
                    a = c.column.longs;
                    off = (int) r0;
                } else {
                    c.column.copy(r0, n, x);
                    a = x;
                    off = 0;
                    if (c.order) {
                        for (int j = 0; j < n; j++) {
                            x[j] = ScalarKernels.order(x[j]);
                        }
                    }
                }
                if (c.set != null) {
                    if (t == null) {
                        t = new long[CHUNK];
                    }
                    in(c, a, off, n, mask, t);
                } else {
                    test(c, a, off, n, mask);
                }
            }
            long c = tests.length == 0 ? n : count(mask, n);
            if (c == 0) {
                continue;
            }
            count += c;
            for (Acc g : accs) {
                if (g.fn == Aggregation.Fn.COUNT) {
                    continue;
                }
                long[] a;
                int off;
                if (g.a.longs != null) {
                    a = g.a.longs;
                    off = (int) r0;
                } else {
                    g.a.copy(r0, n, x);
                    a = x;
                    off = 0;
                }
                if (g.fn == Aggregation.Fn.VWAP) {
                    long[] v;
                    int voff;
                    if (g.b.longs != null) {
                        v = g.b.longs;
                        voff = (int) r0;
                    } else {
                        if (y == null) {
                            y = new long[CHUNK];
                        }
                        g.b.copy(r0, n, y);
                        v = y;
                        voff = 0;
                    }
                    vwap(g, a, off, v, voff, n, mask);
                } else {
                    aggregate(g, a, off, n, mask);
                }
            }
        }
        Object[] out = new Object[accs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = accs[i].result(count);
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** Selected rows of the mask (-1 or 0 per row): four chains, as {@link #aggregate}'s SUM. */
    private static long count(long[] m, int n) {
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
    private static void test(Test c, long[] a, int off, int n, long[] m) {
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
    private static void in(Test c, long[] a, int off, int n, long[] m, long[] t) {
        long[] set = c.set;
        boolean f64 = c.column.type == ColumnType.F64;
        if (set.length > IN_ARITHMETIC_MAX) {
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
    private static void aggregate(Acc g, long[] a, int off, int n, long[] m) {
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
    private static void vwap(Acc g, long[] p, int po, long[] v, int vo, int n, long[] m) {
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
