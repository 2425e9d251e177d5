package io.zdbc.bench;

import io.zdbc.benchdata.PlayersTable;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB (JDBC 1.1.3, in this JVM, its default threads). {@code file}: its own {@code .duckdb}
 * database, loaded with the Appender (closing the connection checkpoints it). {@code parquet}:
 * an in-memory DuckDB querying the Parquet snappy file with {@code read_parquet}. Reads are
 * {@code SELECT <columns>} fetched through JDBC into arrays (a DuckDB table is already queryable,
 * so the fetch is the only way to hand its data to Java); the scan is
 * {@code SELECT sum(id), sum(score), sum(active)} run by DuckDB.
 */
final class DuckDbFormat implements Format {
    static final String FILE = "players.duckdb";
    private final boolean parquet;
    private final ParquetFormat source = new ParquetFormat(CompressionCodecName.SNAPPY);

    DuckDbFormat(boolean parquet) {
        this.parquet = parquet;
    }

    @Override
    public String name() {
        return parquet ? "DuckDB on Parquet" : "DuckDB";
    }

    @Override
    public String id() {
        return parquet ? "duckdb-parquet" : "duckdb";
    }

    @Override
    public String method() {
        return parquet
                ? "DuckDB JDBC, in-memory, read_parquet() of the Parquet snappy file; JDBC fetch into arrays"
                : "DuckDB JDBC Appender into a .duckdb file (checkpoint on close); read = open + SELECT, JDBC fetch into arrays";
    }

    @Override
    public boolean writes() {
        return !parquet;
    }

    @Override
    public boolean loadIsMaterialize() {
        return true;
    }

    @Override
    public void write(PlayersTable d, Path dir) throws Exception {
        if (parquet) {
            source.write(d, dir);
            return;
        }
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(FILE))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE players (id BIGINT NOT NULL, name VARCHAR NOT NULL, score DOUBLE NOT NULL, "
                        + "active BIGINT NOT NULL, category VARCHAR NOT NULL)");
            }
            try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "players")) {
                for (int i = 0; i < d.rows; i++) {
                    a.beginRow();
                    a.append(d.id[i]);
                    a.append(d.name[i]);
                    a.append(d.score[i]);
                    a.append(d.active[i]);
                    a.append(d.category[i]);
                    a.endRow();
                }
            }
        }
    }

    static {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Connection open(Path dir) throws SQLException {
        if (parquet) {
            return DriverManager.getConnection("jdbc:duckdb:");
        }
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(FILE), p);
    }

    private String from(Path dir) {
        return parquet ? "read_parquet('" + ParquetFormat.file(dir).toString().replace("'", "''") + "')" : "players";
    }

    private Object[] fetch(Path dir, List<String> columns) throws SQLException {
        try (Connection c = open(dir);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + from(dir))) {
            int k = columns.size();
            Object[] arrays = new Object[k];
            for (int i = 0; i < k; i++) {
                String col = columns.get(i);
                arrays[i] = col.equals("score")
                        ? new double[1024]
                        : col.equals("name") || col.equals("category") ? new String[1024] : new long[1024];
            }
            int rows = 0;
            while (rs.next()) {
                if (rows == Array.getLength(arrays[0])) {
                    for (int i = 0; i < k; i++) {
                        arrays[i] = grow(arrays[i], rows * 2);
                    }
                }
                for (int i = 0; i < k; i++) {
                    Object a = arrays[i];
                    if (a instanceof long[]) {
                        ((long[]) a)[rows] = rs.getLong(i + 1);
                    } else if (a instanceof double[]) {
                        ((double[]) a)[rows] = rs.getDouble(i + 1);
                    } else {
                        ((String[]) a)[rows] = rs.getString(i + 1);
                    }
                }
                rows++;
            }
            for (int i = 0; i < k; i++) {
                arrays[i] = grow(arrays[i], rows);
            }
            return arrays;
        }
    }

    private static Object grow(Object a, int n) {
        return a instanceof long[]
                ? Arrays.copyOf((long[]) a, n)
                : a instanceof double[] ? Arrays.copyOf((double[]) a, n) : Arrays.copyOf((String[]) a, n);
    }

    @Override
    public Loaded load(Path dir, List<String> columns) throws Exception {
        Object[] a = fetch(dir, new ArrayList<>(columns));
        return Loaded.of(Array.getLength(a[0]), a.length, null);
    }

    @Override
    public Columns materialize(Path dir) throws Exception {
        Object[] a = fetch(dir, PlayersTable.COLUMNS);
        return new Columns((long[]) a[0], (String[]) a[1], (double[]) a[2], (long[]) a[3], (String[]) a[4]);
    }

    @Override
    public Sums scan(Path dir) throws Exception {
        try (Connection c = open(dir);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT sum(id)::BIGINT, sum(score), sum(active)::BIGINT FROM " + from(dir))) {
            rs.next();
            return new Sums(rs.getLong(1), rs.getDouble(2), rs.getLong(3));
        }
    }
}
