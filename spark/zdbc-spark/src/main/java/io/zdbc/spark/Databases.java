package io.zdbc.spark;

import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One read-only handle per database and JVM, shared by the driver's planning and the executors'
 * tasks: opening maps nothing, but reusing the handle keeps its mapping cache warm across tasks.
 */
final class Databases {
    private static final ConcurrentHashMap<Path, Database> READ_ONLY = new ConcurrentHashMap<>();

    private Databases() {}

    static Database readOnly(Path registry) {
        return READ_ONLY.computeIfAbsent(registry, r -> Zdbc.open(r, OpenOptions.readOnlyDefaults()));
    }
}
