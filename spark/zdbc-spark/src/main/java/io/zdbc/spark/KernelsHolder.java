package io.zdbc.spark;

import io.zdbc.api.ZdbcException;
import io.zdbc.spi.Kernels;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The highest-ranked zdbc kernels on the class path that load on this JVM. */
final class KernelsHolder {
    private static volatile Kernels kernels;

    private KernelsHolder() {}

    static Kernels get() {
        Kernels k = kernels;
        if (k != null) {
            return k;
        }
        Kernels found = null;
        Iterator<Kernels> it = ServiceLoader.load(Kernels.class, KernelsHolder.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                Kernels c = it.next();
                if (found == null || c.ranking() > found.ranking()) {
                    found = c;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // the SIMD kernels without jdk.incubator.vector: the scalar ones will do
            }
        }
        if (found == null) {
            throw new ZdbcException("no zdbc kernels on the class path (add zdbc-kernels to --jars)");
        }
        kernels = found;
        return found;
    }
}
