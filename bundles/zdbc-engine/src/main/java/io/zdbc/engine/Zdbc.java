package io.zdbc.engine;

import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.impl.DatabaseServiceImpl;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.StorageFormat;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The plain-Java entry point: the same jars as the OSGi bundles, wired with
 * {@link ServiceLoader} instead of Declarative Services.
 *
 * <pre>{@code
 * try (Database db = Zdbc.open(Path.of("data/mydb"))) {
 *     db.write("players", Batch.builder().i64("id", 1, 2).str("name", "Alice", "Bob").build());
 *     try (ColumnView ids = db.column("players", "id")) {
 *         long first = ids.getLong(0);
 *     }
 * }
 * }</pre>
 *
 * The JVM needs the flags listed in the README ("Running on the JVM") to map files.
 */
public final class Zdbc {
    private static volatile DatabaseService service;

    private Zdbc() {}

    /** Opens, creating if missing, the database whose registry file is {@code registry}. */
    public static Database open(Path registry) {
        return service().open(registry, OpenOptions.defaults());
    }

    public static Database open(Path registry, OpenOptions options) {
        return service().open(registry, options);
    }

    /** The database service built from the storage format and column I/O found on the class path. */
    public static DatabaseService service() {
        DatabaseService s = service;
        if (s == null) {
            synchronized (Zdbc.class) {
                if (service == null) {
                    service = new DatabaseServiceImpl(load(StorageFormat.class), load(ColumnIO.class), Zdbc::kernels);
                }
                s = service;
            }
        }
        return s;
    }

    private static volatile Kernels kernels;

    /**
     * The highest-ranked kernels on the class path that load on this JVM (the SIMD ones need
     * {@code --add-modules jdk.incubator.vector}); null if there are none. Public for code that runs
     * the kernels on mapped columns itself, such as the Spark source.
     */
    public static Kernels kernels() {
        Kernels k = kernels;
        if (k == null) {
            synchronized (Zdbc.class) {
                if (kernels == null) {
                    Kernels found = null;
                    Iterator<Kernels> it = ServiceLoader.load(Kernels.class, Zdbc.class.getClassLoader())
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
                            // e.g. the SIMD kernels without jdk.incubator.vector: the others will do
                        }
                    }
                    kernels = found;
                }
                k = kernels;
            }
        }
        return k;
    }

    private static <T> T load(Class<T> type) {
        for (T t : ServiceLoader.load(type, Zdbc.class.getClassLoader())) {
            return t;
        }
        throw new ZdbcException("no " + type.getSimpleName() + " implementation on the class path"
                + " (add zdbc-format and zdbc-mmap)");
    }
}
