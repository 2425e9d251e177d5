package io.zdbc.engine.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.VerifyReport;
import io.zdbc.api.ViewClosedException;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.api.query.Query;
import io.zdbc.engine.query.LazyQuery;
import io.zdbc.engine.query.QueryContext;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.MappedRegion;
import io.zdbc.spi.Storage;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** A {@link Database} over a storage format and column I/O. */
final class ZdbcDatabase implements Database {
    /** A concurrent writer may delete the files of the version just read; read the new one then. */
    private static final int MAX_READ_ATTEMPTS = 50;

    private final Storage storage;
    private final RegionCache regions;
    private final QueryContext queries;
    /** Table states and the table list as last read, valid while the change count is unchanged. */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached<TableState>> states =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Cached<List<String>> tableList;
    private volatile boolean closed;

    private record Cached<T>(long changes, T value) {
    }

    ZdbcDatabase(Storage storage, ColumnIO io, Supplier<Kernels> kernels) {
        this.storage = storage;
        this.regions = new RegionCache(io);
        this.queries = new QueryContext(this, kernels);
    }

    @Override
    public Query table(String table) {
        checkOpen();
        return new LazyQuery(queries, table);
    }

    @Override
    public Path registry() {
        return storage.registry();
    }

    @Override
    public List<String> tables() {
        checkOpen();
        long c = storage.changeCount(); // read first: a commit after this point invalidates what we cache
        Cached<List<String>> t = tableList;
        if (t != null && t.changes() == c) {
            return t.value();
        }
        List<String> fresh = List.copyOf(storage.tables());
        tableList = new Cached<>(c, fresh);
        return fresh;
    }

    /** The table's committed state, from the cache while no commit has started since it was read. */
    private TableState state(String table) {
        long c = storage.changeCount();
        Cached<TableState> s = states.get(table);
        if (s != null && s.changes() == c) {
            return s.value();
        }
        TableState fresh = storage.state(table);
        states.put(table, new Cached<>(c, fresh));
        return fresh;
    }

    @Override
    public boolean exists(String table) {
        return tables().contains(table);
    }

    @Override
    public TableInfo info(String table) {
        checkOpen();
        return state(table).info();
    }

    @Override
    public void create(String table, List<ColumnDef> columns) {
        checkOpen();
        storage.create(table, columns);
    }

    @Override
    public void write(String table, Batch data) {
        checkOpen();
        storage.replace(table, data);
        regions.evict(table);
    }

    @Override
    public void append(String table, Batch rows) {
        checkOpen();
        storage.append(table, rows);
    }

    @Override
    public void write(String table, List<ColumnDef> columns, Iterator<Batch> batches) {
        checkOpen();
        storage.replace(table, columns, batches);
        regions.evict(table);
    }

    @Override
    public void append(String table, Iterator<Batch> batches) {
        checkOpen();
        storage.append(table, batches);
    }

    @Override
    public void drop(String table) {
        checkOpen();
        storage.drop(table);
        regions.evict(table);
    }

    @Override
    public TableSnapshot read(String table) {
        return read(table, null);
    }

    @Override
    public TableSnapshot read(String table, List<String> columns) {
        checkOpen();
        for (int attempt = 1; ; attempt++) {
            // After a vanished file, ask the storage itself: the cached state is what vanished.
            TableState state = attempt == 1 ? state(table) : storage.state(table);
            try {
                TableSnapshot snap = snapshot(state, columns);
                if (state.version() == 0 && storage.state(table).version() != 0) {
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

    private TableSnapshot snapshot(TableState state, List<String> wanted) throws IOException {
        List<Integer> indexes = new ArrayList<>();
        if (wanted == null) {
            for (int i = 0; i < state.columns().size(); i++) {
                indexes.add(i);
            }
        } else {
            for (String name : wanted) {
                int i = state.indexOf(name);
                if (i < 0) {
                    throw new NoSuchColumnException(state.name(), name);
                }
                indexes.add(i);
            }
        }
        Set<Path> files = new HashSet<>(state.columnFiles());
        long bytes = Math.multiplyExact(state.rows(), (long) ColumnType.WIDTH);
        List<ColumnView> views = new ArrayList<>(indexes.size());
        try {
            for (int i : indexes) {
                MappedRegion r = regions.acquire(state.name(), state.columnFiles().get(i), bytes, files);
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
        checkOpen();
        return storage.verify();
    }

    private void checkOpen() {
        if (closed) {
            throw new ViewClosedException("database " + storage.registry());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            regions.close();
            storage.close();
        }
    }

    @Override
    public String toString() {
        return "zdbc database " + storage.registry();
    }

}
