package io.zdbc.bench;

import io.zdbc.api.Batch;
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
import java.util.Locale;

/**
 * zdbc through its public API: {@code Zdbc.open} + {@code db.write(table, Batch)} (the batch built
 * from the arrays inside the timed section, so packing the strings is counted); reads are
 * {@code db.read} views (zero-copy mmap, pages fault in when touched), materialize is
 * {@code toLongArray/toDoubleArray/toStringArray}, the scan is the query API's
 * {@code agg(sum, sum, sum)} on the kernels.
 */
final class ZdbcFormat implements Format {
    private final Durability durability;

    ZdbcFormat(Durability durability) {
        this.durability = durability;
    }

    @Override
    public String name() {
        return "zdbc " + durability;
    }

    @Override
    public String id() {
        return "zdbc-" + durability.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String method() {
        return "Zdbc.open + db.write(Batch) (" + (durability == Durability.FAST ? "no fsync" : "fsync per file")
                + "); read = open + db.read views (mmap, lazy); scan = query agg(sum x3)";
    }

    static Path registry(Path dir) {
        return dir.resolve("db");
    }

    @Override
    public void write(PlayersTable d, Path dir) {
        try (Database db = Zdbc.open(registry(dir), OpenOptions.defaults().withDurability(durability))) {
            Batch batch = Batch.builder()
                    .i64("id", d.id)
                    .str("name", d.name)
                    .f64("score", d.score)
                    .i64("active", d.active)
                    .str("category", d.category)
                    .build();
            db.write(PlayersTable.TABLE, batch);
        }
    }

    private static Database openReadOnly(Path dir) {
        return Zdbc.open(registry(dir), OpenOptions.readOnlyDefaults());
    }

    @Override
    public Loaded load(Path dir, List<String> columns) {
        Database db = openReadOnly(dir);
        try {
            TableSnapshot s = columns.size() == PlayersTable.COLUMNS.size()
                    ? db.read(PlayersTable.TABLE)
                    : db.read(PlayersTable.TABLE, columns);
            return Loaded.of(s.rows(), s.columns().size(), () -> {
                s.close();
                db.close();
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public Columns materialize(Path dir) {
        try (Database db = openReadOnly(dir);
                TableSnapshot s = db.read(PlayersTable.TABLE)) {
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
        try (Database db = openReadOnly(dir)) {
            Result r = db.table(PlayersTable.TABLE)
                    .agg(Aggregate.sum("id"), Aggregate.sum("score"), Aggregate.sum("active"))
                    .collect();
            return new Sums(
                    ((Number) r.get(0, 0)).longValue(),
                    ((Number) r.get(0, 1)).doubleValue(),
                    ((Number) r.get(0, 2)).longValue());
        }
    }
}
