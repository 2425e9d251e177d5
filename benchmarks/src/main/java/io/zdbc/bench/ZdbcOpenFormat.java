package io.zdbc.bench;

import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.benchdata.PlayersTable;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;

/**
 * zdbc as an embedded database is normally used: the database is opened once (outside the
 * timings) and stays open, so a read takes views from its mapping cache instead of mapping the
 * files again. The {@link ZdbcFormat} rows open the database inside every timed read, which at
 * 10^4 rows is mostly five mmap/munmap pairs. Both are reported; neither replaces the other.
 */
final class ZdbcOpenFormat implements Format {
    private final ZdbcFormat files = new ZdbcFormat(Durability.FAST);
    private Database db;
    private Path openDir;

    @Override
    public String name() {
        return "zdbc, db open";
    }

    @Override
    public String id() {
        return "zdbc-open";
    }

    @Override
    public String method() {
        return "the zdbc FAST files, database opened once outside the timings (the usual embedded state); "
                + "read = db.read views from its mapping cache; scan = query agg(sum x3) on the open database";
    }

    @Override
    public boolean writes() {
        return false;
    }

    @Override
    public String writeNote() {
        return "n/a (reads zdbc FAST's files)";
    }

    @Override
    public void write(PlayersTable d, Path dir) {
        close();
        files.write(d, dir);
    }

    private Database db(Path dir) {
        if (!dir.equals(openDir)) {
            close();
            db = Zdbc.open(ZdbcFormat.registry(dir), OpenOptions.readOnlyDefaults());
            openDir = dir;
        }
        return db;
    }

    private void close() {
        if (db != null) {
            db.close();
            db = null;
            openDir = null;
        }
    }

    @Override
    public Loaded load(Path dir, List<String> columns) {
        Database d = db(dir);
        TableSnapshot s = columns.size() == PlayersTable.COLUMNS.size()
                ? d.read(PlayersTable.TABLE)
                : d.read(PlayersTable.TABLE, columns);
        return Loaded.of(s.rows(), s.columns().size(), s::close);
    }

    @Override
    public Columns materialize(Path dir) {
        try (TableSnapshot s = db(dir).read(PlayersTable.TABLE)) {
            return new Columns(
                    s.column("id").toLongArray(),
                    s.column("name").toStringArray(),
                    s.column("score").toDoubleArray(),
                    s.column("active").toLongArray(),
                    s.column("category").toStringArray());
        }
    }

    @Override
    public Sums scan(Path dir) {
        // A new query object each time: nothing is answered from a previous run's cached result.
        Result r = db(dir).table(PlayersTable.TABLE)
                .agg(Aggregate.sum("id"), Aggregate.sum("score"), Aggregate.sum("active"))
                .collect();
        return new Sums(
                ((Number) r.get(0, 0)).longValue(),
                ((Number) r.get(0, 1)).doubleValue(),
                ((Number) r.get(0, 2)).longValue());
    }
}
