package io.zdbc.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The options of {@code format("zdbc")}, checked once on the driver and shipped to the tasks. */
final class ZdbcOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String DB = "db";
    static final String TABLE = "table";
    static final String ROWS_PER_PARTITION = "rowsPerPartition";
    static final String BATCH_ROWS = "batchRows";
    static final String ONE_TASK_AGGREGATE_ROWS = "oneTaskAggregateRows";

    static final long DEFAULT_ROWS_PER_PARTITION = 1L << 22;
    static final int DEFAULT_BATCH_ROWS = 1 << 15;
    static final long DEFAULT_ONE_TASK_AGGREGATE_ROWS = 1L << 26;

    private final String db;
    private final String table;
    private final long rowsPerPartition;
    private final int batchRows;
    private final long oneTaskAggregateRows;

    private ZdbcOptions(String db, String table, long rowsPerPartition, int batchRows, long oneTaskAggregateRows) {
        this.db = db;
        this.table = table;
        this.rowsPerPartition = rowsPerPartition;
        this.batchRows = batchRows;
        this.oneTaskAggregateRows = oneTaskAggregateRows;
    }

    /** A table of a catalog's database: the catalog's options, with the table named. */
    static ZdbcOptions forTable(Map<String, String> catalogOptions, String table) {
        Map<String, String> m = new HashMap<>(catalogOptions);
        m.keySet().removeIf(k -> k.equalsIgnoreCase(TABLE));
        m.put(TABLE, table);
        return from(m);
    }

    /** This table with the tuning options of one read or write, where it sets them. */
    ZdbcOptions with(Map<String, String> call) {
        long perPartition = positive(call, ROWS_PER_PARTITION, rowsPerPartition, Long.MAX_VALUE);
        int batch = (int) positive(call, BATCH_ROWS, batchRows, 1 << 24);
        long oneTask = positive(call, ONE_TASK_AGGREGATE_ROWS, oneTaskAggregateRows, Long.MAX_VALUE);
        return new ZdbcOptions(db, table, perPartition, batch, oneTask);
    }

    /** Reads the options from Spark's (case-insensitive) map. */
    static ZdbcOptions from(Map<String, String> options) {
        String db = get(options, DB);
        String table = get(options, TABLE);
        if (db == null || db.isBlank()) {
            throw new IllegalArgumentException(
                    "format(\"zdbc\") needs option(\"db\", <path of the database's registry file>)");
        }
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException(
                    "format(\"zdbc\") needs option(\"table\", <table name>) (database " + db + ")");
        }
        long perPartition = positive(options, ROWS_PER_PARTITION, DEFAULT_ROWS_PER_PARTITION, Long.MAX_VALUE);
        int batch = (int) positive(options, BATCH_ROWS, DEFAULT_BATCH_ROWS, 1 << 24);
        long oneTask = positive(options, ONE_TASK_AGGREGATE_ROWS, DEFAULT_ONE_TASK_AGGREGATE_ROWS, Long.MAX_VALUE);
        return new ZdbcOptions(db, table, perPartition, batch, oneTask);
    }

    private static String get(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
        }
        return v;
    }

    private static long positive(Map<String, String> options, String key, long dflt, long max) {
        String v = get(options, key);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " = '" + v + "' is not a whole number");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("option " + key + " = " + n + " is out of range 1.." + max);
        }
        return n;
    }

    String db() {
        return db;
    }

    Path registry() {
        return registryOf(db);
    }

    static Path registryOf(String db) {
        return Path.of(db).toAbsolutePath().normalize();
    }

    String table() {
        return table;
    }

    long rowsPerPartition() {
        return rowsPerPartition;
    }

    int batchRows() {
        return batchRows;
    }

    /** Aggregates of tables up to this many rows are computed completely by one task. */
    long oneTaskAggregateRows() {
        return oneTaskAggregateRows;
    }
}
