package io.zdbc.kernels.scalar;

import static io.zdbc.kernels.scalar.ScalarFusedLoops.aggregate;
import static io.zdbc.kernels.scalar.ScalarFusedLoops.count;
import static io.zdbc.kernels.scalar.ScalarFusedLoops.in;
import static io.zdbc.kernels.scalar.ScalarFusedLoops.ord;
import static io.zdbc.kernels.scalar.ScalarFusedLoops.test;
import static io.zdbc.kernels.scalar.ScalarFusedLoops.vwap;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.Condition;
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
 *   <li>f64 values compare as {@link ScalarFusedLoops#ord}: sign and magnitude turned into a two's complement
 *       long, which orders non-NaN doubles as {@code <} does and maps -0.0 and 0.0 both to 0;
 *       NaN (magnitude above infinity's) is masked out of every test except {@code !=};
 *   <li>str values compare as packed longs for {@code =}/{@code !=}, else as
 *       {@link ScalarKernels#order}ed longs.
 * </ul>
 */
final class ScalarFused {
    /** Rows per chunk: the mask and two buffers of 8 KiB each. */
    static final int CHUNK = 1024;
    /** An IN list longer than this is tested by binary search. */
    static final int IN_ARITHMETIC_MAX = 16;

    private ScalarFused() {}

    /** One condition, checked and reduced to what the loops take. */
    static final class Test {
        final RawColumn column;
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
            column = new RawColumn(c.column());
            kind = c.kind();
            op = c.op();
            boolean dbl = c.isDouble();
            column.require(dbl ? new ColumnType[] {ColumnType.F64} : new ColumnType[] {ColumnType.I64, ColumnType.STR});
            boolean str = column.type == ColumnType.STR;
            order = str
                    && (kind == Condition.Kind.BETWEEN_LONG
                            || (kind == Condition.Kind.COMPARE_LONG && op != CompareOp.EQ && op != CompareOp.NE));
            boolean noMatch = false;
            long a = 0;
            long b = 0;
            long[] s = null;
            if (dbl) {
                double[] d = c.doubles();
                if (kind == Condition.Kind.IN_DOUBLES) {
                    // NaN never matches: leave it out of the list.
                    s = Arrays.stream(d)
                            .filter(x -> x == x)
                            .mapToLong(x -> ord(Double.doubleToRawLongBits(x)))
                            .toArray();
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

    static void requireRows(RawColumn m, long rows) {
        if (m.rows != rows) {
            throw new IllegalArgumentException(
                    "a column of " + m.rows + " rows in a filter/aggregate over " + rows + " rows");
        }
    }

    /** One aggregate's columns and running state. */
    static final class Acc {
        final Aggregation.Fn fn;
        final RawColumn a;
        final RawColumn b;
        final boolean f64;
        long l;
        double d;
        double d2;
        long n;

        Acc(Aggregation g, long rows) {
            ScalarKernels.requireKnownFunction(g);
            fn = g.fn();
            a = g.column() == null ? null : new RawColumn(g.column());
            b = g.second() == null ? null : new RawColumn(g.second());
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
                case VWAP:
                    return count == 0 ? null : (Object) (d2 == 0 ? Double.NaN : d / d2);
                default:
                    throw new IllegalArgumentException("aggregate function " + fn);
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
}
