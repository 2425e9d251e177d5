package io.zdbc.kernels.simd;

import io.zdbc.api.query.CompareOp;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.List;

/**
 * The kernels on the vector loops, which {@link SimdKernels} answers with where vectors run: each
 * operation goes to its driver ({@link VectorAggregates}, {@link VectorVwap}, {@link VectorFilters},
 * {@link SimdFused}); the drivers hand the rare cases vectors do not pay for (long IN lists, an f64
 * MIN or MAX that comes out infinite) to {@link ScalarKernels}.
 *
 * <p>How mapped memory reaches the vectors: the one vector load that is the same on every JDK
 * from 17 on is {@code fromArray} (JDK 17 loads native memory only from {@code ByteBuffer}s, JDK
 * 19+ only from {@code MemorySegment}s, which {@code --release 17} code cannot name). So mapped
 * and packed str columns are copied, {@value #CHUNK} rows at a time, with
 * {@code Unsafe.copyMemory} into a small {@code long[]}/{@code double[]} that stays in L1, and the
 * loops read that; heap {@code long[]}/{@code double[]} columns are read in place. A scan is
 * memory-bound, so the copy costs little; the one exception is the VWAP without a selection,
 * which loads mapped memory in place on JDK 17/18 ({@link BufferVec}). {@code benchmarks/README.md}
 * has the figures.
 *
 * <p>Selections: chunks ({@value #CHUNK_WORDS} words) with no selected row are skipped, chunks with
 * at most {@value #SPARSE} selected rows are read row by row, the others with lanes masked by the
 * bitmap. The partial last word is read row by row too: vector code that runs rarely stays
 * interpreted or C1-compiled, where the Vector API allocates and runs many times slower than a
 * scalar loop.
 */
final class VectorKernels implements Kernels {
    /** Rows copied per chunk from mapped or packed memory. */
    static final int CHUNK = 256;

    static final int CHUNK_WORDS = CHUNK >>> 6;
    /** Words per call on heap arrays read in place without a selection. */
    static final int DIRECT_WORDS = 256;
    /** A chunk with at most this many selected rows is read row by row. */
    static final int SPARSE = 16;
    /** IN lists up to this long OR equality masks; longer ones use the scalar binary search. */
    static final int IN_VECTOR_MAX = 8;

    /**
     * Tables of fewer rows run {@link #filterAggregate} as the bitmap kernels (the interface's
     * default) unless the scan is split over threads: on one thread in cache the bitmap kernels
     * are faster, past the caches the fused kernel is (figures in {@code benchmarks/README.md}).
     */
    static final long FUSED_MIN_ROWS = 1L << 20;

    static final Kernels SCALAR = new ScalarKernels();

    private final long fusedMinRows;
    private final ScanParts scan;

    /** {@code fusedMinRows}: tables of fewer rows take the bitmap kernels (tests pass 0). */
    VectorKernels(long fusedMinRows, ScanParts scan) {
        this.fusedMinRows = fusedMinRows;
        this.scan = scan;
    }

    @Override
    public String name() {
        return SimdKernels.NAME;
    }

    @Override
    public long sumLong(ColumnMemory column, Selection sel) {
        return VectorAggregates.sumLong(column, sel);
    }

    @Override
    public double sumDouble(ColumnMemory column, Selection sel) {
        return VectorAggregates.sumDouble(column, sel);
    }

    @Override
    public long minLong(ColumnMemory column, Selection sel) {
        return VectorAggregates.minLong(column, sel);
    }

    @Override
    public long maxLong(ColumnMemory column, Selection sel) {
        return VectorAggregates.maxLong(column, sel);
    }

    @Override
    public double minDouble(ColumnMemory column, Selection sel) {
        return VectorAggregates.minDouble(column, sel);
    }

    @Override
    public double maxDouble(ColumnMemory column, Selection sel) {
        return VectorAggregates.maxDouble(column, sel);
    }

    @Override
    public double vwap(ColumnMemory price, ColumnMemory volume, Selection sel) {
        return VectorVwap.vwap(price, volume, sel, scan);
    }

    /**
     * Fused: conditions and aggregates chunk by chunk through an L1-resident lane mask
     * ({@link SimdFused}), for tables of {@link #FUSED_MIN_ROWS} rows or more or split scans; else
     * the bitmap kernels.
     */
    @Override
    public List<Object> filterAggregate(long rows, List<Condition> where, List<Aggregation> aggregates) {
        if (rows < fusedMinRows && scan.parts(rows) == 1) {
            // Single-threaded in cache the bitmap kernels win (see FUSED_MIN_ROWS); split over
            // threads the fused kernel does it in one hand-over instead of one per kernel.
            return Kernels.super.filterAggregate(rows, where, aggregates);
        }
        List<Object> r = SimdFused.run(scan, rows, where, aggregates);
        return r != null ? r : SCALAR.filterAggregate(rows, where, aggregates);
    }

    @Override
    public Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        return VectorFilters.compareLong(column, op, value);
    }

    @Override
    public Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        return VectorFilters.compareDouble(column, op, value);
    }

    @Override
    public Selection betweenLong(ColumnMemory column, long low, long high) {
        return VectorFilters.betweenLong(column, low, high);
    }

    @Override
    public Selection betweenDouble(ColumnMemory column, double low, double high) {
        return VectorFilters.betweenDouble(column, low, high);
    }

    @Override
    public Selection inLongs(ColumnMemory column, long[] values) {
        return VectorFilters.inLongs(column, values);
    }

    @Override
    public Selection inDoubles(ColumnMemory column, double[] values) {
        return VectorFilters.inDoubles(column, values);
    }
}
