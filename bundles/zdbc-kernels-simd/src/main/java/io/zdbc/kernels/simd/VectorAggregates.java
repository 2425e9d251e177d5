package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.VectorKernels.CHUNK;
import static io.zdbc.kernels.simd.VectorKernels.CHUNK_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.DIRECT_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.SCALAR;
import static io.zdbc.kernels.simd.VectorKernels.SPARSE;

import io.zdbc.api.ColumnType;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * SUM, MIN and MAX of an i64 or f64 column on the vector loops ({@link Vec}), and the pieces the
 * other whole-column drivers share: the selected rows of a chunk, the partial last word, the rows
 * an aggregate looks at.
 */
final class VectorAggregates {
    private VectorAggregates() {}

    /** Vector accumulator lanes plus the row-by-row part of one aggregate. */
    private static final class LongRun {
        final long[] acc = new long[Vec.ACC];
        long part;
        boolean any;
    }

    private static final class DoubleRun {
        final double[] acc = new double[Vec.ACC];
        double part;
        boolean any;
    }

    static long sumLong(ColumnMemory column, Selection sel) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64);
        LongRun r = runLong(c, sel, Vec.SUM, 0);
        long sum = r.part;
        for (long x : r.acc) {
            sum += x;
        }
        return sum;
    }

    static long minLong(ColumnMemory column, Selection sel) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64);
        LongRun r = runLong(c, sel, Vec.MIN, Long.MAX_VALUE);
        if (!r.any) {
            throw new NoSuchElementException("min of no rows");
        }
        long min = r.part;
        for (long x : r.acc) {
            min = Math.min(min, x);
        }
        return min;
    }

    static long maxLong(ColumnMemory column, Selection sel) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64);
        LongRun r = runLong(c, sel, Vec.MAX, Long.MIN_VALUE);
        if (!r.any) {
            throw new NoSuchElementException("max of no rows");
        }
        long max = r.part;
        for (long x : r.acc) {
            max = Math.max(max, x);
        }
        return max;
    }

    static double sumDouble(ColumnMemory column, Selection sel) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.F64);
        DoubleRun r = runDouble(c, sel, Vec.SUM, 0);
        double sum = 0;
        for (double x : r.acc) {
            sum += x;
        }
        return sum + r.part;
    }

    static double minDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(column, sel, true);
    }

    static double maxDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(column, sel, false);
    }

    private static double extremeDouble(ColumnMemory column, Selection sel, boolean min) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.F64);
        double id = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        DoubleRun r = runDouble(c, sel, min ? Vec.MIN : Vec.MAX, id);
        if (!r.any) {
            return Double.NaN;
        }
        double best = r.part;
        for (double x : r.acc) {
            best = min ? Math.min(best, x) : Math.max(best, x);
        }
        if (best == id) {
            // The loops turned NaN into the identity: all NaN (answer NaN) or a real infinity?
            return min ? SCALAR.minDouble(column, sel) : SCALAR.maxDouble(column, sel);
        }
        return best;
    }

    /*
     * The drivers: whole 64-row words go to the vector loops, a chunk ({@value #CHUNK} rows) at a
     * time through a copy for mapped memory, in larger pieces straight from heap arrays. The
     * partial last word and sparse chunks are read row by row: vector code that runs rarely stays
     * interpreted (or C1-compiled), where the Vector API allocates and runs many times slower
     * than a scalar loop. The vector loops are called from switch statements on the operation,
     * never through a helper that could inline two of them into one compiled method.
     */

    /** Selected rows in chunk words {@code [w, w + nw)}. */
    static int selected(long[] words, long w, int nw) {
        int n = 0;
        for (int i = 0; i < nw; i++) {
            n += Long.bitCount(words[(int) w + i]);
        }
        return n;
    }

    private static long combine(int kind, long part, long x) {
        return kind == Vec.SUM ? part + x : kind == Vec.MIN ? Math.min(part, x) : Math.max(part, x);
    }

    /** NaN skipped by MIN and MAX, kept by SUM. */
    private static double combine(int kind, double part, double x) {
        if (kind == Vec.SUM) {
            return part + x;
        }
        if (x != x) {
            return part;
        }
        return kind == Vec.MIN ? Math.min(part, x) : Math.max(part, x);
    }

    /** The rows of {@code c} in {@code sel} (all when null) through aggregate {@code kind}. */
    private static LongRun runLong(RawColumn c, Selection sel, int kind, long identity) {
        LongRun r = new LongRun();
        Arrays.fill(r.acc, identity);
        r.part = identity;
        long limit = limit(c, sel);
        long full = limit >>> 6;
        long[] words = sel == null ? null : sel.words();
        long[] direct = c.longs;
        long[] buf = null;
        long step = words == null && direct != null ? DIRECT_WORDS : CHUNK_WORDS;
        r.any = words == null && limit > 0;
        for (long w = 0; w < full; w += step) {
            int nw = (int) Math.min(step, full - w);
            if (words != null) {
                int n = selected(words, w, nw);
                if (n == 0) {
                    continue;
                }
                r.any = true;
                if (n <= SPARSE) {
                    for (int i = 0; i < nw; i++) {
                        for (long bits = words[(int) w + i]; bits != 0; bits &= bits - 1) {
                            r.part = combine(kind, r.part, c.raw(((w + i) << 6) + Long.numberOfTrailingZeros(bits)));
                        }
                    }
                    continue;
                }
            }
            long[] a;
            int off;
            if (direct != null) {
                a = direct;
                off = (int) (w << 6);
            } else {
                if (buf == null) {
                    buf = new long[CHUNK];
                }
                c.copy(w << 6, nw << 6, buf);
                a = buf;
                off = 0;
            }
            switch (kind) {
                case Vec.SUM:
                    Vec.sumLong(a, off, nw, words, (int) w, r.acc);
                    break;
                case Vec.MIN:
                    Vec.minLong(a, off, nw, words, (int) w, r.acc);
                    break;
                default:
                    Vec.maxLong(a, off, nw, words, (int) w, r.acc);
            }
        }
        long bits = tailBits(words, limit);
        r.any |= bits != 0;
        for (; bits != 0; bits &= bits - 1) {
            r.part = combine(kind, r.part, c.raw((full << 6) + Long.numberOfTrailingZeros(bits)));
        }
        return r;
    }

    /** Selected rows of the partial last word, or 0. */
    static long tailBits(long[] words, long limit) {
        int tail = (int) (limit & 63);
        if (tail == 0) {
            return 0;
        }
        return (words == null ? -1L : words[(int) (limit >>> 6)]) & ((1L << tail) - 1);
    }

    private static DoubleRun runDouble(RawColumn c, Selection sel, int kind, double identity) {
        DoubleRun r = new DoubleRun();
        Arrays.fill(r.acc, identity);
        r.part = identity;
        long limit = limit(c, sel);
        long full = limit >>> 6;
        long[] words = sel == null ? null : sel.words();
        double[] direct = c.doubles;
        double[] buf = null;
        long step = words == null && direct != null ? DIRECT_WORDS : CHUNK_WORDS;
        r.any = words == null && limit > 0;
        for (long w = 0; w < full; w += step) {
            int nw = (int) Math.min(step, full - w);
            if (words != null) {
                int n = selected(words, w, nw);
                if (n == 0) {
                    continue;
                }
                r.any = true;
                if (n <= SPARSE) {
                    for (int i = 0; i < nw; i++) {
                        for (long bits = words[(int) w + i]; bits != 0; bits &= bits - 1) {
                            r.part = combine(kind, r.part, c.f64(((w + i) << 6) + Long.numberOfTrailingZeros(bits)));
                        }
                    }
                    continue;
                }
            }
            double[] a;
            int off;
            if (direct != null) {
                a = direct;
                off = (int) (w << 6);
            } else {
                if (buf == null) {
                    buf = new double[CHUNK];
                }
                c.copy(w << 6, nw << 6, buf);
                a = buf;
                off = 0;
            }
            switch (kind) {
                case Vec.SUM:
                    Vec.sumDouble(a, off, nw, words, (int) w, r.acc);
                    break;
                case Vec.MIN:
                    Vec.minDouble(a, off, nw, words, (int) w, r.acc);
                    break;
                default:
                    Vec.maxDouble(a, off, nw, words, (int) w, r.acc);
            }
        }
        long bits = tailBits(words, limit);
        r.any |= bits != 0;
        for (; bits != 0; bits &= bits - 1) {
            r.part = combine(kind, r.part, c.f64((full << 6) + Long.numberOfTrailingZeros(bits)));
        }
        return r;
    }

    /** Rows an aggregate looks at: the column's, cut to the selection's if that is shorter. */
    static long limit(RawColumn c, Selection sel) {
        return sel == null ? c.rows : Math.min(c.rows, sel.rows());
    }
}
