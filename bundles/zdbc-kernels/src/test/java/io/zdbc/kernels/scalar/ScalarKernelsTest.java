package io.zdbc.kernels.scalar;

import io.zdbc.spi.Kernels;

class ScalarKernelsTest extends KernelContract {
    @Override
    protected Kernels kernels() {
        return new ScalarKernels();
    }
}
