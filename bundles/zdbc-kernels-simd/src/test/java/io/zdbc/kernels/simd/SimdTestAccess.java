package io.zdbc.kernels.simd;

import io.zdbc.spi.Kernels;

/** Package-private pieces for tests in other packages. */
public final class SimdTestAccess {
    private SimdTestAccess() {
    }

    /** The SIMD kernels with the vector loops switched off. */
    public static Kernels scalarFallbackOnly() {
        return new SimdKernels(false);
    }
}
