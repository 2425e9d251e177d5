package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.VectorKernels.CHUNK;
import static io.zdbc.kernels.simd.VectorKernels.CHUNK_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.DIRECT_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.IN_VECTOR_MAX;
import static io.zdbc.kernels.simd.VectorKernels.SCALAR;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;

/**
 * The bitmap filters on the vector loops: whole words go to {@link Vec#filterLong} and
 * {@link Vec#filterDouble}, the partial last word is tested row by row. IN lists longer than
 * {@value VectorKernels#IN_VECTOR_MAX} values take the scalar kernels' binary search.
 */
final class VectorFilters {
    private VectorFilters() {}

    static Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64, ColumnType.STR);
        // str: equality on the packed longs; order on byte-reversed longs with the sign bit
        // flipped (unsigned byte order as signed long order).
        boolean order = c.type == ColumnType.STR && op != CompareOp.EQ && op != CompareOp.NE;
        long key = order ? ScalarKernels.order(value) : value;
        switch (op) {
            case EQ:
                return filterLong(c, Vec.EQ, 0, key, 0, null, order);
            case NE:
                return filterLong(c, Vec.EQ, -1L, key, 0, null, order);
            case LT:
                return filterLong(c, Vec.LT, 0, key, 0, null, order);
            case LE:
                return filterLong(c, Vec.LE, 0, key, 0, null, order);
            case GT:
                return filterLong(c, Vec.GT, 0, key, 0, null, order);
            default:
                return filterLong(c, Vec.GE, 0, key, 0, null, order);
        }
    }

    static Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.F64);
        switch (op) {
            case EQ:
                return filterDouble(c, Vec.EQ, 0, value, 0, null);
            case NE:
                // NOT (x == v): true for NaN, as x != v is.
                return filterDouble(c, Vec.EQ, -1L, value, 0, null);
            case LT:
                return filterDouble(c, Vec.LT, 0, value, 0, null);
            case LE:
                return filterDouble(c, Vec.LE, 0, value, 0, null);
            case GT:
                return filterDouble(c, Vec.GT, 0, value, 0, null);
            default:
                return filterDouble(c, Vec.GE, 0, value, 0, null);
        }
    }

    static Selection betweenLong(ColumnMemory column, long low, long high) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64, ColumnType.STR);
        boolean str = c.type == ColumnType.STR;
        return filterLong(
                c,
                Vec.BETWEEN,
                0,
                str ? ScalarKernels.order(low) : low,
                str ? ScalarKernels.order(high) : high,
                null,
                str);
    }

    static Selection betweenDouble(ColumnMemory column, double low, double high) {
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.F64);
        return filterDouble(c, Vec.BETWEEN, 0, low, high, null);
    }

    static Selection inLongs(ColumnMemory column, long[] values) {
        if (values.length > IN_VECTOR_MAX) {
            return SCALAR.inLongs(column, values);
        }
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.I64, ColumnType.STR);
        return filterLong(c, Vec.IN, 0, 0, 0, values.clone(), false);
    }

    static Selection inDoubles(ColumnMemory column, double[] values) {
        if (values.length > IN_VECTOR_MAX) {
            return SCALAR.inDoubles(column, values);
        }
        RawColumn c = new RawColumn(column);
        c.require(ColumnType.F64);
        return filterDouble(c, Vec.IN, 0, 0, 0, values.clone());
    }

    private static Selection filterLong(RawColumn c, int kind, long flip, long k1, long k2, long[] set, boolean order) {
        long[] out = new long[Selection.wordCount(c.rows)];
        int full = (int) (c.rows >>> 6);
        long[] direct = order ? null : c.longs;
        long[] buf = null;
        int step = direct != null ? DIRECT_WORDS : CHUNK_WORDS;
        for (int w = 0; w < full; w += step) {
            int nw = Math.min(step, full - w);
            if (direct != null) {
                Vec.filterLong(kind, direct, w << 6, nw, out, w, flip, k1, k2, set);
            } else {
                if (buf == null) {
                    buf = new long[CHUNK];
                }
                c.copy((long) w << 6, nw << 6, buf);
                if (order) {
                    Vec.order(buf, nw << 6);
                }
                Vec.filterLong(kind, buf, 0, nw, out, w, flip, k1, k2, set);
            }
        }
        int tail = (int) (c.rows & 63);
        if (tail != 0) {
            long bits = 0;
            for (int i = 0; i < tail; i++) {
                long x = c.raw(((long) full << 6) + i);
                if (test(kind, order ? ScalarKernels.order(x) : x, k1, k2, set)) {
                    bits |= 1L << i;
                }
            }
            out[full] = (bits ^ flip) & ((1L << tail) - 1);
        }
        return Selection.ofWords(c.rows, out);
    }

    /** The scalar form of {@link Vec#filterLong}'s test, for the partial last word. */
    private static boolean test(int kind, long x, long k1, long k2, long[] set) {
        switch (kind) {
            case Vec.EQ:
                return x == k1;
            case Vec.LT:
                return x < k1;
            case Vec.LE:
                return x <= k1;
            case Vec.GT:
                return x > k1;
            case Vec.GE:
                return x >= k1;
            case Vec.BETWEEN:
                return x >= k1 && x <= k2;
            default:
                for (long k : set) {
                    if (x == k) {
                        return true;
                    }
                }
                return false;
        }
    }

    private static Selection filterDouble(RawColumn c, int kind, long flip, double k1, double k2, double[] set) {
        long[] out = new long[Selection.wordCount(c.rows)];
        int full = (int) (c.rows >>> 6);
        double[] direct = c.doubles;
        double[] buf = null;
        int step = direct != null ? DIRECT_WORDS : CHUNK_WORDS;
        for (int w = 0; w < full; w += step) {
            int nw = Math.min(step, full - w);
            if (direct != null) {
                Vec.filterDouble(kind, direct, w << 6, nw, out, w, flip, k1, k2, set);
            } else {
                if (buf == null) {
                    buf = new double[CHUNK];
                }
                c.copy((long) w << 6, nw << 6, buf);
                Vec.filterDouble(kind, buf, 0, nw, out, w, flip, k1, k2, set);
            }
        }
        int tail = (int) (c.rows & 63);
        if (tail != 0) {
            long bits = 0;
            for (int i = 0; i < tail; i++) {
                if (test(kind, c.f64(((long) full << 6) + i), k1, k2, set)) {
                    bits |= 1L << i;
                }
            }
            out[full] = (bits ^ flip) & ((1L << tail) - 1);
        }
        return Selection.ofWords(c.rows, out);
    }

    /** The scalar form of {@link Vec#filterDouble}'s test (IEEE comparisons: NaN fails them all). */
    private static boolean test(int kind, double x, double k1, double k2, double[] set) {
        switch (kind) {
            case Vec.EQ:
                return x == k1;
            case Vec.LT:
                return x < k1;
            case Vec.LE:
                return x <= k1;
            case Vec.GT:
                return x > k1;
            case Vec.GE:
                return x >= k1;
            case Vec.BETWEEN:
                return x >= k1 && x <= k2;
            default:
                for (double k : set) {
                    if (x == k) {
                        return true;
                    }
                }
                return false;
        }
    }
}
