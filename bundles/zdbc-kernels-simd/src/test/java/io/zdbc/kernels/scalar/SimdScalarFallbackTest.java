package io.zdbc.kernels.scalar;

import io.zdbc.kernels.simd.SimdTestAccess;
import io.zdbc.spi.Kernels;

/** The contract for the SIMD bundle's own scalar loops (big-endian machines, sparse chunks, long IN lists). */
class SimdScalarFallbackTest extends KernelContract {
    @Override
    protected Kernels kernels() {
        return SimdTestAccess.scalarFallbackOnly();
    }
}
