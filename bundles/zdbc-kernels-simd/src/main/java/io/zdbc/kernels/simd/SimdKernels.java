package io.zdbc.kernels.simd;

import io.zdbc.api.ColumnType;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.Aggregation;
import io.zdbc.spi.ColumnMemory;
import io.zdbc.spi.Condition;
import io.zdbc.spi.CompareOp;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.Selection;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Kernels on the Vector API ({@code jdk.incubator.vector}), with the answers {@link Kernels}
 * defines for every implementation. The bundle imports {@code jdk.incubator.vector}, so it
 * resolves only where the framework exports that package (a JVM started with
 * {@code --add-modules jdk.incubator.vector}); elsewhere the scalar kernels answer. Outside OSGi,
 * creating this class without the module fails with a {@link LinkageError}, which
 * {@code ServiceLoader} users skip.
 *
 * <h2>How mapped memory reaches the vectors</h2>
 * The incubator API has no load that is the same on JDK 17 and 25 for native memory: JDK 17 loads
 * from {@code ByteBuffer}s (and {@code byte[]}), JDK 19+ only from {@code MemorySegment}s, which
 * {@code --release 17} code cannot name. The one load common to all is {@code fromArray}. So
 * mapped (and packed str) columns are copied, {@value #CHUNK} rows at a time, with
 * {@code Unsafe.copyMemory} into a small {@code long[]}/{@code double[]} allocated once per call
 * (2 KiB, stays in L1), and the vector loops read that; heap {@code long[]}/{@code double[]}
 * columns are read in place. Measured (roughly: System.nanoTime, shared 2-core AMD EPYC with
 * AVX-512, JDK 17) on 10^7-row mapped columns in the page cache, the scan is memory-bound and the
 * copy costs nothing visible: sumDouble ran at the same speed as scalar code and as vector loads
 * from a direct {@code ByteBuffer} over the same address (~2.4 ms), VWAP ~4.3-4.8 ms copied vs
 * ~4.2 ms from ByteBuffers (scalar kernels: 5.5-8 ms). With the data in L2 (10^5 rows), ByteBuffer loads
 * were up to 2x faster than copy-then-load for sumDouble (0.09 vs 0.13-0.19 ns/row), but they
 * would need a second code path that exists only on JDK 17/18, a reflective
 * {@code DirectByteBuffer(long, int)} ({@code --add-opens java.base/java.nio}) and windows of
 * at most 2 GiB:
 * one path that runs the same on 17 and 25 was chosen for every kernel. The exception is the
 * VWAP without a selection, the seed workload's headline query: on JDK 17/18 it loads mapped
 * memory in place ({@link BufferVec}, no add-opens needed), 42 us → 14 us single-threaded at
 * 10^5 rows. {@code SimdBenchmark} (a test, run on demand) repeats the comparison with the scalar
 * kernels.
 *
 * <h2>Threads</h2>
 * Scans of {@code 2 x }{@value #PARALLEL_MIN_PART_ROWS} rows or more (VWAP and the fused
 * filter-aggregate) are split into parts ({@link #parts}), run by the caller
 * and {@link Workers} ({@link #THREADS} threads, system property {@code zdbc.kernels.threads}),
 * and merged in part order, so an f64 answer depends on the row count and the thread setting,
 * never on which thread ran what. Measured with JMH at 10^5 rows in cache (2-core EPYC, JDK 17):
 * VWAP 14.2 us on one thread, 5.3-6.0 us on two; filter+sum 66 us (bitmap kernels, one thread),
 * 39-46 us fused on two. The workers stop when the component is deactivated.
 *
 * <p>What C2 needs to compile the loops to vector code, on JDK 17 especially, shapes them (see
 * {@link Vec}): no vector crosses a call (accumulators go through small arrays between chunks;
 * on JDK 17 a vector live across the chunk copy is boxed and the loop runs slower than scalar
 * code), each loop is its own compilation unit, accumulators are only ever call arguments, and
 * vector code that runs rarely is avoided altogether: the partial last word and sparse chunks
 * are read row by row here, because interpreted or C1-compiled Vector API code allocates and
 * runs many times slower than a scalar loop. {@code VectorMask.toLong()} is not intrinsified
 * before JDK 18, so there bitmap words are built by OR-ing masked lane bits and reducing once
 * per word; {@code convert(L2D)} is intrinsified only with AVX-512DQ, so i64 columns become
 * doubles by an exact magic-number conversion (magnitudes up to 2^51; scalar casts for chunks
 * with larger values). On JDK 25 the loops compile to vector code whatever the JIT's history; on
 * JDK 17 some histories leave the f64 loops boxed and slow (see {@link Vec}, open).
 *
 * <p>Selections: chunks (4 words) with no selected row are skipped, chunks with at most
 * {@value #SPARSE} selected rows are read row by row, the others with lanes masked by the
 * bitmap. IN lists of up to {@value #IN_VECTOR_MAX} values OR equality masks; longer ones use
 * the scalar loop. Where vectors cannot run (big-endian, vectors under 256 bits) every operation
 * uses the scalar loops of {@link ScalarKernels} (the scalar bundle's exported kernels).
 */
@Component(service = Kernels.class, property = {"service.ranking:Integer=100", "zdbc.kernels=simd"})
public final class SimdKernels implements Kernels {
    public static final String NAME = "simd";

    /** Rows copied per chunk from mapped or packed memory. */
    static final int CHUNK = 256;
    static final int CHUNK_WORDS = CHUNK >>> 6;
    /** Words per call on heap arrays read in place without a selection. */
    static final int DIRECT_WORDS = 256;
    /** A chunk with at most this many selected rows is read row by row. */
    static final int SPARSE = 16;
    static final int IN_VECTOR_MAX = 8;

    /** Loads jdk.incubator.vector when this class initializes: without it, a LinkageError here. */
    private static final boolean VECTORS = Vec.USABLE;
    private static final Kernels SCALAR = new ScalarKernels();

    private final boolean vectors;
    private final long fusedMinRows;
    /** Null: the shared workers. */
    private final Workers workers;
    private final long minPartRows;
    private volatile boolean deactivated;

    /**
     * Tables of fewer rows run {@link #filterAggregate} as the bitmap kernels (the interface's
     * default). Measured with JMH on the seed filter+sum (shared 2-core EPYC, JDK 17, one run
     * each, noisy): at 10^5 rows (2.4 MB, in cache) fused 91-95 us vs bitmap 77 us; at 10^7 rows
     * (memory-bound) fused 13.3 ms vs bitmap 15.4-18.0 ms. Why the fused loops lose in cache is
     * open (the lane mask costs 8 bytes of L1 traffic per row and condition, the bitmap 1 bit).
     */
    static final long FUSED_MIN_ROWS = 1L << 20;

    /**
     * Scans of at least twice this many rows are split into parts that {@link Workers} run on
     * several threads; smaller ones run on the caller's thread (the hand-over would cost more).
     */
    static final long PARALLEL_MIN_PART_ROWS = 1L << 14;
    /**
     * Scans of at least this many rows (8 MB a column: past the caches) are split into
     * {@link #PARTS_PER_THREAD} parts per thread, so that a part a busy or late thread takes is
     * small enough not to hold the scan up; smaller ones into one part per thread, which keeps
     * each thread on the same rows, in its own core's cache, call after call. Measured at 10^5
     * rows (JMH, 2-core EPYC): VWAP 9.3-9.9 us with one part per thread, 10.4-12.6 us with four.
     */
    static final long MANY_PARTS_MIN_ROWS = 1L << 20;
    static final int PARTS_PER_THREAD = 4;
    /**
     * Threads a scan uses, the caller's included: system property {@code zdbc.kernels.threads},
     * default the processors the JVM sees (at most 8; the property at most 256). 1 runs every scan
     * on the caller's thread.
     */
    static final int THREADS = Math.max(1, Math.min(256, Integer.getInteger("zdbc.kernels.threads",
            Math.min(8, Runtime.getRuntime().availableProcessors()))));

    private static Workers sharedWorkers;

    public SimdKernels() {
        this(VECTORS);
    }

    /** {@code vectors = false}: the scalar loops only (tests of the fallback). */
    SimdKernels(boolean vectors) {
        this(vectors, FUSED_MIN_ROWS, null, PARALLEL_MIN_PART_ROWS);
    }

    /**
     * {@code fusedMinRows}: tables of fewer rows take the bitmap kernels (tests pass 0);
     * {@code workers}: null for the threads shared by every instance in this class loader;
     * {@code minPartRows}: the smallest part of a split scan (tests pass a few words).
     */
    SimdKernels(boolean vectors, long fusedMinRows, Workers workers, long minPartRows) {
        this.vectors = vectors && VECTORS;
        this.fusedMinRows = fusedMinRows;
        this.workers = workers;
        this.minPartRows = Math.max(64, minPartRows);
    }

    /**
     * Stops the shared worker threads with the component (bundle stopped or updated): a thread of
     * this bundle left running would keep its class loader, and the old code, alive.
     */
    @Deactivate
    void deactivate() {
        Workers stopping;
        synchronized (SimdKernels.class) {
            deactivated = true;
            stopping = sharedWorkers;
            sharedWorkers = null;
        }
        // Outside the lock: a late call must not wait for the threads to end.
        if (stopping != null) {
            stopping.close();
        }
    }

    /**
     * The workers to split scans over, or null once deactivated: a call that comes late (the
     * engine's drain of running operations is bounded) runs its parts on its own thread rather
     * than start threads that nothing would stop.
     */
    private Workers workers() {
        if (workers != null) {
            return workers;
        }
        synchronized (SimdKernels.class) {
            if (deactivated) {
                return null;
            }
            if (sharedWorkers == null) {
                sharedWorkers = new Workers(THREADS);
            }
            return sharedWorkers;
        }
    }

    /**
     * Parts a scan of {@code rows} rows is split into: 1 below two parts' worth, else one per
     * thread, or {@link #PARTS_PER_THREAD} per thread from {@link #MANY_PARTS_MIN_ROWS} rows, fewer
     * if they would be smaller than {@code minPartRows}. A function of the row count and thread setting only, so f64 sums
     * come out the same whichever threads ran the parts.
     */
    int parts(long rows) {
        if (rows < 2 * minPartRows) {
            return 1;
        }
        int threads = workers != null ? workers.threads() : THREADS;
        if (threads == 1) {
            return 1;
        }
        int perThread = rows >= MANY_PARTS_MIN_ROWS ? PARTS_PER_THREAD : 1;
        return (int) Math.min((long) threads * perThread, rows / minPartRows);
    }

    /** Runs {@code part} for every part in {@code [0, parts)}, on the worker threads when more than one. */
    void forEachPart(int parts, IntConsumer part) {
        Workers w = parts == 1 ? null : workers();
        if (w != null) {
            w.run(parts, part);
        } else {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
        }
    }

    /** The first of {@code total} words (or rows) of part {@code i} of {@code parts}. */
    static long partStart(long total, int parts, int i) {
        return total * i / parts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int ranking() {
        return 100;
    }

    @Override
    public String toString() {
        return "SimdKernels[" + (vectors ? Vec.L + " x 64-bit lanes, " + Vec.LS.vectorShape() : "scalar fallback") + "]";
    }

    // ================================================================== aggregates

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

    @Override
    public long sumLong(ColumnMemory column, Selection sel) {
        if (!vectors) {
            return SCALAR.sumLong(column, sel);
        }
        Col c = new Col(column);
        c.require(ColumnType.I64);
        LongRun r = runLong(c, sel, Vec.SUM, 0);
        long sum = r.part;
        for (long x : r.acc) {
            sum += x;
        }
        return sum;
    }

    @Override
    public long minLong(ColumnMemory column, Selection sel) {
        if (!vectors) {
            return SCALAR.minLong(column, sel);
        }
        Col c = new Col(column);
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

    @Override
    public long maxLong(ColumnMemory column, Selection sel) {
        if (!vectors) {
            return SCALAR.maxLong(column, sel);
        }
        Col c = new Col(column);
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

    @Override
    public double sumDouble(ColumnMemory column, Selection sel) {
        if (!vectors) {
            return SCALAR.sumDouble(column, sel);
        }
        Col c = new Col(column);
        c.require(ColumnType.F64);
        DoubleRun r = runDouble(c, sel, Vec.SUM, 0);
        double sum = 0;
        for (double x : r.acc) {
            sum += x;
        }
        return sum + r.part;
    }

    @Override
    public double minDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(column, sel, true);
    }

    @Override
    public double maxDouble(ColumnMemory column, Selection sel) {
        return extremeDouble(column, sel, false);
    }

    private double extremeDouble(ColumnMemory column, Selection sel, boolean min) {
        if (!vectors) {
            return min ? SCALAR.minDouble(column, sel) : SCALAR.maxDouble(column, sel);
        }
        Col c = new Col(column);
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
    private static int selected(long[] words, long w, int nw) {
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
    private static LongRun runLong(Col c, Selection sel, int kind, long identity) {
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
    private static long tailBits(long[] words, long limit) {
        int tail = (int) (limit & 63);
        if (tail == 0) {
            return 0;
        }
        return (words == null ? -1L : words[(int) (limit >>> 6)]) & ((1L << tail) - 1);
    }

    private static DoubleRun runDouble(Col c, Selection sel, int kind, double identity) {
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

    @Override
    public double vwap(ColumnMemory price, ColumnMemory volume, Selection sel) {
        if (!vectors) {
            return SCALAR.vwap(price, volume, sel);
        }
        Col p = new Col(price);
        Col v = new Col(volume);
        p.require(ColumnType.F64, ColumnType.I64);
        v.require(ColumnType.F64, ColumnType.I64);
        if (p.rows != v.rows) {
            throw new IllegalArgumentException("price has " + p.rows + " rows, volume " + v.rows);
        }
        long limit = limit(p, sel);
        long full = limit >>> 6;
        long[] words = sel == null ? null : sel.words();
        int parts = parts(limit);
        double[][] accs = new double[parts][];
        forEachPart(parts, i -> accs[i] = vwapWords(p, v, words, partStart(full, parts, i), partStart(full, parts, i + 1)));
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
    private static double[] vwapWords(Col p, Col v, long[] words, long w0, long w1) {
        double[] acc = new double[Vec.ACC + 2];
        if (words == null && BufferVec.USABLE && p.base == null && v.base == null && p.type == ColumnType.F64
                && BufferVec.vwapInPlace(p.offset + (w0 << 9), v.offset + (w0 << 9), w1 - w0,
                        BufferVec.volumeMode(v.type == ColumnType.I64), acc)) {
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
    private static void asDoubles(Col c, long row, int n, double[] dst, long[] tmp) {
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

    // ================================================================== fused filter + aggregate

    /**
     * Fused: conditions and aggregates chunk by chunk through an L1-resident lane mask
     * ({@link Fused}), for tables of {@link #FUSED_MIN_ROWS} rows or more; the bitmap kernels below.
     */
    @Override
    public List<Object> filterAggregate(long rows, List<Condition> where, List<Aggregation> aggregates) {
        if (!vectors) {
            return SCALAR.filterAggregate(rows, where, aggregates);
        }
        if (rows < fusedMinRows && parts(rows) == 1) {
            // Single-threaded in cache the bitmap kernels win (see FUSED_MIN_ROWS); split over
            // threads the fused kernel does it in one hand-over instead of one per kernel.
            return Kernels.super.filterAggregate(rows, where, aggregates);
        }
        List<Object> r = Fused.run(this, rows, where, aggregates);
        return r != null ? r : SCALAR.filterAggregate(rows, where, aggregates);
    }

    // ================================================================== filters

    @Override
    public Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        if (!vectors) {
            return SCALAR.compareLong(column, op, value);
        }
        Col c = new Col(column);
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

    @Override
    public Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        if (!vectors) {
            return SCALAR.compareDouble(column, op, value);
        }
        Col c = new Col(column);
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

    @Override
    public Selection betweenLong(ColumnMemory column, long low, long high) {
        if (!vectors) {
            return SCALAR.betweenLong(column, low, high);
        }
        Col c = new Col(column);
        c.require(ColumnType.I64, ColumnType.STR);
        boolean str = c.type == ColumnType.STR;
        return filterLong(c, Vec.BETWEEN, 0, str ? ScalarKernels.order(low) : low,
                str ? ScalarKernels.order(high) : high, null, str);
    }

    @Override
    public Selection betweenDouble(ColumnMemory column, double low, double high) {
        if (!vectors) {
            return SCALAR.betweenDouble(column, low, high);
        }
        Col c = new Col(column);
        c.require(ColumnType.F64);
        return filterDouble(c, Vec.BETWEEN, 0, low, high, null);
    }

    @Override
    public Selection inLongs(ColumnMemory column, long[] values) {
        if (!vectors || values.length > IN_VECTOR_MAX) {
            return SCALAR.inLongs(column, values);
        }
        Col c = new Col(column);
        c.require(ColumnType.I64, ColumnType.STR);
        return filterLong(c, Vec.IN, 0, 0, 0, values.clone(), false);
    }

    @Override
    public Selection inDoubles(ColumnMemory column, double[] values) {
        if (!vectors || values.length > IN_VECTOR_MAX) {
            return SCALAR.inDoubles(column, values);
        }
        Col c = new Col(column);
        c.require(ColumnType.F64);
        return filterDouble(c, Vec.IN, 0, 0, 0, values.clone());
    }

    private static Selection filterLong(Col c, int kind, long flip, long k1, long k2, long[] set, boolean order) {
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

    private static Selection filterDouble(Col c, int kind, long flip, double k1, double k2, double[] set) {
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

    /** Rows an aggregate looks at: the column's, cut to the selection's if that is shorter. */
    static long limit(Col c, Selection sel) {
        return sel == null ? c.rows : Math.min(c.rows, sel.rows());
    }
}
