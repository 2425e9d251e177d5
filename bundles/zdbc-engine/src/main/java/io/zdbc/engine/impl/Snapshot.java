package io.zdbc.engine.impl;

import io.zdbc.api.ColumnView;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.TableSnapshot;
import java.util.List;

/** Views of several columns of one table at one version. */
final class Snapshot implements TableSnapshot {
    private final String table;
    private final long version;
    private final long rows;
    private final List<ColumnView> columns;

    Snapshot(String table, long version, long rows, List<ColumnView> columns) {
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

    @Override
    public void close() {
        for (ColumnView v : columns) {
            v.close();
        }
    }
}
