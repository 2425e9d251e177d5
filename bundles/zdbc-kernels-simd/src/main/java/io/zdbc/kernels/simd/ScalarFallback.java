package io.zdbc.kernels.simd;

import io.zdbc.api.ColumnType;
import io.zdbc.spi.ColumnMemory;
import io.zdbc.spi.CompareOp;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.Selection;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Plain row-at-a-time loops with the same answers as the vector kernels: what {@link SimdKernels}
 * runs where vectors do not pay (IN lists, sparse selections) or cannot run (a big-endian
 * machine, a vector shape of fewer than two 64-bit lanes). The same rules as the scalar bundle's
 * kernels, which this bundle cannot see (their package is private).
 */
final class ScalarFallback implements Kernels {
    @Override
    public String name() {
        return "simd-fallback";
    }

    @Override
    public long sumLong(ColumnMemory column, Selection sel) {
        Col c = new Col(column);
        c.require(ColumnType.I64);
        long sum = 0;
        for (long r = first(sel), n = limit(c, sel); r >= 0 && r < n; r = next(sel, r)) {
            sum += c.raw(r);
        }
        return sum;
    }

    @Override
    public double sumDouble(ColumnMemory column, Selection sel) {
        Col c = new Col(column);
        c.require(ColumnType.F64);
        double sum = 0;
        for (long r = first(sel), n = limit(c, sel); r >= 0 && r < n; r = next(sel, r)) {
            sum += c.f64(r);
        }
        return sum;
    }

    @Override
    public long minLong(ColumnMemory column, Selection sel) {
        return extremeLong(column, sel, true);
    }

    @Override
    public long maxLong(ColumnMemory column, Selection sel) {
        return extremeLong(column, sel, false);
    }

    private static long extremeLong(ColumnMemory column, Selection sel, boolean min) {
        Col c = new Col(column);
        c.require(ColumnType.I64);
        boolean any = false;
        long best = min ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (long r = first(sel), n = limit(c, sel); r >= 0 && r < n; r = next(sel, r)) {
            long v = c.raw(r);
            best = min ? Math.min(best, v) : Math.max(best, v);
            any = true;
        }
        if (!any) {
            throw new NoSuchElementException((min ? "min" : "max") + " of no rows");
        }
        return best;
    }

    @Override
    public double minDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(new Col(column), sel, true);
    }

    @Override
    public double maxDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(new Col(column), sel, false);
    }

    /** Skips NaN; NaN only if nothing else is selected. -0.0 is less than 0.0, as Math.min says. */
    static double extremeDouble(Col c, Selection sel, boolean min) {
        c.require(ColumnType.F64);
        double best = Double.NaN;
        for (long r = first(sel), n = limit(c, sel); r >= 0 && r < n; r = next(sel, r)) {
            double v = c.f64(r);
            if (v != v) {
                continue;
            }
            best = best != best ? v : min ? Math.min(best, v) : Math.max(best, v);
        }
        return best;
    }

    @Override
    public double vwap(ColumnMemory price, ColumnMemory volume, Selection sel) {
        Col p = new Col(price);
        Col v = new Col(volume);
        p.require(ColumnType.F64, ColumnType.I64);
        v.require(ColumnType.F64, ColumnType.I64);
        if (p.rows != v.rows) {
            throw new IllegalArgumentException("price has " + p.rows + " rows, volume " + v.rows);
        }
        double pv = 0;
        double vol = 0;
        for (long r = first(sel), n = limit(p, sel); r >= 0 && r < n; r = next(sel, r)) {
            double w = v.asDouble(r);
            pv += p.asDouble(r) * w;
            vol += w;
        }
        return vol == 0 ? Double.NaN : pv / vol;
    }

    @Override
    public Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        Col c = new Col(column);
        c.require(ColumnType.I64, ColumnType.STR);
        boolean str = c.type == ColumnType.STR;
        long key = str ? order(value) : value;
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            long x = c.raw(r);
            if (op.test(Long.compare(str ? order(x) : x, key))) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    /** Packed str to a long whose signed order is the bytes' unsigned lexicographic order. */
    static long order(long packed) {
        return Long.reverseBytes(packed) ^ Long.MIN_VALUE;
    }

    @Override
    public Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        Col c = new Col(column);
        c.require(ColumnType.F64);
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            if (test(op, c.f64(r), value)) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    static boolean test(CompareOp op, double x, double value) {
        switch (op) {
            case EQ:
                return x == value;
            case NE:
                return x != value;
            case LT:
                return x < value;
            case LE:
                return x <= value;
            case GT:
                return x > value;
            default:
                return x >= value;
        }
    }

    @Override
    public Selection betweenLong(ColumnMemory column, long low, long high) {
        Col c = new Col(column);
        c.require(ColumnType.I64, ColumnType.STR);
        boolean str = c.type == ColumnType.STR;
        long lo = str ? order(low) : low;
        long hi = str ? order(high) : high;
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            long x = str ? order(c.raw(r)) : c.raw(r);
            if (x >= lo && x <= hi) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    @Override
    public Selection betweenDouble(ColumnMemory column, double low, double high) {
        Col c = new Col(column);
        c.require(ColumnType.F64);
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            double x = c.f64(r);
            if (x >= low && x <= high) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    @Override
    public Selection inLongs(ColumnMemory column, long[] values) {
        Col c = new Col(column);
        c.require(ColumnType.I64, ColumnType.STR);
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            if (Arrays.binarySearch(sorted, c.raw(r)) >= 0) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    @Override
    public Selection inDoubles(ColumnMemory column, double[] values) {
        Col c = new Col(column);
        c.require(ColumnType.F64);
        long[] words = new long[Selection.wordCount(c.rows)];
        for (long r = 0; r < c.rows; r++) {
            double x = c.f64(r);
            for (double v : values) {
                if (x == v) {
                    words[(int) (r >>> 6)] |= 1L << r;
                    break;
                }
            }
        }
        return Selection.ofWords(c.rows, words);
    }

    // ------------------------------------------------------------------ iteration over a selection

    /** Rows an aggregate looks at: the column's, cut to the selection's if that is shorter. */
    static long limit(Col c, Selection sel) {
        return sel == null ? c.rows : Math.min(c.rows, sel.rows());
    }

    private static long first(Selection sel) {
        return sel == null ? 0 : sel.next(0);
    }

    private static long next(Selection sel, long r) {
        return sel == null ? r + 1 : sel.next(r + 1);
    }
}
