package io.zdbc.bench;

import io.zdbc.api.Durability;
import io.zdbc.benchdata.PlayersTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code zdbc bench}: the storage-format comparison. See {@code --help} and benchmarks/README.md. */
@Command(
        name = "zdbc bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 110,
        version = "zdbc bench 0.1.0-SNAPSHOT",
        description = {
            "Compares zdbc's column files with Feather, Parquet, CSV and DuckDB on the players table",
            "(id i64 = 0..n-1, name str = \"name\" + i%%1000, score f64 random with a fixed seed,",
            "active i64 0/1, category str one of 10 words), generated once in memory per size and",
            "written by every format from the same arrays. Each format uses its own Java library",
            "directly, as its documentation recommends (not zdbc's connectors).",
            "",
            "Operations (each gives the same kind of result for every format):",
            "  write        arrays -> files: writer open, encode, close. zdbc FAST does not fsync,",
            "               zdbc DURABLE fsyncs every file; Feather/Parquet/CSV do not fsync (their",
            "               libraries' default); DuckDB checkpoints (and fsyncs) when the connection closes.",
            "  size         bytes of every file the format wrote.",
            "  read all     open + all 5 columns in ready-to-query form: zdbc = db.read views (zero-copy",
            "               mmap, pages fault in later, when a query touches them); Feather = record",
            "               batch loaded in a VectorSchemaRoot; Parquet and CSV = decoded into arrays;",
            "               DuckDB = its table is already queryable, so this is a SELECT * fetched",
            "               through JDBC into arrays. Closing is not timed.",
            "  read 1 col   the same for column id; read 2 cols: id and score.",
            "  materialize  open + all 5 columns copied into long[]/double[]/String[] + close (checked",
            "               against the generated arrays). Where read all already yields exactly those",
            "               arrays (Parquet, CSV, DuckDB) the figure is read all's, marked '='.",
            "  open+scan    open + sum(id), sum(score), sum(active) over every row + close. The sums",
            "               of all formats must agree (integers exactly, score to 1e-9): else exit 1.",
            "",
            "Method: first an untimed JIT warm-up of every format (--jit-warmup-ms); then per cell,",
            "warm-up runs (at least --warmup; then up to 200 until --warmup-ms pass) and the median of",
            "--runs timed runs (fewer, but at least 3, once a cell has used --max-cell-seconds). One",
            "JVM, one thread driving (DuckDB uses its default threads). In --cold mode the format's",
            "files are evicted from the page cache before every timed and warm-up read run.",
            "Figures are comparable only within one run on one quiet machine.",
            "",
            "Output: one table per size on stdout, each figure with its ratio to zdbc FAST (for",
            "times: the format's time / zdbc FAST's, so 27.1x means zdbc FAST is 27.1 times faster;",
            "for size: the format's bytes / zdbc's), PASS/MISS lines for the targets, and in --out:",
            "results.csv, results.json (machine, JDK, date, every cell with every run) and",
            "chart-<rows>.png (grouped bars, log scale). Progress goes to stderr when on a terminal.",
            "",
            "Formats (ids for --formats): zdbc-fast, zdbc-durable, feather, feather-zstd,",
            "parquet-none, parquet-snappy, parquet-zstd, csv, duckdb, duckdb-parquet.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  ./zdbc bench --rows 10000              # 30-45 s on 2 cores",
            "  ./zdbc bench                           # 10^4 and 10^7 rows: ~10 min on 2 busy cores",
            "  ./zdbc bench --rows 1000000 --formats zdbc-fast,feather,parquet-snappy --runs 9",
            "  ./zdbc bench --cold --work /mnt/nvme   # page cache dropped before every read run",
            "JVM options: ZDBC_JAVA_OPTS (e.g. -Xmx8g; the launcher gives the bench -Xmx6g)."
        })
