package io.zdbc.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.zdbc.api.Database;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Connector;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Import and export against DuckDB and Polars / pyarrow on one generated table (id i64, sym str,
 * price f64, volume i64) written once as CSV, Parquet (snappy) and uncompressed Feather:
 * <ul>
 *   <li>import: zdbc's connectors in this JVM (no CLI start-up) into a DURABLE database, against
 *       DuckDB JDBC creating a database file ({@code CREATE TABLE t AS SELECT * FROM read_csv/read_parquet})
 *       and against {@code pl.read_csv} / {@code pq.read_table} in memory; Feather against copying
 *       the file and syncing it;</li>
 *   <li>export of the imported table to CSV and Parquet (snappy), against DuckDB's {@code COPY … TO}
 *       and Polars' {@code write_csv} / {@code write_parquet}.</li>
 * </ul>
 * Every result is checked equal (row count and a sum per column) before a figure is printed;
 * exported files are read back by DuckDB for that. Prints medians, the ratios (peer time / zdbc
 * time: above 1 zdbc is faster) and the targets of the issue.
 *
 * <p>Usage: {@code TransferComparison [--rows 10000000] [--runs 3] [--work DIR] [--python PY]
 * [--script transfer_peers.py]} (with zdbc's JVM flags; {@code benchmarks/run-transfer.sh} runs it).
 */
public final class TransferComparison {
    private final int runs;
    private final Path data;
    private final Path work;
    private final TransferPeers peers;
    private final List<String> lines = new ArrayList<>();
    private int misses;
    private String loadBefore;

    private TransferComparison(int runs, Path data, Path work, TransferPeers peers) {
        this.runs = runs;
        this.data = data;
        this.work = work;
        this.peers = peers;
    }

    public static void main(String[] args) throws Exception {
        compare(args).forEach(System.out::println);
    }

    /** Runs the comparison (arguments as for {@link #main}); the report's lines. */
    static List<String> compare(String[] args) throws Exception {
        long rows = 10_000_000;
        int runs = 3;
        Path base = Path.of(System.getProperty("zdbc.bench.dir", "benchmarks/target/transfer"));
        Path python = Path.of("python3");
        Path script = Path.of("benchmarks/transfer_peers.py");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage("missing value for " + args[i]);
            }
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--work" -> base = Path.of(args[i + 1]);
                case "--python" -> python = Path.of(args[i + 1]);
                case "--script" -> script = Path.of(args[i + 1]);
                default -> usage("unknown option " + args[i]);
            }
        }
        TransferPeers peers = new TransferPeers(python, script);
        Path data = base.toAbsolutePath().resolve("data-" + rows);
        if (!Files.exists(data.resolve("data.feather"))) {
            System.err.println("writing " + rows + " rows as CSV, Parquet and Feather into " + data);
            peers.generate(rows, data);
        }
        Path work = base.toAbsolutePath().resolve("work-" + rows);
        Files2.deleteTree(work);
        Files.createDirectories(work);
        try {
            TransferComparison c = new TransferComparison(runs, data, work, peers);
            c.run(rows);
            return c.lines;
        } finally {
            Files2.deleteTree(work);
        }
    }

    private static void usage(String why) {
        System.err.println("TransferComparison: " + why + "\nusage: TransferComparison [--rows n] [--runs n]"
                + " [--work dir] [--python python] [--script transfer_peers.py]");
        System.exit(2);
    }

    private void run(long rows) throws Exception {
        loadBefore = loadAverage();
        System.err.println("Polars / pyarrow (" + runs + " runs each)");
        Map<String, Object> py = peers.timePython(data, runs);
        Path csv = data.resolve("data.csv");
        Path parquet = data.resolve("data.parquet");
        Path feather = data.resolve("data.feather");
        TransferSums want = TransferSums.of(section(py, "read_csv"));
        TransferSums.of(section(py, "read_parquet")).check("pyarrow read_table", want, "Polars read_csv");
        TransferSums.of(section(py, "write_csv")).check("Polars write_csv", want, "Polars read_csv");
        TransferSums.of(section(py, "write_parquet")).check("Polars write_parquet", want, "Polars read_csv");
        if (want.rows() != rows) {
            throw new IllegalStateException("Polars read " + want.rows() + " rows, not " + rows);
        }

        Path duckCsv = work.resolve("csv.duckdb");
        Path duckParquet = work.resolve("parquet.duckdb");
        try (Database db = Zdbc.open(work.resolve("db"), OpenOptions.defaults())) {
            System.err.println("imports (" + runs + " runs each)");
            Timing zCsv = timeImport(db, "csv", csv, want);
            Timing dCsv = time(() -> TransferPeers.duckImport(duckCsv, "read_csv(" + TransferPeers.quote(csv) + ")"));
            checkDuck(duckCsv, "t", want, "DuckDB CSV import");
            Timing zParquet = timeImport(db, "parquet", parquet, want);
            Timing dParquet = time(
                    () -> TransferPeers.duckImport(duckParquet, "read_parquet(" + TransferPeers.quote(parquet) + ")"));
            checkDuck(duckParquet, "t", want, "DuckDB Parquet import");
            Timing zFeather = timeImport(db, "feather", feather, want);
            Path copy = work.resolve("copy.feather");
            Timing copyTime = time(() -> TransferPeers.copyAndSync(feather, copy));
            Files.delete(copy);

            System.err.println("exports (" + runs + " runs each)");
            Path zOutCsv = work.resolve("zdbc-out.csv");
            Path zOutParquet = work.resolve("zdbc-out.parquet");
            Path dOutCsv = work.resolve("duck-out.csv");
            Path dOutParquet = work.resolve("duck-out.parquet");
            Timing zExCsv = timeExport(db, "csv", zOutCsv);
            Timing zExParquet = timeExport(db, "parquet", zOutParquet);
            Timing dExCsv;
            Timing dExParquet;
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + duckCsv)) {
                dExCsv = time(() -> TransferPeers.duckExport(duck, dOutCsv, "HEADER, DELIMITER ','"));
                dExParquet =
                        time(() -> TransferPeers.duckExport(duck, dOutParquet, "FORMAT PARQUET, COMPRESSION SNAPPY"));
            }
            checkDuck(null, "read_csv(" + TransferPeers.quote(zOutCsv) + ")", want, "zdbc CSV export");
            checkDuck(null, "read_parquet(" + TransferPeers.quote(zOutParquet) + ")", want, "zdbc Parquet export");
            checkDuck(null, "read_csv(" + TransferPeers.quote(dOutCsv) + ")", want, "DuckDB CSV export");
            checkDuck(null, "read_parquet(" + TransferPeers.quote(dOutParquet) + ")", want, "DuckDB Parquet export");

            header(rows, py);
            row("CSV import", zCsv, dCsv, 1.5, seconds(py, "read_csv"), "Polars read_csv", 0.7);
            row("Parquet import", zParquet, dParquet, 1.5, seconds(py, "read_parquet"), "pyarrow read_table", 0.5);
            row("Feather import", zFeather, null, 0, copyTime, "copy + fsync", 0.5);
            row("CSV export", zExCsv, dExCsv, 1.0, seconds(py, "write_csv"), "Polars write_csv", 0);
            row("Parquet export", zExParquet, dExParquet, 1.0, seconds(py, "write_parquet"), "Polars write_parquet", 0);
        }
        lines.add("every result equal (rows, per-column sums): " + want);
        lines.add(misses == 0 ? "all targets met" : misses + " target(s) MISSED");
    }

    /** Median seconds of the zdbc import of {@code file} into table {@code table}, its sums checked. */
    private Timing timeImport(Database db, String table, Path file, TransferSums want) throws Exception {
        Connector c = connector(table);
        Timing t = time(
                () -> {
                    if (db.exists(table)) {
                        db.drop(table);
                    }
                },
                () -> c.importFile(file, db, table, TransferOptions.defaults()));
        try (TableSnapshot snap = db.read(table)) {
            TransferSums.of(snap).check("zdbc " + table + " import", want, "Polars read_csv");
        }
        return t;
    }

    private Timing timeExport(Database db, String format, Path target) throws Exception {
        Connector c = connector(format);
        return time(
                () -> Files.deleteIfExists(target), () -> c.exportTable(db, "csv", target, TransferOptions.defaults()));
    }

    private static Connector connector(String format) {
        for (Connector c : ServiceLoader.load(Connector.class)) {
            if (c.format().equals(format)) {
                return c;
            }
        }
        throw new IllegalStateException("no " + format + " connector on the class path");
    }

    private static void checkDuck(Path file, String relation, TransferSums want, String what) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file))) {
            TransferSums.of(duck, relation).check(what, want, "Polars read_csv");
        }
    }

    /** One operation; throws what it throws. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Medians of the wall-clock and the CPU seconds (every thread of this process) of the runs of an operation. */
    record Timing(double wall, double cpu) {}

    private Timing time(Step op) throws Exception {
        return time(() -> {}, op);
    }

    /** Median seconds of {@code runs} runs of {@code op}, each after an untimed {@code before}. */
    private Timing time(Step before, Step op) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] t = new double[runs];
        double[] cpu = new double[runs];
        for (int r = 0; r < runs; r++) {
            before.run();
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            op.run();
            t[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        return new Timing(t[runs / 2], cpu[runs / 2]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> py, String key) {
        return (Map<String, Object>) py.get(key);
    }

    private static Timing seconds(Map<String, Object> py, String key) {
        Map<String, Object> m = section(py, key);
        return new Timing(((Number) m.get("seconds")).doubleValue(), ((Number) m.get("cpu")).doubleValue());
    }

    private void header(long rows, Map<String, Object> py) {
        lines.add(String.format(
                Locale.ROOT,
                "import/export, %,d rows (id i64, sym str, price f64, volume i64), %d cores, median of %d runs;"
                        + " load average %s; Polars %s, pyarrow %s",
                rows,
                Runtime.getRuntime().availableProcessors(),
                runs,
                loadBefore + " before, " + loadAverage() + " after",
                py.get("polars"),
                py.get("pyarrow")));
        lines.add("ratio = peer time / zdbc time (above 1: zdbc faster); cpu = CPU seconds of every thread, for a"
                + " loaded machine");
        lines.add(String.format(
                Locale.ROOT,
                "%-15s %8s %6s %10s %6s %7s %-11s %-21s %8s %6s %7s %s",
                "operation",
                "zdbc s",
                "cpu",
                "DuckDB s",
                "cpu",
                "ratio",
                "target",
                "peer",
                "peer s",
                "cpu",
                "ratio",
                "target"));
    }

    /** One operation's line; {@code duck} null where DuckDB has no such operation. */
    private void row(
            String op, Timing z, Timing duck, double duckTarget, Timing peer, String peerName, double peerTarget) {
        lines.add(String.format(
                Locale.ROOT,
                "%-15s %8.3f %6.2f %10s %6s %7s %-11s %-21s %8.3f %6.2f %6.2fx %s",
                op,
                z.wall(),
                z.cpu(),
                duck == null ? "-" : String.format(Locale.ROOT, "%.3f", duck.wall()),
                duck == null ? "-" : String.format(Locale.ROOT, "%.2f", duck.cpu()),
                duck == null ? "-" : String.format(Locale.ROOT, "%.2fx", duck.wall() / z.wall()),
                duck == null ? "-" : mark(duck.wall() / z.wall(), duckTarget),
                peerName,
                peer.wall(),
                peer.cpu(),
                peer.wall() / z.wall(),
                mark(peer.wall() / z.wall(), peerTarget)));
    }

    /** The 1, 5 and 15 minute load averages, or "?" off Linux. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** "≥1.5 ok", "≥1.5 MISS", or "-" without a target. */
    private String mark(double ratio, double target) {
        if (target == 0 || Double.isNaN(ratio)) {
            return "-";
        }
        boolean met = ratio >= target;
        misses += met ? 0 : 1;
        return String.format(Locale.ROOT, ">=%s %s", target, met ? "ok" : "MISS");
    }
}
