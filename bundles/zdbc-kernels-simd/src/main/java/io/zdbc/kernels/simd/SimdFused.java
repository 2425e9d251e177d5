package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.SimdFusedAggregates.NEEDS_SCALAR;
import static io.zdbc.kernels.simd.SimdFusedAggregates.result;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.kernels.simd.SimdFusedAggregates.Acc;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.Condition;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The vector fused filter-then-aggregate ({@link Kernels#filterAggregate}): {@value #CHUNK} rows at
 * a time, each condition ANDs its test into a lane mask ({@code long[]}, -1 or 0 per row, in L1),
 * then each aggregate adds its masked values ({@link VecFused}). Every column is read once, no
 * bitmap of the table is built. Mapped and packed columns are copied a chunk at a time into
 * buffers (see {@link VectorKernels} on why), heap {@code long[]}/{@code double[]} are read in place.
 *
 * <p>The loops run over whole 64-row words: the last chunk is padded to a word with mask 0 (its
 * buffers hold stale values there, masked out of every aggregate), so no row is read row by row.
 * Long IN lists ({@code > }{@value VectorKernels#IN_VECTOR_MAX}) are tested by binary search, and an
 * f64 MIN or MAX whose answer is an infinity (all NaN, or a real infinity?) is recomputed by the
 * scalar kernels, as {@link VectorAggregates} does.
 */
final class SimdFused {
    /** Rows per chunk: the mask and each buffer 2 KiB, in L1 (figures in {@code benchmarks/README.md}). */
    static final int CHUNK = 256;

    private SimdFused() {}

    /** One condition, checked and reduced to what the loops take. */
    private static final class Test {
        final RawColumn column;
        final int op;
        final boolean f64;
        final boolean order;
        final long k1;
        final long k2;
        final double d1;
        final double d2;
        /** IN values: vector ORs for a few, else sorted for binary search. */
        final long[] lset;

        final double[] dset;

        Test(Condition c, long rows) {
            column = new RawColumn(c.column());
            f64 = c.isDouble();
            if (f64) {
                column.require(ColumnType.F64);
            } else {
                column.require(ColumnType.I64, ColumnType.STR);
            }
            requireRows(column, rows);
            Condition.Kind kind = c.kind();
            boolean str = column.type == ColumnType.STR;
            int o;
            switch (kind) {
                case COMPARE_LONG:
                case COMPARE_DOUBLE:
                    o = op(c.op());
                    break;
                case BETWEEN_LONG:
                case BETWEEN_DOUBLE:
                    o = VecFused.BETWEEN;
                    break;
                default:
                    o = -1;
            }
            op = o;
            order = str && o != -1 && o != VecFused.EQ && o != VecFused.NE;
            long[] l = c.longs();
            double[] d = c.doubles();
            k1 = l.length > 0 && o != -1 ? (order ? ScalarKernels.order(l[0]) : l[0]) : 0;
            k2 = l.length > 1 && o != -1 ? (order ? ScalarKernels.order(l[1]) : l[1]) : 0;
            d1 = d.length > 0 ? d[0] : 0;
            d2 = d.length > 1 ? d[1] : 0;
            if (o == -1) {
                if (f64) {
                    // NaN never matches: leave it out. -0.0 == 0.0: binary search (Double.compare
                    // order) looks for x + 0.0, which is 0.0 for both.
                    dset = Arrays.stream(d)
                            .filter(x -> x == x)
                            .map(x -> x + 0.0)
                            .toArray();
                    if (dset.length > VectorKernels.IN_VECTOR_MAX) {
                        Arrays.sort(dset);
                    }
                    lset = null;
                } else {
                    lset = l;
                    if (lset.length > VectorKernels.IN_VECTOR_MAX) {
                        Arrays.sort(lset);
                    }
                    dset = null;
                }
            } else {
                lset = null;
                dset = null;
            }
        }

        boolean in() {
            return op == -1;
        }
    }

    static int op(CompareOp op) {
        switch (op) {
            case EQ:
                return VecFused.EQ;
            case NE:
                return VecFused.NE;
            case LT:
                return VecFused.LT;
            case LE:
                return VecFused.LE;
            case GT:
                return VecFused.GT;
            default:
                return VecFused.GE;
        }
    }

    static void requireRows(RawColumn c, long rows) {
        if (c.rows != rows) {
            throw new IllegalArgumentException(
                    "a column of " + c.rows + " rows in a filter/aggregate over " + rows + " rows");
        }
    }

    /**
     * The answers, or null when the scalar kernels must decide (an f64 MIN/MAX of an infinity).
     * The rows are split into {@code scan.parts(rows)} ranges of whole words, each with its own
     * accumulators, run on the scan's worker threads and merged in range order.
     */
    static List<Object> run(ScanParts scan, long rows, List<Condition> where, List<Aggregation> aggregates) {
        Test[] tests = new Test[where.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = new Test(where.get(i), rows);
        }
        int parts = scan.parts(rows);
        long words = (rows + 63) >>> 6;
        Acc[][] partAccs = new Acc[parts][];
        long[] partCounts = new long[parts];
        for (int p = 0; p < parts; p++) {
            partAccs[p] = new Acc[aggregates.size()];
            for (int i = 0; i < aggregates.size(); i++) {
                partAccs[p][i] = p == 0 ? new Acc(aggregates.get(i), rows) : new Acc(partAccs[0][i]);
            }
        }
        scan.forEachPart(
                parts,
                p -> partCounts[p] = runRange(
                        tests,
                        partAccs[p],
                        ScanParts.partStart(words, parts, p) << 6,
                        Math.min(rows, ScanParts.partStart(words, parts, p + 1) << 6)));
        Acc[] accs = partAccs[0];
        long count = partCounts[0];
        for (int p = 1; p < parts; p++) {
            count += partCounts[p];
            for (int i = 0; i < accs.length; i++) {
                accs[i].merge(partAccs[p][i]);
            }
        }
        Object[] out = new Object[accs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = result(accs[i], count);
            if (out[i] == NEEDS_SCALAR) {
                return null;
            }
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /** Rows {@code [from, to)} ({@code from} a multiple of 64) into {@code accs}; returns the rows that passed. */
    private static long runRange(Test[] tests, Acc[] accs, long from, long to) {
        Object[] scratch = scratch();
        long[] mask = (long[]) scratch[0];
        long[] lbuf = (long[]) scratch[1];
        double[] dbuf = (double[]) scratch[2];
        double[] vbuf = (double[]) scratch[3];
        long count = 0;
        for (long r0 = from; r0 < to; r0 += CHUNK) {
            int n = (int) Math.min(CHUNK, to - r0);
            // Whole words: rows [n, padded) have mask 0 and stale buffer values.
            int padded = (n + 63) & ~63;
            Arrays.fill(mask, 0, n, -1L);
            Arrays.fill(mask, n, padded, 0L);
            for (Test t : tests) {
                if (t.f64) {
                    double[] a;
                    int off;
                    if (t.column.doubles != null && r0 + padded <= t.column.doubles.length) {
                        a = t.column.doubles;
                        off = (int) r0;
                    } else {
                        t.column.copy(r0, n, dbuf);
                        a = dbuf;
                        off = 0;
                    }
                    if (!t.in()) {
                        VecFused.testDouble(t.op, a, off, padded, mask, t.d1, t.d2);
                    } else if (t.dset.length <= VectorKernels.IN_VECTOR_MAX) {
                        VecFused.in(null, a, off, padded, mask, null, t.dset);
                    } else {
                        for (int j = 0; j < n; j++) {
                            double x = a[off + j];
                            if (x != x || Arrays.binarySearch(t.dset, x + 0.0) < 0) {
                                mask[j] = 0;
                            }
                        }
                    }
                } else {
                    long[] a;
                    int off;
                    if (t.column.longs != null && !t.order && r0 + padded <= t.column.longs.length) {
                        a = t.column.longs;
                        off = (int) r0;
                    } else {
                        t.column.copy(r0, n, lbuf);
                        if (t.order) {
                            Vec.order(lbuf, padded);
                        }
                        a = lbuf;
                        off = 0;
                    }
                    if (!t.in()) {
                        VecFused.testLong(t.op, a, off, padded, mask, t.k1, t.k2);
                    } else if (t.lset.length <= VectorKernels.IN_VECTOR_MAX) {
                        VecFused.in(a, null, off, padded, mask, t.lset, null);
                    } else {
                        for (int j = 0; j < n; j++) {
                            if (Arrays.binarySearch(t.lset, a[off + j]) < 0) {
                                mask[j] = 0;
                            }
                        }
                    }
                }
            }
            long c = tests.length == 0 ? n : VecFused.count(mask, padded);
            if (c == 0) {
                continue;
            }
            count += c;
            for (Acc g : accs) {
                if (g.fn == Aggregation.Fn.COUNT) {
                    continue;
                }
                if (g.fn == Aggregation.Fn.VWAP) {
                    double[] p = g.a.doubles != null && r0 + padded <= g.a.doubles.length ? g.a.doubles : dbuf;
                    double[] v = g.b.doubles != null && r0 + padded <= g.b.doubles.length ? g.b.doubles : vbuf;
                    if (p == dbuf) {
                        asDoubles(g.a, r0, n, padded, dbuf, lbuf);
                    }
                    if (v == vbuf) {
                        asDoubles(g.b, r0, n, padded, vbuf, lbuf);
                    }
                    VecFused.vwap(p, p == dbuf ? 0 : (int) r0, v, v == vbuf ? 0 : (int) r0, padded, mask, g.dacc);
                } else if (g.f64) {
                    double[] a;
                    int off;
                    if (g.a.doubles != null && r0 + padded <= g.a.doubles.length) {
                        a = g.a.doubles;
                        off = (int) r0;
                    } else {
                        g.a.copy(r0, n, dbuf);
                        a = dbuf;
                        off = 0;
                    }
                    VecFused.aggDouble(g.kind, a, off, padded, mask, g.dacc);
                } else {
                    long[] a;
                    int off;
                    if (g.a.longs != null && r0 + padded <= g.a.longs.length) {
                        a = g.a.longs;
                        off = (int) r0;
                    } else {
                        g.a.copy(r0, n, lbuf);
                        a = lbuf;
                        off = 0;
                    }
                    VecFused.aggLong(g.kind, a, off, padded, mask, g.lacc);
                }
            }
        }
        return count;
    }

    /**
     * This thread's chunk buffers: mask, longs, doubles, doubles. Kept per thread because a split
     * scan allocating them per part per query, at tens of thousands of queries a second, spent its
     * time page-faulting through fresh young-generation memory.
     * Only JDK arrays are stored: a thread that outlives this bundle keeps none of its classes.
     */
    private static final ThreadLocal<Object[]> SCRATCH = new ThreadLocal<>();

    private static Object[] scratch() {
        Object[] s = SCRATCH.get();
        if (s == null) {
            s = new Object[] {new long[CHUNK], new long[CHUNK], new double[CHUNK], new double[CHUNK]};
            SCRATCH.set(s);
        }
        return s;
    }

    /** Rows {@code [row, row + n)} of an i64 or f64 column as doubles; words up to {@code padded}. */
    private static void asDoubles(RawColumn c, long row, int n, int padded, double[] dst, long[] tmp) {
        if (c.type == ColumnType.F64) {
            c.copy(row, n, dst);
            return;
        }
        c.copy(row, n, tmp);
        if (!Vec.toDoubles(tmp, dst, padded)) {
            for (int i = 0; i < padded; i++) {
                dst[i] = tmp[i];
            }
        }
    }
}
