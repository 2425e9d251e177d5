package io.zdbc.engine.query;

import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.Kernels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What a query needs from its database: snapshots to read and the kernels to run on them. */
public final class QueryContext {
    private final Database db;
    private final Supplier<Kernels> kernels;
    /**
     * The last COUNT(*) answer of each table ({@link CachedResult}), shared by every query of this
     * database: a new query object on an unchanged table gets it without allocating one.
     */
    final Map<String, CachedResult.Held> counts = new ConcurrentHashMap<>();

    public QueryContext(Database db, Supplier<Kernels> kernels) {
        this.db = db;
        this.kernels = kernels;
    }

    Database db() {
        return db;
    }

    /**
     * The best kernels present now. In OSGi the supplier waits, bounded, while kernels are being
     * replaced and then throws the retryable {@link io.zdbc.api.ServiceUnavailableException}.
     */
    Kernels kernels() {
        Kernels k = kernels.get();
        if (k == null) {
            throw new ZdbcException("no kernels are available to run the query (is a zdbc kernels bundle or jar "
                    + "installed? in OSGi, retry once it is back)");
        }
        return k;
    }
}
