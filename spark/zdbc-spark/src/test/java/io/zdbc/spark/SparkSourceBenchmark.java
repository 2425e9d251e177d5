package io.zdbc.spark;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The zdbc source against Spark reading the same table exported as Parquet (snappy): a full scan
 * with a sum, a selective filter with a sum, and a group-by, each the median of several runs after
 * a warm-up. Run by spark/zdbc-spark/bench.sh; not a test.
 */
public final class SparkSourceBenchmark {
    private static final String[] QUERIES = {
        "SELECT sum(price) FROM %s",
        "SELECT sum(qty) FROM %s WHERE id BETWEEN 5000000 AND 5009999",
        "SELECT sym, count(*), sum(qty), avg(price) FROM %s GROUP BY sym ORDER BY sym",
    };
    private static final String[] NAMES = {"full scan + sum", "selective filter + sum", "group-by (100 keys)"};

    private SparkSourceBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000L;
        int runs = 5;
        Path dir = Path.of("/dev/shm/zdbc-spark-bench");
        String master = "local[2]";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--master" -> master = args[i + 1];
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + " (options: --rows N, --runs N, --dir PATH, --master URL)");
            }
        }
        Path registry = dir.resolve("db");
        Path parquet = dir.resolve("trades.parquet");
        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName("zdbc-spark-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        if (!hasRows(registry, rows)) {
            System.out.println("writing " + rows + " rows to " + registry + " and " + parquet);
            create(registry, rows);
            spark.read()
                    .format("zdbc")
                    .option("db", registry.toString())
                    .option("table", "trades")
                    .load()
                    .write()
                    .mode("overwrite")
                    .option("compression", "snappy")
                    .parquet(parquet.toString());
        }
        spark.read()
                .format("zdbc")
                .option("db", registry.toString())
                .option("table", "trades")
                .option("rowsPerPartition", Long.toString(Math.max(1, rows / 8)))
                .load()
                .createOrReplaceTempView("z");
        spark.read().parquet(parquet.toString()).createOrReplaceTempView("p");
        System.out.printf(
                "%nSpark %s, %s, %d rows, median of %d runs (ms), load average %.2f%n",
                spark.version(), master, rows, runs, loadAverage());
        System.out.printf("%-24s %10s %10s %8s%n", "query", "zdbc", "parquet", "ratio");
        for (int q = 0; q < QUERIES.length; q++) {
            String zq = String.format(QUERIES[q], "z");
            String pq = String.format(QUERIES[q], "p");
            List<Row> za = spark.sql(zq).collectAsList();
            List<Row> pa = spark.sql(pq).collectAsList();
            check(NAMES[q], za, pa);
            double z = median(spark, zq, runs);
            double p = median(spark, pq, runs);
            System.out.printf("%-24s %10.1f %10.1f %7.2fx%n", NAMES[q], z, p, p / z);
        }
        System.out.printf("load average after: %.2f%n", loadAverage());
        spark.stop();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static boolean hasRows(Path registry, long rows) {
        if (!Files.exists(registry)) {
            return false;
        }
        try (Database db = Zdbc.open(registry)) {
            return db.exists("trades") && db.count("trades") == rows;
        }
    }

    private static double median(SparkSession spark, String sql, int runs) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            spark.sql(sql).collectAsList();
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }

    /** Sums of doubles differ in the last bits between engines that add in a different order. */
    private static void check(String name, List<Row> a, List<Row> b) {
        if (a.size() != b.size()) {
            throw new AssertionError(name + ": " + a.size() + " rows vs " + b.size());
        }
        for (int r = 0; r < a.size(); r++) {
            for (int c = 0; c < a.get(r).length(); c++) {
                Object x = a.get(r).get(c);
                Object y = b.get(r).get(c);
                boolean same = x instanceof Double && y instanceof Double
                        ? Math.abs((Double) x - (Double) y) <= 1e-9 * Math.max(1, Math.abs((Double) x))
                        : String.valueOf(x).equals(String.valueOf(y));
                if (!same) {
                    throw new AssertionError(name + ": row " + r + " column " + c + ": zdbc " + x + ", parquet " + y);
                }
            }
        }
    }

    private static void create(Path registry, long rows) {
        String[] syms = new String[100];
        for (int i = 0; i < syms.length; i++) {
            syms[i] = "S" + i;
        }
        Random rnd = new Random(42);
        int chunk = 1 << 20;
        try (Database db = Zdbc.open(registry)) {
            db.write(
                    "trades",
                    Batch.builder().i64("id").str("sym").f64("price").i64("qty").build());
            for (long start = 0; start < rows; start += chunk) {
                int n = (int) Math.min(chunk, rows - start);
                long[] id = new long[n];
                String[] sym = new String[n];
                double[] price = new double[n];
                long[] qty = new long[n];
                for (int i = 0; i < n; i++) {
                    id[i] = start + i;
                    sym[i] = syms[rnd.nextInt(syms.length)];
                    price[i] = 10 + rnd.nextInt(100_000) / 100.0;
                    qty[i] = 1 + rnd.nextInt(1000);
                }
                db.append(
                        "trades",
                        Batch.builder()
                                .i64("id", id)
                                .str("sym", sym)
                                .f64("price", price)
                                .i64("qty", qty)
                                .build());
            }
        }
    }
}
