package io.zdbc.kernels.simd;

import io.zdbc.spi.Kernels;

/** Package-private pieces for tests in other packages. */
public final class SimdTestAccess {
    private SimdTestAccess() {
    }

    /** The SIMD kernels running every filterAggregate fused, whatever the table's size. */
    public static Kernels alwaysFused() {
        return new SimdKernels(true, 0);
    }

    /** The SIMD kernels with the vector loops switched off. */
    public static Kernels scalarFallbackOnly() {
        return new SimdKernels(false);
    }
}
