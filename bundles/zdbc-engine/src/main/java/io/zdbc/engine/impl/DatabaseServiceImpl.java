package io.zdbc.engine.impl;

import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.StorageFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Opens databases with the storage format and column I/O services. Queries use the
 * highest-ranked {@link Kernels} present at the moment they run: when the SIMD kernels bundle
 * stops, queries go on with the scalar kernels, and switch back when it returns.
 */
@Component(service = DatabaseService.class)
public final class DatabaseServiceImpl implements DatabaseService {
    private final StorageFormat format;
    private final ColumnIO io;
    /** Kernels by (ranking, service id), highest last. */
    private final ConcurrentSkipListMap<long[], Kernels> kernels = new ConcurrentSkipListMap<>(
            (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
    private final Supplier<Kernels> best;

    @Activate
    public DatabaseServiceImpl(@Reference(name = "storageFormat") StorageFormat format,
            @Reference(name = "columnIO") ColumnIO io) {
        this(format, io, null);
    }

    /** Outside OSGi: a fixed supplier of kernels. */
    public DatabaseServiceImpl(StorageFormat format, ColumnIO io, Supplier<Kernels> fixed) {
        this.format = format;
        this.io = io;
        this.best = fixed != null ? fixed : () -> {
            Map.Entry<long[], Kernels> e = kernels.lastEntry();
            return e == null ? null : e.getValue();
        };
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addKernels(Kernels k, Map<String, Object> props) {
        kernels.put(key(props), k);
    }

    void removeKernels(Kernels k, Map<String, Object> props) {
        kernels.remove(key(props), k);
    }

    private static long[] key(Map<String, Object> props) {
        Object r = props.get("service.ranking");
        long ranking = r instanceof Integer ? (Integer) r : 0;
        return new long[] {ranking, ((Number) props.get("service.id")).longValue()};
    }

    @Override
    public Database open(Path registry, OpenOptions options) {
        return new ZdbcDatabase(format.open(registry, options, io), io, best);
    }
}
