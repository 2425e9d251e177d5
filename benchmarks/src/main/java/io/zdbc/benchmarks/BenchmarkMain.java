package io.zdbc.benchmarks;

import io.zdbc.benchdata.PlayersTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The uber jar's entry point: JMH's command line, plus
 * <ul>
 * <li>the JVM flags zdbc needs to map files (the root pom's {@code zdbc.jvm.flags}, filtered into
 *     {@code zdbc-jvm.flags} at build time), appended to every fork's command line, after any
 *     {@code -jvmArgsAppend} given here;</li>
 * <li>a summary after the run: derived GB/s and M rows/s, ratios to the same-run peers, targets;
 *     for the query benchmarks a table with DuckDB, Polars and bandwidth ratios ({@link QuerySummary}).</li>
 * </ul>
 * {@code -h}, {@code -l}, {@code -lp}, {@code -lprof}, {@code -lrf} go straight to JMH;
 * {@code --zdbc-jvm-flags} alone prints those flags.
 */
public final class BenchmarkMain {
    private static final double GB = 1e9;

    private BenchmarkMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--zdbc-jvm-flags")) {
            // For scripts that start other mains of this jar (run-queries.sh: TradesTable).
            System.out.println(String.join(" ", zdbcJvmFlags()));
            return;
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp()
                || cmd.shouldList()
                || cmd.shouldListWithParams()
                || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        List<String> append = new ArrayList<>();
        if (cmd.getJvmArgsAppend().hasValue()) {
            append.addAll(cmd.getJvmArgsAppend().get());
        }
        append.addAll(zdbcJvmFlags());
        Options options = new OptionsBuilder()
                .parent(cmd)
                .jvmArgsAppend(append.toArray(new String[0]))
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            System.err.println("ERROR: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        summarize(results, System.out);
    }

    static List<String> zdbcJvmFlags() throws IOException {
        try (InputStream in = BenchmarkMain.class.getResourceAsStream("/zdbc-jvm.flags")) {
            if (in == null) {
                throw new IOException("zdbc-jvm.flags missing from the class path");
            }
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (s.contains("${")) {
                throw new IOException("zdbc-jvm.flags was not filtered by the build: " + s);
            }
            return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
        }
    }

    // ------------------------------------------------------------------ summary

    /** One measured benchmark: seconds per op with its error, by name and params. */
    record Row(String clazz, String method, Map<String, String> params, double sec, double secErr, Result<?> result) {
        String key() {
            return clazz + " " + params;
        }

        String label() {
            StringBuilder b = new StringBuilder(clazz.replace("Benchmark", "") + "." + method);
            params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            return b.toString();
        }

        long param(String name) {
            return Long.parseLong(params.get(name));
        }
    }

