package io.zdbc.kernels.simd;

import io.zdbc.spi.Kernels;

/** Package-private pieces for tests in other packages. */
public final class SimdTestAccess {
    private SimdTestAccess() {}

    /** The SIMD kernels running every filterAggregate fused, whatever the table's size. */
    public static Kernels alwaysFused() {
        return new SimdKernels(true, 0, null, ScanParts.PARALLEL_MIN_PART_ROWS);
    }

    /**
     * The SIMD kernels running every filterAggregate fused and splitting every scan of 128 rows
     * or more into parts of at least 64 rows on {@code threads} threads: the parallel paths on
     * the contract's small tables. Close the returned workers after the tests.
     */
    public static Kernels parallel(int threads, AutoCloseable[] workersOut) {
        Workers w = new Workers(threads);
        workersOut[0] = w;
        return new SimdKernels(true, 0, w, 64);
    }

    /** The SIMD kernels with the vector loops switched off. */
    public static Kernels scalarFallbackOnly() {
        return new SimdKernels(false);
    }
}
