package io.zdbc.benchmarks;

import static io.zdbc.api.query.Expressions.col;

import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The two group-by queries of the trades table, zdbc (the DSL, which compiles to the same plan as
 * {@code Sql.query}) against DuckDB JDBC in this JVM (in memory, all cores), on the same rows,
 * answers checked equal, median of timed runs, and the ratio:
 * <pre>
 *   SELECT sym, sum(volume), avg(price), count(*) FROM trades GROUP BY sym
 *   SELECT sym, sum(price * volume) / sum(volume) FROM trades WHERE price > 15000 GROUP BY sym
 * </pre>
 * Usage: {@code GroupByComparison [rows=10000000] [runs=15]} (with zdbc's JVM flags).
 */
public final class GroupByComparison {
    private GroupByComparison() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        TradesTable data = new TradesTable(rows);
        data.prepare();
        try (Database db = Zdbc.open(TradesTable.registry(rows), OpenOptions.readOnlyDefaults());
                Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            DuckTrades.load(duck, rows);
            System.out.printf(
                    Locale.ROOT,
                    "group-by on trades, %,d rows, %d cores, median of %d runs%n",
                    rows,
                    Runtime.getRuntime().availableProcessors(),
                    runs);
            System.out.printf(Locale.ROOT, "%-44s %10s %10s %8s%n", "query", "zdbc ms", "DuckDB ms", "ratio");
            compare(
                    "sum, avg, count by sym",
                    runs,
                    () -> db.table(TradesTable.TABLE)
                            .groupBy("sym")
                            .agg(Aggregate.sum("volume"), Aggregate.mean("price"), Aggregate.count())
                            .collect(),
                    duck.prepareStatement("SELECT sym, sum(volume)::BIGINT, avg(price), count(*) FROM trades"
                            + " GROUP BY sym ORDER BY sym"));
            compare(
                    "vwap by sym WHERE price > 15000",
                    runs,
                    () -> db.table(TradesTable.TABLE)
                            .where(col("price").gt(TradesTable.FILTER_PRICE))
                            .groupBy("sym")
                            .agg(Aggregate.vwap("price", "volume"))
                            .collect(),
                    duck.prepareStatement("SELECT sym, sum(price * volume) / sum(volume) FROM trades WHERE price > "
                            + TradesTable.FILTER_PRICE + " GROUP BY sym ORDER BY sym"));
        }
    }

    private static void compare(String label, int runs, Supplier<Result> zdbc, PreparedStatement duck)
            throws SQLException {
        Result z = zdbc.get();
        List<Object[]> d = duckRows(duck);
        check(label, z, d);
        double[] zt = new double[runs];
        double[] dt = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            z = zdbc.get();
            long t1 = System.nanoTime();
            d = duckRows(duck);
            long t2 = System.nanoTime();
            zt[r] = (t1 - t0) / 1e6;
            dt[r] = (t2 - t1) / 1e6;
        }
        check(label, z, d);
        double zm = median(zt);
        double dm = median(dt);
        System.out.printf(Locale.ROOT, "%-44s %10.1f %10.1f %7.2fx%n", label, zm, dm, dm / zm);
    }

    private static List<Object[]> duckRows(PreparedStatement ps) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            int w = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Object[] row = new Object[w];
                for (int c = 0; c < w; c++) {
                    row[c] = rs.getObject(c + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Same groups in the same order; integers equal, doubles within 1e-9 relative. */
    private static void check(String label, Result z, List<Object[]> d) {
        if (z.rows() != d.size()) {
            throw new AssertionError(label + ": zdbc has " + z.rows() + " groups, DuckDB " + d.size());
        }
        for (int r = 0; r < z.rows(); r++) {
            for (int c = 0; c < z.width(); c++) {
                Object a = z.get(r, c);
                Object b = d.get(r)[c];
                boolean same = a instanceof Double || b instanceof Double
                        ? Math.abs(((Number) a).doubleValue() - ((Number) b).doubleValue())
                                <= 1e-9 * Math.abs(((Number) b).doubleValue())
                        : a instanceof Number ? ((Number) a).longValue() == ((Number) b).longValue() : a.equals(b);
                if (!same) {
                    throw new AssertionError(
                            label + ": row " + r + " column " + z.names().get(c) + ": zdbc " + a + ", DuckDB " + b);
                }
            }
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