public final class BenchMain implements Callable<Integer> {
    @Option(
            names = "--rows",
            split = ",",
            paramLabel = "N",
            description = "Table sizes, comma-separated (default: ${DEFAULT-VALUE}). '_' and 1e7 accepted.",
            defaultValue = "10000,10000000")
    List<String> rowSpecs;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "5",
            description = "Timed runs per cell; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "1",
            description = "Minimum warm-up runs per cell (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--warmup-ms",
            paramLabel = "MS",
            defaultValue = "500",
            description = "After those, keep warming up a cell until it has had " + WARMUP_RUNS + " warm-up runs or "
                    + "this much time has passed (default: ${DEFAULT-VALUE}): the JIT needs many runs of the small "
                    + "sizes' code paths before their times settle.")
    long warmupMs;

    @Option(
            names = "--jit-warmup-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "Before any timing, run every operation of every format on a 10,000-row table for "
                    + "this long per format, untimed, so the format measured first is not measured on a cold JIT "
                    + "(default: ${DEFAULT-VALUE}; 0 = off).")
    long jitWarmupMs;

    @Option(
            names = "--max-cell-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description = "Stop timing a cell after this many seconds once it has 3 runs (default: ${DEFAULT-VALUE}).")
    double maxCellSeconds;

    @Option(
            names = "--formats",
            split = ",",
            paramLabel = "ID",
            description = "Only these formats (zdbc-fast is always included: it is the reference).")
    List<String> formatIds;

    @Option(
            names = "--cold",
            description = "Drop the format's files from the page cache before every read run "
                    + "(drop_caches if permitted, else posix_fadvise via python3; reported).")
    boolean cold;

    @Option(
            names = "--cold-method",
            paramLabel = "M",
            defaultValue = "auto",
            description = "auto, drop_caches or fadvise (default: ${DEFAULT-VALUE}).")
    String coldMethod;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "bench-results",
            description = "Where results.csv, results.json and the charts go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Where the files are written (a temporary directory inside it, deleted at the end; "
                    + "default: the system temp dir). Put it on the disk you want to measure.")
    Path work;

    @Option(
            names = "--progress",
            negatable = true,
            description = "Progress on stderr (default: only when attached to a terminal).")
    Boolean progress;

    static final int WARMUP_RUNS = 200;
    /** The columns of the "read 1 column" and "read 2 columns" operations. */
    static final List<String> ONE = List.of("id");

    static final List<String> TWO = List.of("id", "score");

    private PrintStream log;
    private boolean terminal;
    private boolean failed;
    private final List<Cell> cells = new ArrayList<>();
    private Cold coldMode = Cold.none();

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code (0 ok, 1 a wrong answer or an error, 2 usage). */
    public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        BenchMain m = new BenchMain();
        m.stdout = stdout;
        m.stderr = stderr;
        CommandLine cl = new CommandLine(m);
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    private PrintStream stdout = System.out;
    private PrintStream stderr = System.err;

    @Override
    public Integer call() {
        return execute(stdout, stderr);
    }

    static int parseRows(String s) {
        String t = s.trim().replace("_", "");
        double v = t.toLowerCase(Locale.ROOT).contains("e") ? Double.parseDouble(t) : Long.parseLong(t);
        if (v < 1 || v > Integer.MAX_VALUE - 8 || v != Math.rint(v)) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchMain()), "--rows: bad size " + s);
        }
        return (int) v;
    }

    static List<Format> allFormats() {
        return List.of(
                new ZdbcFormat(Durability.FAST),
                new ZdbcFormat(Durability.DURABLE),
                new ZdbcOpenFormat(),
                new FeatherFormat(false),
                new FeatherFormat(true),
                new ParquetFormat(CompressionCodecName.UNCOMPRESSED),
                new ParquetFormat(CompressionCodecName.SNAPPY),
                new ParquetFormat(CompressionCodecName.ZSTD),
                new CsvFormat(),
                new DuckDbFormat(false),
                new DuckDbFormat(true));
    }

    int execute(PrintStream stdout, PrintStream stderr) {
        terminal = System.console() != null;
        boolean showProgress = progress != null ? progress : terminal;
        log = showProgress ? stderr : new PrintStream(OutputStream.nullOutputStream());
        List<Integer> sizes = new ArrayList<>();
        List<Format> formats = new ArrayList<>();
        try {
            for (String s : rowSpecs) {
                sizes.add(parseRows(s));
            }
            if (runs < 1 || warmup < 0) {
                throw new IllegalArgumentException("--runs must be >= 1 and --warmup >= 0");
            }
            for (Format f : allFormats()) {
                if (formatIds == null || formatIds.contains(f.id()) || f.id().equals("zdbc-fast")) {
                    formats.add(f);
                }
            }
            if (formatIds != null) {
                for (String id : formatIds) {
                    if (allFormats().stream().noneMatch(f -> f.id().equals(id))) {
                        throw new IllegalArgumentException("--formats: unknown format '" + id + "' (see --help)");
                    }
                }
            }
        } catch (RuntimeException e) {
            stderr.println("zdbc bench: " + e.getMessage());
            return 2;
        }
        Path base = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"));
        Path tmp;
        try {
            Files.createDirectories(base);
            tmp = Files.createTempDirectory(base, "zdbc-bench-");
        } catch (IOException e) {
            stderr.println("zdbc bench: cannot create a work directory in " + base + ": " + e.getMessage());
            return 1;
        }
        Path tmpDir = tmp;
        Thread cleanup = new Thread(() -> BenchFiles.deleteTree(tmpDir), "zdbc-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C leaves no files behind
        Report report = new Report(sizes, runs, warmup, formats);
        try {
            if (cold) {
                coldMode = Cold.detect(coldMethod, tmp);
                stderr.println("zdbc bench: cold mode: " + coldMode.describe());
            }
            report.coldMode = coldMode.describe();
            report.workDir = tmp.toString();
            if (jitWarmupMs > 0) {
                jitWarmup(
                        formats,
                        Math.min(10_000, sizes.stream().min(Integer::compare).orElse(10_000)),
                        tmp.resolve("jit-warmup"));
            }
            for (int si = 0; si < sizes.size(); si++) {
                int rows = sizes.get(si);
                log.printf(Locale.ROOT, "[size %d/%d] generating %,d rows%n", si + 1, sizes.size(), rows);
                PlayersTable data = new PlayersTable(rows);
                Path sizeDir = tmp.resolve(Integer.toString(rows));
                for (Format f : formats) {
                    runFormat(f, data, sizeDir.resolve(f.id()));
                }
                BenchFiles.deleteTree(sizeDir);
                report.cells = cells;
                stdout.print(report.table(rows));
                stdout.flush();
            }
            report.cells = cells;
            Files.createDirectories(out);
            report.writeCsv(out.resolve("results.csv"));
            report.writeJson(out.resolve("results.json"));
            for (int rows : sizes) {
                ReportChart.write(report, rows, out.resolve("chart-" + rows + ".png"));
            }
            stdout.print(report.targets());
            stdout.println("Results: " + out.resolve("results.csv") + ", " + out.resolve("results.json") + ", "
                    + out.resolve("chart-<rows>.png"));
            failed |= report.wrong;
        } catch (IOException e) {
            stderr.println("zdbc bench: writing results: " + e.getMessage());
            failed = true;
        } finally {
            BenchFiles.deleteTree(tmp);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        for (Cell c : cells) {
            if (!c.ok()) {
                stderr.println("zdbc bench: FAILED " + c.format().name() + " " + c.op().label + " at " + c.rows()
                        + " rows: " + c.note());
            }
        }
        return failed ? 1 : 0;
    }

    /**
     * Untimed: every operation of every format on a small table, so that the JIT has compiled the
     * shared code (zdbc, Arrow, Parquet, FastCSV, JDBC, java.nio) before any cell is timed and the
     * format measured first is not penalised.
     */
    private void jitWarmup(List<Format> formats, int rows, Path dir) {
        log.printf(
                Locale.ROOT,
                "JIT warm-up: every operation of every format on %,d rows (%d ms each)%n",
                rows,
                jitWarmupMs);
        PlayersTable data = new PlayersTable(rows);
        for (Format f : formats) {
            Path d = dir.resolve(f.id());
            try {
                long end = System.nanoTime() + jitWarmupMs * 1_000_000L;
                int k = 0;
                do {
                    BenchFiles.clean(d);
                    f.write(data, d);
                    f.load(d, PlayersTable.COLUMNS).close();
                    f.load(d, TWO).close();
                    f.materialize(d);
                    f.scan(d);
                    k++;
                } while (System.nanoTime() < end && k < 50);
            } catch (Exception | Error e) {
                log.printf(Locale.ROOT, "  %s: warm-up failed (%s); measured anyway%n", f.name(), e);
            } finally {
                BenchFiles.deleteTree(d);
            }
        }
        BenchFiles.deleteTree(dir);
    }

    /** All operations of one format at one size; an error fails this format's remaining cells, not the run. */
    private void runFormat(Format f, PlayersTable data, Path dir) {
        Sums sums = Sums.of(data);
        String where = String.format(Locale.ROOT, "%,d rows | %s", data.rows, f.name());
        try {
            Files.createDirectories(dir);
            // write
            if (f.writes()) {
                cells.add(measure(
                        data.rows,
                        f,
                        Op.WRITE,
                        where,
                        () -> {
                            BenchFiles.clean(dir);
                            return null;
                        },
                        () -> {
                            f.write(data, dir);
                            return null;
                        },
                        (r, first) -> {}));
            } else {
                BenchFiles.clean(dir);
                f.write(data, dir);
                cells.add(new Cell(data.rows, f, Op.WRITE, Double.NaN, new double[0], 0, f.writeNote()));
            }
            long bytes = BenchFiles.sizeOf(dir);
            cells.add(new Cell(data.rows, f, Op.SIZE, bytes, new double[] {bytes}, 0, null));
            log.printf(Locale.ROOT, "  %s | size: %s%n", where, Report.bytes(bytes));
            Callable<Object> evict = () -> {
                if (coldMode.active()) {
                    coldMode.evict(dir);
                }
                return null;
            };
            if (coldMode.active()) {
                coldMode.evict(dir);
            }
            Cell all = measure(
                    data.rows,
                    f,
                    Op.READ_ALL,
                    where,
                    evict,
                    () -> f.load(dir, PlayersTable.COLUMNS),
                    (r, first) -> checkLoaded(f, (Format.Loaded) r, data.rows, 5));
            cells.add(all);
            cells.add(measure(
                    data.rows,
                    f,
                    Op.READ_1,
                    where,
                    evict,
                    () -> f.load(dir, ONE),
                    (r, first) -> checkLoaded(f, (Format.Loaded) r, data.rows, 1)));
            cells.add(measure(
                    data.rows,
                    f,
                    Op.READ_2,
                    where,
                    evict,
                    () -> f.load(dir, TWO),
                    (r, first) -> checkLoaded(f, (Format.Loaded) r, data.rows, 2)));
            if (f.loadIsMaterialize()) {
                // Same code path as read all: check the arrays once, report read all's figure.
                if (coldMode.active()) {
                    coldMode.evict(dir);
                }
                f.materialize(dir).check(f.name(), data);
                cells.add(new Cell(data.rows, f, Op.MATERIALIZE, all.value(), all.runs(), all.warmups(), "= read all"));
            } else {
                cells.add(measure(data.rows, f, Op.MATERIALIZE, where, evict, () -> f.materialize(dir), (r, first) -> {
                    if (first) {
                        ((Columns) r).check(f.name(), data);
                    }
                }));
            }
            cells.add(measure(data.rows, f, Op.SCAN, where, evict, () -> f.scan(dir), (r, first) -> {
                Sums s = (Sums) r;
                if (!s.agrees(sums)) {
                    throw new BenchFailure("wrong sums: " + s + ", expected " + sums);
                }
            }));
        } catch (Exception | Error e) {
            failed = true;
            String msg =
                    e instanceof BenchFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            log.printf(Locale.ROOT, "  %s | ERROR %s%n", where, msg);
            for (Op op : Op.values()) {
                boolean done = cells.stream().anyMatch(c -> c.rows() == data.rows && c.format() == f && c.op() == op);
                if (!done) {
                    cells.add(new Cell(data.rows, f, op, Double.NaN, new double[0], 0, "ERROR " + msg));
                }
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static void checkLoaded(Format f, Format.Loaded l, int rows, int columns) {
        if (l.rows() != rows || l.columns() != columns) {
            throw new BenchFailure(f.name() + ": loaded " + l.rows() + " rows x " + l.columns() + " columns, expected "
                    + rows + " x " + columns);
        }
    }

    interface Check {
        void accept(Object result, boolean first) throws Exception;
    }

    /**
     * Warm-up runs then timed runs of {@code op}; {@code before} runs untimed before each, the
     * check and closing a {@link Format.Loaded} untimed after each.
     */
    private Cell measure(
            int rows, Format f, Op what, String where, Callable<Object> before, Callable<Object> op, Check check)
            throws Exception {
        System.gc();
        long start = System.nanoTime();
        int w = 0;
        boolean first = true;
        while (w < warmup || (System.nanoTime() - start < warmupMs * 1_000_000L && w < WARMUP_RUNS)) {
            before.call();
            Object r = op.call();
            finish(r, check, first);
            first = false;
            w++;
        }
        long timedStart = System.nanoTime();
        double[] times = new double[runs];
        int n = 0;
        while (n < runs) {
            if (terminal) {
                log.printf(Locale.ROOT, "\r  %s | %s: run %d/%d   ", where, what.label, n + 1, runs);
            }
            before.call();
            long t0 = System.nanoTime();
            Object r = op.call();
            long t1 = System.nanoTime();
            finish(r, check, first);
            first = false;
            times[n++] = t1 - t0;
            if (n >= 3 && (System.nanoTime() - timedStart) / 1e9 > maxCellSeconds) {
                break;
            }
        }
        times = Arrays.copyOf(times, n);
        double median = median(times);
        log.printf(
                Locale.ROOT,
                (terminal ? "\r" : "") + "  %s | %s: %s (median of %d)%n",
                where,
                what.label,
                Report.time(median),
                n);
        return new Cell(rows, f, what, median, times, w, null);
    }

    private static void finish(Object r, Check check, boolean first) throws Exception {
        try {
            check.accept(r, first);
        } finally {
            if (r instanceof Format.Loaded) {
                ((Format.Loaded) r).close();
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
