package io.zdbc.kernels.scalar;

import io.zdbc.kernels.simd.SimdTestAccess;
import io.zdbc.spi.Kernels;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared contract on the SIMD kernels with scans split into parts of one word and up, run on
 * 3 threads: every part boundary, the partial last word and the merge of parts' accumulators.
 */
class SimdParallelKernelsTest extends KernelContract {
    private static final AutoCloseable[] WORKERS = new AutoCloseable[1];
    private static final Kernels KERNELS = SimdTestAccess.parallel(3, WORKERS);

    @Override
    protected Kernels kernels() {
        return KERNELS;
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        WORKERS[0].close();
    }
}
