package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.ScanParts.partStart;
import static io.zdbc.kernels.simd.VectorAggregates.limit;
import static io.zdbc.kernels.simd.VectorAggregates.selected;
import static io.zdbc.kernels.simd.VectorAggregates.tailBits;
import static io.zdbc.kernels.simd.VectorKernels.CHUNK;
import static io.zdbc.kernels.simd.VectorKernels.CHUNK_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.DIRECT_WORDS;
import static io.zdbc.kernels.simd.VectorKernels.SPARSE;

import io.zdbc.api.ColumnType;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;

/**
 * VWAP on the vector loops: the rows are split into parts of whole words ({@link ScanParts}), each
 * summed on its own lanes, and the parts merged in order. Mapped f64 prices without a selection
 * load in place where {@link BufferVec} can; everything else goes through {@link Vec}.
 */
final class VectorVwap {
    private VectorVwap() {}

    static double vwap(ColumnMemory price, ColumnMemory volume, Selection sel, ScanParts scan) {
        RawColumn p = new RawColumn(price);
        RawColumn v = new RawColumn(volume);
        p.require(ColumnType.F64, ColumnType.I64);
        v.require(ColumnType.F64, ColumnType.I64);
        if (p.rows != v.rows) {
            throw new IllegalArgumentException("price has " + p.rows + " rows, volume " + v.rows);
        }
        long limit = limit(p, sel);
        long full = limit >>> 6;
        long[] words = sel == null ? null : sel.words();
        int parts = scan.parts(limit);
        double[][] accs = new double[parts][];
        scan.forEachPart(
                parts, i -> accs[i] = vwapWords(p, v, words, partStart(full, parts, i), partStart(full, parts, i + 1)));
        double pv = 0;
        double vol = 0;
        for (double[] acc : accs) {
            double pvAcc = 0;
            double volAcc = 0;
            for (int i = 0; i < 2 * Vec.L; i++) {
                pvAcc += acc[i];
                volAcc += acc[2 * Vec.L + i];
            }
            pv += pvAcc + acc[Vec.ACC];
            vol += volAcc + acc[Vec.ACC + 1];
        }
        for (long bits = tailBits(words, limit); bits != 0; bits &= bits - 1) {
            long r = (full << 6) + Long.numberOfTrailingZeros(bits);
            double x = v.asDouble(r);
            pv += p.asDouble(r) * x;
            vol += x;
        }
        return vol == 0 ? Double.NaN : pv / vol;
    }

    /**
     * VWAP sums of whole words {@code [w0, w1)}: vector lanes {@code [0, Vec.ACC)} as
     * {@link Vec#vwapDense} leaves them, then Σ price·volume and Σ volume of rows read one by one.
     */
    private static double[] vwapWords(RawColumn p, RawColumn v, long[] words, long w0, long w1) {
        double[] acc = new double[Vec.ACC + 2];
        if (words == null
                && BufferVec.USABLE
                && p.base == null
                && v.base == null
                && p.type == ColumnType.F64
                && BufferVec.vwapInPlace(
                        p.offset + (w0 << 9),
                        v.offset + (w0 << 9),
                        w1 - w0,
                        BufferVec.volumeMode(v.type == ColumnType.I64),
                        acc)) {
            return acc; // JDK 17/18, mapped: loads in place, no chunk copies.
        }
        double pvPart = 0;
        double volPart = 0;
        boolean direct = p.doubles != null && v.doubles != null;
        long step = words == null && direct ? DIRECT_WORDS : CHUNK_WORDS;
        double[] pb = null;
        double[] vb = null;
        long[] tmp = null;
        for (long w = w0; w < w1; w += step) {
            int nw = (int) Math.min(step, w1 - w);
            if (words != null) {
                int n = selected(words, w, nw);
                if (n == 0) {
                    continue;
                }
                if (n <= SPARSE) {
                    for (int i = 0; i < nw; i++) {
                        for (long bits = words[(int) w + i]; bits != 0; bits &= bits - 1) {
                            long r = ((w + i) << 6) + Long.numberOfTrailingZeros(bits);
                            double x = v.asDouble(r);
                            pvPart += p.asDouble(r) * x;
                            volPart += x;
                        }
                    }
                    continue;
                }
            }
            double[] pa;
            double[] va;
            int off;
            if (direct) {
                pa = p.doubles;
                va = v.doubles;
                off = (int) (w << 6);
            } else {
                if (pb == null) {
                    pb = new double[CHUNK];
                    vb = new double[CHUNK];
                    tmp = new long[CHUNK];
                }
                asDoubles(p, w << 6, nw << 6, pb, tmp);
                asDoubles(v, w << 6, nw << 6, vb, tmp);
                pa = pb;
                va = vb;
                off = 0;
            }
            if (words == null) {
                Vec.vwapDense(pa, off, va, off, nw, acc);
            } else {
                Vec.vwapMasked(pa, off, va, off, nw, words, (int) w, acc);
            }
        }
        acc[Vec.ACC] = pvPart;
        acc[Vec.ACC + 1] = volPart;
        return acc;
    }

    /**
     * Rows {@code [row, row + n)} of an f64 or i64 column as doubles at the start of {@code dst}
     * (i64 through {@code tmp}); {@code n} whole words.
     */
    private static void asDoubles(RawColumn c, long row, int n, double[] dst, long[] tmp) {
        if (c.type == ColumnType.F64) {
            c.copy(row, n, dst);
            return;
        }
        c.copy(row, n, tmp);
        if (!Vec.toDoubles(tmp, dst, n)) {
            for (int i = 0; i < n; i++) {
                dst[i] = tmp[i];
            }
        }
    }
}
