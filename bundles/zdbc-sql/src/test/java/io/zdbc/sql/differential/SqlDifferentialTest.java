package io.zdbc.sql.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import io.zdbc.engine.impl.DatabaseServiceImpl;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.ColumnIO;
import io.zdbc.spi.StorageFormat;
import io.zdbc.sql.Sql;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential testing in the SQLancer / sqllogictest manner: random tables and random queries
 * over the whole supported grammar, each run as zdbc SQL, as the same DSL query (on the default
 * and on the scalar kernels) and on DuckDB; every difference not named in {@link Difference} is
 * a failure. {@code -Dzdbc.sqldiff.seed=<n|random>}, {@code -Dzdbc.sqldiff.queries=<n>},
 * {@code -Dzdbc.sqldiff.only=<query number>} to re-run one query.
 */
class SqlDifferentialTest {
    /** Row counts: empty, one, and around the kernels' 8-lane vectors, 64-row masks, 1024-row chunks and 32,768-row thread split. */
    static final int[] ROWS = {0, 1, 7, 255, 256, 1023, 33_000};

    static final String[] NAMES = {"t0", "data/t1", "data/deep/t2", "t3", "x.t4", "data/t5", "t6"};

    @TempDir
    Path dir;

    @Test
    void randomQueriesAgreeWithDuckDbAndTheDsl() throws Exception {
        String s = System.getProperty("zdbc.sqldiff.seed", "20261203");
        long seed = s.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(s);
        int queries = Integer.getInteger("zdbc.sqldiff.queries", 2_000);
        int only = Integer.getInteger("zdbc.sqldiff.only", -1);
        System.out.println("SqlDifferentialTest: seed " + seed + ", " + queries + " queries (-Dzdbc.sqldiff.seed="
                + seed + " -Dzdbc.sqldiff.queries=" + queries + ")");
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int[] checked = new int[3];
        Path registry = dir.resolve("db");
        long duckNanos = 0;
        long zdbcNanos = 0;
        int failed = 0;
        try (Database db = Zdbc.open(registry);
                Database scalar = scalarKernels().open(registry, OpenOptions.defaults());
                Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            SplittableRandom data = new SplittableRandom(seed);
            List<DiffTable> tables = new ArrayList<>();
            for (int i = 0; i < ROWS.length; i++) {
                DiffTable t = DiffTable.create(db, NAMES[i], "d" + i, ROWS[i], data);
                t.load(duck);
                tables.add(t);
            }
            try (Statement st = duck.createStatement()) {
                st.execute("SET threads = 1"); // the machine is shared: one core for the oracle
            }
            DuckOracle oracle = new DuckOracle(duck);
            for (int i = only < 0 ? 0 : only; i < (only < 0 ? queries : only + 1); i++) {
                // Distinct per (seed, query) for any query count below 10^9, so runs with nearby seeds differ.
                DiffQuery q = new QueryGenerator(tables, new SplittableRandom(seed * 1_000_000_007L + i)).next();
                String sql = Render.sql(q);
                long t0 = System.nanoTime();
                DuckOracle.Answer want = oracle.run(q);
                long t1 = System.nanoTime();
                duckNanos += t1 - t0;
                List<String> why = new ArrayList<>();
                Comparison sqlWant = new Comparison(q, want.sql());
                Comparison dslWant = want.dsl() == want.sql() ? sqlWant : new Comparison(q, want.dsl());
                check("SQL", () -> Sql.query(db, sql).collect(), r -> sqlColumns(q, r), q, sqlWant, why, checked, 0);
                check("DSL", () -> Render.dsl(db, q).collect(), r -> dslColumns(q, r), q, dslWant, why, checked, 1);
                check(
                        "DSL (scalar kernels)",
                        () -> Render.dsl(scalar, q).collect(),
                        r -> dslColumns(q, r),
                        q,
                        dslWant,
                        why,
                        checked,
                        2);
                zdbcNanos += System.nanoTime() - t1;
                if (!why.isEmpty()) {
                    failed++;
                }
                if (!why.isEmpty() && failures.size() < 20) {
                    failures.add("query #" + i + " (seed " + seed + "; re-run it alone with -Dzdbc.sqldiff.seed=" + seed
                            + " -Dzdbc.sqldiff.only=" + i + ") on " + q.table().rows + " rows\n  SQL:    " + sql
                            + "\n  DuckDB: " + want.duckSql() + "\n  " + String.join("\n  ", why));
                    System.out.println(failures.get(failures.size() - 1));
                }
                if ((i + 1) % 5_000 == 0) {
                    System.out.printf(
                            "SqlDifferentialTest: seed %d: %d queries so far, %d failed, %.1f s%n",
                            seed, i + 1, failed, (System.nanoTime() - start) / 1e9);
                }
            }
        }
        System.out.printf(
                "SqlDifferentialTest: seed %d: %d queries, %d SQL + %d DSL + %d scalar-DSL answers checked, "
                        + "%d failed, %.1f s (DuckDB %.1f s, zdbc and comparison %.1f s; %.1f s of CPU)%n",
                seed,
                only < 0 ? queries : 1,
                checked[0],
                checked[1],
                checked[2],
                failed,
                (System.nanoTime() - start) / 1e9,
                duckNanos / 1e9,
                zdbcNanos / 1e9,
                ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
        assertTrue(
                failures.isEmpty(),
                failed + " queries differ (seed " + seed + "), the first " + failures.size() + ":\n"
                        + String.join("\n", failures));
    }

    interface Run {
        Result get();
    }

    interface Columns {
        int[] of(Result r);
    }

    private static void check(
            String how,
            Run run,
            Columns columns,
            DiffQuery q,
            Comparison want,
            List<String> why,
            int[] checked,
            int slot) {
        Result r;
        try {
            r = run.get();
        } catch (RuntimeException e) {
            why.add(how + " failed: " + e);
            return;
        }
        if (how.equals("SQL") && !r.names().equals(q.columns())) {
            why.add("SQL names the columns " + r.names() + ", expected " + q.columns());
            return;
        }
        String diff = want.check(Comparison.rows(r, columns.of(r)));
        if (diff != null) {
            why.add(how + ": " + diff + "\n    zdbc answered " + abbreviated(r));
        }
        checked[slot]++;
    }

    private static String abbreviated(Result r) {
        String s = r.toString().replace("\n", " | ");
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    private static int[] sqlColumns(DiffQuery q, Result r) {
        int[] c = new int[q.columns().size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = i;
        }
        return c;
    }

    private static int[] dslColumns(DiffQuery q, Result r) {
        if (q.star()) {
            return DiffTable.COLUMNS.stream().mapToInt(r::index).toArray();
        }
        int[] c = new int[q.items().size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.index(Render.dslName(q, i));
        }
        return c;
    }

    private static DatabaseServiceImpl scalarKernels() {
        return new DatabaseServiceImpl(
                ServiceLoader.load(StorageFormat.class).findFirst().orElseThrow(),
                ServiceLoader.load(ColumnIO.class).findFirst().orElseThrow(),
                ScalarKernels::new);
    }
}
