package io.zdbc.engine.impl;

import io.zdbc.api.ColumnView;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.query.VersionIdentity;
import java.util.List;

/** Views of several columns of one table at one version. */
final class Snapshot implements TableSnapshot, VersionIdentity {
    private final String table;
    private final long version;
    private final long rows;
    private final List<ColumnView> columns;
    private final Object files;

    Snapshot(String table, long version, long rows, List<ColumnView> columns, Object files) {
        this.files = files;
        this.table = table;
        this.version = version;
        this.rows = rows;
        this.columns = List.copyOf(columns);
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public List<ColumnView> columns() {
        return columns;
    }

    @Override
    public ColumnView column(String name) {
        for (ColumnView v : columns) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new NoSuchColumnException(table, name);
    }

    /** The column files, whose names carry the generation (FORMAT.md, "Commit record"). */
    @Override
    public Object versionIdentity() {
        return files;
    }

    @Override
    public void close() {
        for (ColumnView v : columns) {
            v.close();
        }
    }
}