    static void summarize(Collection<RunResult> results, PrintStream out) {
        List<Row> rows = new ArrayList<>();
        for (RunResult rr : results) {
            BenchmarkParams p = rr.getParams();
            String full = p.getBenchmark();
            int dot = full.lastIndexOf('.');
            String clazz = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            for (String k : p.getParamsKeys()) {
                params.put(k, p.getParam(k));
            }
            Result<?> r = rr.getPrimaryResult();
            double[] sec = secondsPerOp(r.getScore(), r.getScoreError(), r.getScoreUnit());
            rows.add(new Row(clazz, full.substring(dot + 1), params, sec[0], sec[1], r));
        }
        out.println();
        out.println("zdbc benchmark summary (GB = 1e9 bytes; table bytes = rows x 5 columns x 8 bytes;"
                + " ratios are zdbc time / peer time, 1.00x = as fast as the peer)");
        for (Row row : rows) {
            if (row.clazz().startsWith("Trades")) {
                continue; // in the query table below
            }
            Result<?> r = row.result();
            StringBuilder line = new StringBuilder(String.format(
                    Locale.ROOT,
                    "  %-58s %16s %s",
                    row.label(),
                    fmt(r.getScore()) + " ± " + fmt(r.getScoreError()),
                    r.getScoreUnit()));
            String peer = null;
            switch (row.clazz()) {
                case "OpenViewsBenchmark":
                    if (row.method().equals("openViews")) {
                        target(line, row.sec() * 1e6 <= 50, "≤ 50 µs");
                    } else {
                        line.append("  (cold path: Database open + 5 mmap/munmap + close)");
                    }
                    break;
                case "MaterializeBenchmark":
                    rate(line, row, PlayersTable.bytes(row.param("rows")) / GB, "GB/s");
                    peer = row.method().equals("materializeAll")
                            ? "peerHeapDecode"
                            : row.method().equals("copyAll") ? "peerHeapCopy" : null;
                    break;
                case "WriteBenchmark":
                    rate(line, row, PlayersTable.bytes(row.param("rows")) / GB, "GB/s");
                    if (row.method().equals("write")) {
                        peer = "peerChannelFromHeap";
                        if ("FAST".equals(row.params().get("durability"))) {
                            target(line, PlayersTable.bytes(row.param("rows")) / GB / row.sec() >= 1, "≥ 1 GB/s");
                        }
                    }
                    break;
                case "AppendBenchmark":
                    rate(line, row, row.param("batchRows") / 1e6, "M rows/s");
                    if (row.method().equals("append")) {
                        peer = "peerChannelAppend";
                        if ("FAST".equals(row.params().get("durability"))) {
                            target(line, row.param("batchRows") / 1e6 / row.sec() >= 5, "≥ 5 M rows/s");
                        }
                    }
                    break;
                default:
                    break;
            }
            if (peer != null) {
                for (Row other : rows) {
                    if (other.method().equals(peer) && other.key().equals(row.key())) {
                        double ratio = row.sec() / other.sec();
                        double rel = Math.hypot(rel(row), rel(other));
                        String err = Double.isNaN(row.secErr()) || Double.isNaN(other.secErr())
                                ? ""
                                : String.format(Locale.ROOT, " ± %.2f", ratio * rel);
                        line.append(String.format(Locale.ROOT, "  %.2fx%s %s", ratio, err, peer));
                    }
                }
            }
            out.println(line);
        }
        QuerySummary.print(rows, out);
    }

    private static double rel(Row r) {
        return Double.isNaN(r.secErr()) ? 0 : r.secErr() / r.sec();
    }

    private static void rate(StringBuilder line, Row row, double workPerOp, String unit) {
        double rate = workPerOp / row.sec();
        String err = Double.isNaN(row.secErr()) ? "" : " ± " + fmt(rate * rel(row));
        line.append(String.format(Locale.ROOT, "  = %s%s %s", fmt(rate), err, unit));
    }

    private static void target(StringBuilder line, boolean met, String target) {
        line.append("  [target ").append(target).append(met ? ": met]" : ": MISSED]");
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 1 ? "%.3f" : "%.4f", v);
    }

    /** {score, error} in seconds per operation, from a JMH time-per-op or ops-per-time unit. */
    static double[] secondsPerOp(double score, double error, String unit) {
        String[] parts = unit.split("/");
        if (parts.length == 2 && parts[1].equals("op")) {
            double s = unitSeconds(parts[0]);
            return new double[] {score * s, error * s};
        }
        if (parts.length == 2 && parts[0].equals("ops")) {
            double s = unitSeconds(parts[1]);
            double sec = s / score;
            return new double[] {sec, sec * (error / score)};
        }
        throw new IllegalArgumentException("unexpected score unit " + unit);
    }

    private static double unitSeconds(String u) {
        switch (u) {
            case "ns":
                return 1e-9;
            case "us":
            case "µs":
                return 1e-6;
            case "ms":
                return 1e-3;
            case "s":
                return 1;
            case "min":
                return 60;
            default:
                throw new IllegalArgumentException("unexpected time unit " + u);
        }
    }
}
