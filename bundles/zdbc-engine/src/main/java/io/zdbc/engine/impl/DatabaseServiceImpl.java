package io.zdbc.engine.impl;

import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.StorageFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Opens databases with the storage format and column I/O services. Every service it uses is a
 * dynamic reference, so this service stays registered and open databases stay usable while any
 * of those bundles is stopped, updated or replaced: operations wait (bounded by
 * {@link EngineConfig#serviceWaitMillis()}) for a replacement, then go on with it. Queries use
 * the highest-ranked {@link Kernels} present when they run (SIMD, else scalar).
 *
 * <p>The references are optional (0..n), so the service stays registered with no storage format
 * or column I/O at all; {@link #open} then waits for them like any other operation.
 *
 * <p>When this component itself goes away (the engine bundle stops or is updated), the
 * databases it opened are closed; using one then fails with a retryable
 * {@link io.zdbc.api.ServiceUnavailableException}: reopen it from the new service.
 */
@Component(service = DatabaseService.class, configurationPid = EngineConfig.PID)
@Designate(ocd = EngineConfig.class)
public final class DatabaseServiceImpl implements DatabaseService {
    private final ServiceSlot<StorageFormat> formats;
    private final ServiceSlot<ColumnIO> ios;
    private final ServiceSlot<Kernels> kernels = new ServiceSlot<>("zdbc kernels");
    private final Supplier<Kernels> best;
    private final Set<ZdbcDatabase> open = ConcurrentHashMap.newKeySet();
    private volatile long serviceWaitMillis;

    @Activate
    public DatabaseServiceImpl(EngineConfig config) {
        this.formats = new ServiceSlot<>("zdbc storage format");
        this.ios = new ServiceSlot<>("zdbc column I/O");
        this.best = () -> kernels.await(serviceWaitMillis);
        this.serviceWaitMillis = config.serviceWaitMillis();
    }

    /** Outside OSGi: fixed services. */
    public DatabaseServiceImpl(StorageFormat format, ColumnIO io, Supplier<Kernels> fixed) {
        this.formats = ServiceSlot.fixed("zdbc storage format", format);
        this.ios = ServiceSlot.fixed("zdbc column I/O", io);
        this.best = fixed;
        this.serviceWaitMillis = 0;
    }

    @Modified
    void modified(EngineConfig config) {
        serviceWaitMillis = config.serviceWaitMillis();
    }

    @Reference(
            name = "storageFormat",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFormat(StorageFormat f, Map<String, Object> props) {
        formats.add(f, props);
    }

    void removeFormat(StorageFormat f, Map<String, Object> props) {
        formats.remove(f, props);
        open.forEach(db -> db.retireIfUsing(f));
    }

    @Reference(
            name = "columnIO",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addColumnIO(ColumnIO io, Map<String, Object> props) {
        ios.add(io, props);
    }

    void removeColumnIO(ColumnIO io, Map<String, Object> props) {
        ios.remove(io, props);
        open.forEach(db -> db.retireIfUsing(io));
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addKernels(Kernels k, Map<String, Object> props) {
        kernels.add(k, props);
    }

    void removeKernels(Kernels k, Map<String, Object> props) {
        kernels.remove(k, props);
    }

    @Override
    public Database open(Path registry, OpenOptions options) {
        ZdbcDatabase[] self = new ZdbcDatabase[1];
        ZdbcDatabase db = new ZdbcDatabase(
                registry, options, formats, ios, () -> serviceWaitMillis, best, () -> open.remove(self[0]));
        self[0] = db;
        open.add(db);
        return db;
    }

    @Deactivate
    void deactivate() {
        for (ZdbcDatabase db : open) {
            db.close("the zdbc engine stopped (its bundle is stopping or being updated); reopen the database"
                    + " from the DatabaseService when it is back");
        }
    }
}
