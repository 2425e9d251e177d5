package io.zdbc.engine.impl;

import io.zdbc.api.BackupReport;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Progress;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ViewClosedException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.api.query.Query;
import io.zdbc.engine.query.LazyQuery;
import io.zdbc.engine.query.QueryContext;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.MappedRegion;
import io.zdbc.spi.StorageFormat;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link Database} over the current storage format and column I/O services. Each operation
 * runs on one {@link Backend}; when either service is replaced (in OSGi, its bundle stopped,
 * updated or swapped for another) the next operation reopens the database on the replacement,
 * waiting a bounded time for one, while operations already running finish on the old backend.
 */
final class ZdbcDatabase implements Database {
    /** A concurrent writer may delete the files of the version just read; read the new one then. */
    private static final int MAX_READ_ATTEMPTS = 50;

    private final Path registry;
    private final OpenOptions options;
    private final ServiceSlot<StorageFormat> formats;
    private final ServiceSlot<ColumnIO> ios;
    /** Read at each use: a configuration change applies to open databases too. */
    private final LongSupplier serviceWaitMillis;

    private final QueryContext queries;
    private final Runnable onClose;
    private volatile Backend backend;
    /** Table states and the table list as last read, valid while the change count is unchanged. */
    private final ConcurrentHashMap<String, Cached<TableState>> states = new ConcurrentHashMap<>();

    private volatile Cached<List<String>> tableList;
    private volatile boolean closed;
    private volatile String closedBecause;

    private record Cached<T>(long changes, T value) {}

    ZdbcDatabase(
            Path registry,
            OpenOptions options,
            ServiceSlot<StorageFormat> formats,
            ServiceSlot<ColumnIO> ios,
            LongSupplier serviceWaitMillis,
            Supplier<Kernels> kernels,
            Runnable onClose) {
        this.registry = registry;
        this.options = options;
        this.formats = formats;
        this.ios = ios;
        this.serviceWaitMillis = serviceWaitMillis;
        this.onClose = onClose;
        this.queries = new QueryContext(this, kernels);
        Backend b = enter(); // opens now, so a bad path or a lock fails here and not at first use
        b.exit();
    }

    // ---------------------------------------------------------------- backends

    /** The current backend with an operation entered on it; reopens on replaced services. */
    private Backend enter() {
        for (; ; ) {
            checkOpen();
            Backend b = backend;
            if (b != null && b.formatGeneration == formats.generation() && b.ioGeneration == ios.generation()) {
                if (b.enter()) {
                    if (backend == b) {
                        return b;
                    }
                    b.exit(); // retired between the check and the entry: use the new one
                }
                continue;
            }
            renew(b);
        }
    }

    /**
     * Replaces {@code seen} by a backend on the current services, unless another thread did, or
     * the services are in fact unchanged. Waits for services outside the lock.
     */
    private void renew(Backend seen) {
        long fg = formats.generation();
        long ig = ios.generation();
        StorageFormat f = formats.await(serviceWaitMillis.getAsLong());
        ColumnIO io = ios.await(serviceWaitMillis.getAsLong());
        Backend old;
        synchronized (this) {
            checkOpen();
            // A service that went away meanwhile must not be opened: its bundle may be gone by
            // the time we would use it. Its unbind (retireIfUsing) waits for this lock, so what
            // we open here with unchanged generations is retired and drained before it returns.
            if (backend != seen || formats.generation() != fg || ios.generation() != ig) {
                return;
            }
            if (seen != null && seen.uses(f, io)) {
                seen.formatGeneration = fg;
                seen.ioGeneration = ig;
                return;
            }
            Backend fresh = new Backend(f, io, f.open(registry, options, io));
            fresh.formatGeneration = fg;
            fresh.ioGeneration = ig;
            old = backend;
            backend = fresh;
            states.clear();
            tableList = null;
        }
        if (old != null) {
            old.retire();
        }
    }

    /**
     * Called when a storage format or column I/O service goes away: the database lets go of the
     * old service's objects now (the next operation reopens on the replacement), and waits,
     * bounded, for operations still running on them, so none runs the old bundle's code after
     * its bundle has stopped.
     */
    void retireIfUsing(Object service) {
        Backend old;
        synchronized (this) { // after any renew() that may be opening with this service
            old = backend;
            if (old == null || (old.format != service && old.io != service)) {
                return;
            }
            backend = null;
            states.clear();
            tableList = null;
        }
        old.retire();
        old.awaitClosed(serviceWaitMillis.getAsLong());
    }

    // ---------------------------------------------------------------- operations

    @Override
    public Query table(String table) {
        checkOpen();
        return new LazyQuery(queries, table);
    }

    @Override
    public Path registry() {
        return registry;
    }

    @Override
    public List<String> tables() {
        Backend b = enter();
        try {
            long c = b.storage.changeCount(); // read first: a commit after this point invalidates what we cache
            Cached<List<String>> t = tableList;
            if (t != null && t.changes() == c) {
                return t.value();
            }
            List<String> fresh = List.copyOf(b.storage.tables());
            tableList = new Cached<>(c, fresh);
            return fresh;
        } finally {
            b.exit();
        }
    }

