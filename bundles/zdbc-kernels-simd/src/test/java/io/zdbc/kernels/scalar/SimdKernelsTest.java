package io.zdbc.kernels.scalar;

import io.zdbc.kernels.simd.SimdTestAccess;
import io.zdbc.spi.Kernels;

/** The shared contract (lengths 0..1000 around vector widths, NaN/±inf/-0.0, mapped and heap, selections). */
class SimdKernelsTest extends KernelContract {
    @Override
    protected Kernels kernels() {
        // Fused at every size: the contract's tables are smaller than the fused kernel's threshold.
        return SimdTestAccess.alwaysFused();
    }
}
