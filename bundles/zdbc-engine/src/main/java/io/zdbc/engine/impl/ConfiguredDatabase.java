package io.zdbc.engine.impl;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Progress;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Query;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A database opened from a factory configuration ({@link DatabaseConfig}) and registered as a
 * {@link Database} service. A configuration change reopens it in place with the new settings
 * (another path, durability, read-only...): the service object stays the same, its properties
 * are updated, and consumers holding it go on without rebinding. Operations already running
 * finish on the database as it was.
 */
@Component(
        service = Database.class,
        configurationPid = DatabaseConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DatabaseConfig.class, factory = true)
public final class ConfiguredDatabase implements Database {
    private final DatabaseService service;
    private volatile Database db;

    @Activate
    public ConfiguredDatabase(@Reference DatabaseService service, DatabaseConfig config) {
        this.service = service;
        this.db = open(config);
    }

    private Database open(DatabaseConfig c) {
        if (c.path() == null || c.path().isBlank()) {
            throw new ZdbcException("zdbc database configuration '" + c.name() + "' has no path");
        }
        OpenOptions o = OpenOptions.defaults()
                .withDurability(c.durability())
                .withReadOnly(c.readOnly())
                .withCreateIfMissing(c.createIfMissing() && !c.readOnly())
                .withLockTimeout(Duration.ofMillis(c.lockTimeoutMillis()));
        return service.open(Path.of(c.path()), o);
    }

    @Modified
    void modified(DatabaseConfig config) {
        Database fresh = open(config);
        Database old = db;
        db = fresh;
        old.close();
    }

    @Deactivate
    void deactivate() {
        db.close();
    }

    @Override
    public Path registry() {
        return db.registry();
    }

    @Override
    public List<String> tables() {
        return db.tables();
    }

    @Override
    public boolean exists(String table) {
        return db.exists(table);
    }

    @Override
    public TableInfo info(String table) {
        return db.info(table);
    }

    @Override
    public void create(String table, List<ColumnDef> columns) {
        db.create(table, columns);
    }

    @Override
    public void write(String table, Batch data) {
        db.write(table, data);
    }

    @Override
    public void append(String table, Batch rows) {
        db.append(table, rows);
    }

    @Override
    public void write(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        db.write(table, columns, batches);
    }

    @Override
    public void append(String table, Iterator<Batch> batches) {
        db.append(table, batches);
    }

    @Override
    public void drop(String table) {
        db.drop(table);
    }

    @Override
    public TableSnapshot read(String table) {
        return db.read(table);
    }

    @Override
    public TableSnapshot read(String table, List<String> columns) {
        return db.read(table, columns);
    }

    @Override
    public ColumnView column(String table, String column) {
        return db.column(table, column);
    }

    @Override
    public Query table(String table) {
        return db.table(table);
    }

    @Override
    public VerifyReport verify() {
        return db.verify();
    }

    @Override
    public BackupReport backup(Path dest, Progress progress) {
        return db.backup(dest, progress);
    }

    /** The service's lifetime is the configuration's: consumers do not close it. */
    @Override
    public void close() {
        // deliberately nothing; deleting the configuration closes the database
    }

    @Override
    public String toString() {
        return "configured " + db;
    }
}
