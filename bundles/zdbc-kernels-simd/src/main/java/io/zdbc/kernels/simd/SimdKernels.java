package io.zdbc.kernels.simd;

import io.zdbc.api.query.CompareOp;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The SIMD kernels service: Kernels on the Vector API ({@code jdk.incubator.vector}), with the
 * answers {@link Kernels} defines for every implementation. Which loops answer is chosen once, when
 * the component is created: {@link VectorKernels} where vectors run, else (big-endian, vectors
 * under 256 bits) {@link ScalarKernels}, the scalar bundle's exported kernels.
 *
 * <p>The bundle imports {@code jdk.incubator.vector}, so it resolves only where the framework
 * exports that package (a JVM started with {@code --add-modules jdk.incubator.vector}); elsewhere
 * the scalar kernels' service answers. Outside OSGi, creating this class without the module fails
 * with a {@link LinkageError}, which {@code ServiceLoader} users skip.
 *
 * <p>Threads: large scans are split into parts run by the caller and a few worker threads
 * ({@link ScanParts}: system property {@code zdbc.kernels.threads}); the workers stop when the
 * component is deactivated.
 */
@Component(
        service = Kernels.class,
        property = {"service.ranking:Integer=100", "zdbc.kernels=simd"})
public final class SimdKernels implements Kernels {
    public static final String NAME = "simd";

    /** Loads jdk.incubator.vector when this class initializes: without it, a LinkageError here. */
    private static final boolean VECTORS = Vec.USABLE;

    private final boolean vectors;
    private final ScanParts scan;
    /** The vector kernels, or the scalar ones where vectors do not run. */
    private final Kernels kernels;

    public SimdKernels() {
        this(VECTORS);
    }

    /** {@code vectors = false}: the scalar loops only (tests of the fallback). */
    SimdKernels(boolean vectors) {
        this(vectors, VectorKernels.FUSED_MIN_ROWS, null, ScanParts.PARALLEL_MIN_PART_ROWS);
    }

    /**
     * {@code fusedMinRows}: tables of fewer rows take the bitmap kernels (tests pass 0);
     * {@code workers}: null for the threads shared by every instance in this class loader;
     * {@code minPartRows}: the smallest part of a split scan (tests pass a few words).
     */
    SimdKernels(boolean vectors, long fusedMinRows, Workers workers, long minPartRows) {
        this.vectors = vectors && VECTORS;
        this.scan = new ScanParts(workers, minPartRows);
        this.kernels = this.vectors ? new VectorKernels(fusedMinRows, scan) : new ScalarKernels();
    }

    /** Stops the shared worker threads with the component (bundle stopped or updated). */
    @Deactivate
    void deactivate() {
        scan.deactivate();
    }

    /** Parts a scan of {@code rows} rows is split into ({@link ScanParts#parts}). */
    int parts(long rows) {
        return scan.parts(rows);
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
        return "SimdKernels[" + (vectors ? Vec.L + " x 64-bit lanes, " + Vec.LS.vectorShape() : "scalar fallback")
                + "]";
    }

    @Override
    public long sumLong(ColumnMemory column, Selection sel) {
        return kernels.sumLong(column, sel);
    }

    @Override
    public double sumDouble(ColumnMemory column, Selection sel) {
        return kernels.sumDouble(column, sel);
    }

    @Override
    public long minLong(ColumnMemory column, Selection sel) {
        return kernels.minLong(column, sel);
    }

    @Override
    public long maxLong(ColumnMemory column, Selection sel) {
        return kernels.maxLong(column, sel);
    }

    @Override
    public double minDouble(ColumnMemory column, Selection sel) {
        return kernels.minDouble(column, sel);
    }

    @Override
    public double maxDouble(ColumnMemory column, Selection sel) {
        return kernels.maxDouble(column, sel);
    }

    @Override
    public double vwap(ColumnMemory price, ColumnMemory volume, Selection sel) {
        return kernels.vwap(price, volume, sel);
    }

    @Override
    public List<Object> filterAggregate(long rows, List<Condition> where, List<Aggregation> aggregates) {
        return kernels.filterAggregate(rows, where, aggregates);
    }

    @Override
    public Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        return kernels.compareLong(column, op, value);
    }

    @Override
    public Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        return kernels.compareDouble(column, op, value);
    }

    @Override
    public Selection betweenLong(ColumnMemory column, long low, long high) {
        return kernels.betweenLong(column, low, high);
    }

    @Override
    public Selection betweenDouble(ColumnMemory column, double low, double high) {
        return kernels.betweenDouble(column, low, high);
    }

    @Override
    public Selection inLongs(ColumnMemory column, long[] values) {
        return kernels.inLongs(column, values);
    }

    @Override
    public Selection inDoubles(ColumnMemory column, double[] values) {
        return kernels.inDoubles(column, values);
    }
}
