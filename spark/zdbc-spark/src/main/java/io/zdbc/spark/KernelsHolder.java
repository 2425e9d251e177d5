package io.zdbc.spark;

import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Kernels;

/** The kernels the engine chose ({@link Zdbc#kernels()}), or an error saying which jar is missing. */
final class KernelsHolder {
    private KernelsHolder() {}

    static Kernels get() {
        Kernels k = Zdbc.kernels();
        if (k == null) {
            throw new ZdbcException("no zdbc kernels on the class path (add zdbc-kernels to --jars)");
        }
        return k;
    }
}
