package io.zdbc.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (5) Same-JVM peers of {@link TradesQueryBenchmark}, on the same {@link TradesTable} data.
 *
 * <ul>
 * <li>{@code duckdb*}: DuckDB JDBC in this JVM, loaded in setup with the Appender from the zdbc
 *     column files' views (the very bytes zdbc and Polars read), into an in-memory database or a
 *     checkpointed database file ({@code duckdbStorage}; which is faster depends on the query, the
 *     summary compares with the faster). Each
 *     operation executes a statement prepared in setup (DuckDB's fastest JDBC path; it has no
 *     result cache) and reads its answer:
 *     <ul>
 *     <li>{@code duckdbVwap}: {@code SELECT sum(price * volume) / sum(volume) FROM trades}</li>
 *     <li>{@code duckdbFilterSum}: {@code SELECT sum(volume) FROM trades WHERE sym = 'AAPL' AND
 *         price > 15000}</li>
 *     <li>{@code duckdbCount}: {@code SELECT count(*) FROM trades}</li>
 *     <li>{@code duckdbGetColumn}: {@code SELECT volume FROM trades}, every row read into a
 *         {@code long[]}: the way to have a column's values in Java from DuckDB JDBC (it cannot
 *         hand out its memory); a copy, not a view.</li>
 *     </ul>
 *     DuckDB uses its default thread count (all cores), as do zdbc's SIMD kernels from 32K rows
 *     ({@code zdbc.kernels.threads}).</li>
 * <li>{@code bandwidth*}: a STREAM-like sum over heap arrays holding the bytes the query scans,
 *     the physical limit of a single-threaded scan: {@code bandwidthVwap} reads {@code double[]
 *     price} and {@code long[] volume} (16 bytes a row), {@code bandwidthFilterSum} also the packed
 *     {@code long[] sym} (24 bytes a row). Summed as integers (the raw bits of the doubles) so the
 *     loop is not bound by floating-point add latency.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgs = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class TradesPeerBenchmark {
    @Param({"100000", "10000000"})
    public int rows;

    private TradesTable data;

    @Setup(Level.Trial)
    public void setup() {
        data = new TradesTable(rows);
        data.prepare();
    }

    // ------------------------------------------------------------------ DuckDB

    /** DuckDB's thread count ({@code -jvmArgsAppend -Dzdbc.bench.duckdb.threads=1}); default: DuckDB's (all cores). */
    static final String THREADS_PROPERTY = "zdbc.bench.duckdb.threads";

    /** The DuckDB database, only set up for the {@code duckdb*} benchmarks. */
    @State(Scope.Benchmark)
    public static class Duck {
        /** {@code memory}: {@code jdbc:duckdb:} (uncompressed); {@code file}: a database file, checkpointed (compressed, dictionary sym). */
        @Param({"memory", "file"})
        public String duckdbStorage;

        Path file;
        Connection conn;
        PreparedStatement vwap;
        PreparedStatement filterSum;
        PreparedStatement count;
        PreparedStatement column;
        long[] columnOut;

        @Setup(Level.Trial)
        public void setup(TradesPeerBenchmark b) throws SQLException {
            int rows = b.rows;
            if (duckdbStorage.equals("file")) {
                file = TradesTable.directory(rows)
                        .resolve("duckdb-" + ProcessHandle.current().pid() + ".db");
                deleteDuckdbFile();
                conn = DriverManager.getConnection("jdbc:duckdb:" + file);
            } else {
                conn = DriverManager.getConnection("jdbc:duckdb:");
            }
            try (Statement st = conn.createStatement()) {
                String threads = System.getProperty(THREADS_PROPERTY, "");
                if (!threads.isEmpty()) {
                    st.execute("SET threads = " + Integer.parseInt(threads));
                }
            }
            DuckTrades.load(conn, rows);
            if (file != null) {
                try (Statement st = conn.createStatement()) {
                    st.execute("CHECKPOINT");
                }
            }
            vwap = conn.prepareStatement("SELECT sum(price * volume) / sum(volume) FROM trades");
            filterSum = conn.prepareStatement("SELECT sum(volume)::BIGINT FROM trades WHERE sym = '"
                    + TradesTable.FILTER_SYMBOL + "' AND price > " + TradesTable.FILTER_PRICE);
            count = conn.prepareStatement("SELECT count(*) FROM trades");
            column = conn.prepareStatement("SELECT volume FROM trades");
            columnOut = new long[rows];
            Checks.close("vwap (DuckDB)", b.duckdbVwap(this), b.data.vwap);
            Checks.equal("filter+sum (DuckDB)", b.duckdbFilterSum(this), b.data.filterSum);
            Checks.equal("count (DuckDB)", b.duckdbCount(this), rows);
            b.duckdbGetColumn(this);
            for (int i = 0; i < rows; i++) {
                Checks.equal("volume (DuckDB) row " + i, columnOut[i], b.data.volume[i]);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            conn.close();
            deleteDuckdbFile();
        }

        private void deleteDuckdbFile() {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(Path.of(file + ".wal"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static double oneDouble(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static long oneLong(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    public double duckdbVwap(Duck d) throws SQLException {
        return oneDouble(d.vwap);
    }

    @Benchmark
    public long duckdbFilterSum(Duck d) throws SQLException {
        return oneLong(d.filterSum);
    }

    @Benchmark
    public long duckdbCount(Duck d) throws SQLException {
        return oneLong(d.count);
    }

    @Benchmark
    public long duckdbGetColumn(Duck d) throws SQLException {
        long[] out = d.columnOut;
        int n = 0;
        try (ResultSet rs = d.column.executeQuery()) {
            while (rs.next()) {
                out[n++] = rs.getLong(1);
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ memory bandwidth

    @Benchmark
    public long bandwidthVwap() {
        double[] p = data.price;
        long[] v = data.volume;
        long s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Double.doubleToRawLongBits(p[i]) + v[i];
        }
        return s;
    }

    @Benchmark
    public long bandwidthFilterSum() {
        long[] k = data.symPacked;
        double[] p = data.price;
        long[] v = data.volume;
        long s = 0;
        for (int i = 0; i < p.length; i++) {
            s += k[i] + Double.doubleToRawLongBits(p[i]) + v[i];
        }
        return s;
    }
}