    /** The table's committed state, from the cache while no commit has started since it was read. */
    private TableState state(Backend b, String table) {
        long c = b.storage.changeCount();
        Cached<TableState> s = states.get(table);
        if (s != null && s.changes() == c) {
            return s.value();
        }
        TableState fresh = b.storage.state(table);
        states.put(table, new Cached<>(c, fresh));
        return fresh;
    }

    @Override
    public boolean exists(String table) {
        return tables().contains(table);
    }

    @Override
    public TableInfo info(String table) {
        Backend b = enter();
        try {
            return state(b, table).info();
        } finally {
            b.exit();
        }
    }

    @Override
    public void create(String table, List<ColumnDef> columns) {
        write(b -> b.storage.create(table, columns));
    }

    @Override
    public void write(String table, Batch data) {
        write(b -> {
            b.storage.replace(table, data);
            b.regions.evict(table);
        });
    }

    @Override
    public void append(String table, Batch rows) {
        write(b -> b.storage.append(table, rows));
    }

    @Override
    public void write(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        write(b -> {
            b.storage.replace(table, columns, batches);
            b.regions.evict(table);
        });
    }

    @Override
    public void append(String table, Iterator<Batch> batches) {
        write(b -> b.storage.append(table, batches));
    }

    @Override
    public void drop(String table) {
        write(b -> {
            b.storage.drop(table);
            b.regions.evict(table);
        });
    }

    @Override
    public TableSnapshot read(String table) {
        return read(table, null);
    }

    @Override
    public TableSnapshot read(String table, List<String> columns) {
        Backend b = enter();
        try {
            return read(b, table, columns);
        } finally {
            b.exit();
        }
    }

    private TableSnapshot read(Backend b, String table, List<String> columns) {
        for (int attempt = 1; ; attempt++) {
            // After a vanished file, ask the storage itself: the cached state is what vanished.
            TableState state = attempt == 1 ? state(b, table) : b.storage.state(table);
            try {
                TableSnapshot snap = snapshot(b, state, columns);
                if (state.version() == 0 && b.storage.state(table).version() != 0) {
                    // A table of the original library's, being adopted by a writer right now: its
                    // files may have been renamed under us while mapping. Read the committed version.
                    snap.close();
                    continue;
                }
                return snap;
            } catch (NoSuchFileException e) {
                if (attempt >= MAX_READ_ATTEMPTS) {
                    throw new ZdbcIOException("reading table '" + table + "' while it keeps changing", e);
                }
                Thread.onSpinWait();
            } catch (IOException e) {
                throw new ZdbcIOException("mapping table '" + table + "'", e);
            }
        }
    }

    private TableSnapshot snapshot(Backend b, TableState state, List<String> wanted) throws IOException {
        int[] indexes;
        if (wanted == null) {
            indexes = new int[state.columns().size()];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = i;
            }
        } else {
            indexes = new int[wanted.size()];
            for (int k = 0; k < indexes.length; k++) {
                int i = state.indexOf(wanted.get(k));
                if (i < 0) {
                    throw new NoSuchColumnException(state.name(), wanted.get(k));
                }
                indexes[k] = i;
            }
        }
        long bytes = Math.multiplyExact(state.rows(), (long) ColumnType.WIDTH);
        List<ColumnView> views = new ArrayList<>(indexes.length);
        try {
            for (int i : indexes) {
                MappedRegion r =
                        b.regions.acquire(state.name(), state.columnFiles().get(i), bytes, state.columnFiles());
                views.add(new MappedColumnView(state.name(), state.columns().get(i), state.rows(), r));
            }
        } catch (IOException | RuntimeException e) {
            views.forEach(ColumnView::close);
            throw e;
        }
        return new Snapshot(state.name(), state.version(), state.rows(), views, state.columnFiles());
    }

    @Override
    public ColumnView column(String table, String column) {
        return read(table, List.of(column)).columns().get(0);
    }

    @Override
    public VerifyReport verify() {
        Backend b = enter();
        try {
            return b.storage.verify();
        } finally {
            b.exit();
        }
    }

    @Override
    public BackupReport backup(Path dest, Progress progress) {
        Backend b = enter();
        try {
            return b.storage.backup(dest, progress);
        } finally {
            b.exit();
        }
    }

    /**
     * Runs a write on the current backend, entered for its duration. (Reads write the same
     * enter/try/exit out by hand: they are the hot path, and take no lambda.)
     */
    private void write(Consumer<Backend> op) {
        Backend b = enter();
        try {
            op.accept(b);
        } finally {
            b.exit();
        }
    }

    private void checkOpen() {
        if (closed) {
            String why = closedBecause;
            if (why != null) {
                throw new ServiceUnavailableException("database " + registry + " was closed: " + why);
            }
            throw new ViewClosedException("database " + registry);
        }
    }

    @Override
    public void close() {
        close(null);
    }

    /**
     * Closes the database; with a reason (the engine is stopping), later calls fail with a
     * retryable {@link ServiceUnavailableException} saying so. Running operations finish.
     */
    void close(String reason) {
        Backend old;
        synchronized (this) {
            if (closed) {
                return;
            }
            closedBecause = reason;
            closed = true;
            old = backend;
            backend = null;
        }
        if (old != null) {
            old.retire();
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "zdbc database " + registry;
    }
}
