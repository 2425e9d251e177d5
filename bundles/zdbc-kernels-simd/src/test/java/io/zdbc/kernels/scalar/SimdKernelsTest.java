package io.zdbc.kernels.scalar;

import io.zdbc.kernels.simd.SimdKernels;
import io.zdbc.spi.Kernels;

/** The shared contract (lengths 0..1000 around vector widths, NaN/±inf/-0.0, mapped and heap, selections). */
class SimdKernelsTest extends KernelContract {
    @Override
    protected Kernels kernels() {
        return new SimdKernels();
    }
}
