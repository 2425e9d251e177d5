package io.zdbc.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The trades query table printed after a run that measured {@link TradesQueryBenchmark}: every
 * zdbc figure with its ratio to DuckDB ({@link TradesPeerBenchmark}) and to Polars lazy (the JSON
 * of {@code polars_bench.py}, read from {@code $ZDBC_POLARS_RESULT} if set), its scan rate as a
 * share of the same-run bandwidth baseline, and the targets.
 */
final class QuerySummary {
    /** The Polars JSON file, written by polars_bench.py --out (run-queries.sh sets it). */
    static final String POLARS_ENV = "ZDBC_POLARS_RESULT";

    private QuerySummary() {}

    /** One query: its zdbc benchmark methods, its peers' names and bytes scanned a row. */
    private record Query(
            String label,
            String cold,
            String cached,
            String kernel,
            String duckdb,
            String polars,
            String bandwidth,
            long rowBytes) {}

    private static final List<Query> QUERIES = List.of(
            new Query(
                    "VWAP",
                    "vwapCold",
                    "vwapCached",
                    "kernelVwap",
                    "duckdbVwap",
                    "vwap",
                    "bandwidthVwap",
                    TradesTable.VWAP_ROW_BYTES),
            new Query(
                    "filter+sum",
                    "filterSumCold",
                    "filterSumCached",
                    "kernelFilterSum",
                    "duckdbFilterSum",
                    "filter_sum",
                    "bandwidthFilterSum",
                    TradesTable.FILTER_SUM_ROW_BYTES),
            new Query("COUNT(*)", "countCold", "countCached", "countMetadata", "duckdbCount", "count", null, 0),
            new Query("get column", null, null, "getColumn", "duckdbGetColumn", "get_column", null, 0));

    static void print(List<BenchmarkMain.Row> rows, PrintStream out) {
        List<BenchmarkMain.Row> zdbc = new ArrayList<>();
        for (BenchmarkMain.Row r : rows) {
            if (r.clazz().equals("TradesQueryBenchmark")) {
                zdbc.add(r);
            }
        }
        if (zdbc.isEmpty()) {
            return;
        }
        Map<String, Map<String, Double>> polars = new LinkedHashMap<>();
        String polarsNote = readPolars(polars);
        TreeSet<Long> sizes = new TreeSet<>();
        TreeSet<String> kernels = new TreeSet<>();
        for (BenchmarkMain.Row r : zdbc) {
            sizes.add(r.param("rows"));
            kernels.add(r.params().get("kernels"));
        }
        out.println();
        out.println("trades query workload: trades(sym str, price f64, volume i64), sym uniform over 4 symbols"
                + " ('AAPL' ~1/4), filter sym = 'AAPL' AND price > 15000 (~1/8 of rows)");
        out.println("zdbc SIMD kernels on " + Math.min(8, Runtime.getRuntime().availableProcessors())
                + " threads from 32K rows (zdbc.kernels.threads), bandwidth baseline one thread; DuckDB JDBC prepared statements, default threads, the faster of in-memory"
                + " and file; " + polarsNote);
        out.println("ratios: peer time / zdbc time, \"N.N× faster\" = zdbc faster; % bw = same-run heap-scan"
                + " baseline time / zdbc time (same bytes)");
        for (long n : sizes) {
            out.println();
            out.println(String.format(Locale.ROOT, "rows = %,d", n));
            out.println(String.format(
                    Locale.ROOT,
                    "  %-11s %-20s %11s %16s %16s %7s %6s  %s",
                    "query",
                    "zdbc path",
                    "time",
                    "vs DuckDB",
                    "vs Polars",
                    "GB/s",
                    "% bw",
                    "targets"));
            for (Query q : QUERIES) {
                Double duck = time(rows, "TradesPeerBenchmark", q.duckdb(), n, null);
                Double pol = polars.getOrDefault(Long.toString(n), Map.of()).get(q.polars());
                Double bw = q.bandwidth() == null ? null : time(rows, "TradesPeerBenchmark", q.bandwidth(), n, null);
                boolean kernelParam = q.kernel().startsWith("kernel");
                for (String k : kernels) {
                    String[][] paths = {
                        {q.cold(), "DSL cold"},
                        {q.cached(), "DSL cached"},
                        {
                            q.kernel(),
                            kernelParam
                                    ? "kernel"
                                    : q.kernel().equals("getColumn") ? "db.column+close" : "db.count (metadata)"
                        }
                    };
                    for (String[] p : paths) {
                        if (p[0] == null) {
                            continue;
                        }
                        // Only the kernel rows of COUNT and get column would repeat per kernel implementation.
                        boolean perKernel = q.rowBytes() > 0;
                        if (!perKernel && !k.equals(kernels.first())) {
                            continue;
                        }
                        Double t = time(rows, "TradesQueryBenchmark", p[0], n, k);
                        if (t == null) {
                            continue;
                        }
                        String label = perKernel ? p[1] + " [" + k + "]" : p[1];
                        // A cached answer scans nothing: no rate for it.
                        boolean scans = q.rowBytes() > 0 && !p[1].equals("DSL cached");
                        String gbs = !scans ? "" : String.format(Locale.ROOT, "%.2f", n * q.rowBytes() / 1e9 / t);
                        String pct = !scans || bw == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * bw / t);
                        String targets = p[1].startsWith("DSL") || q.label().equals("COUNT(*)")
                                ? targets(q, n, t, duck, pol, scans ? bw : null)
                                : "";
                        out.println(String.format(
                                        Locale.ROOT,
                                        "  %-11s %-20s %11s %16s %16s %7s %6s  %s",
                                        q.label(),
                                        label,
                                        time(t),
                                        ratio(duck, t),
                                        ratio(pol, t),
                                        gbs,
                                        pct,
                                        targets)
                                .stripTrailing());
                    }
                }
            }
            StringBuilder peers = new StringBuilder("  peers:");
            for (Query q : QUERIES) {
                Double pol = polars.getOrDefault(Long.toString(n), Map.of()).get(q.polars());
                peers.append(String.format(
                        Locale.ROOT,
                        "%n    %-11s DuckDB %s; Polars %s",
                        q.label(),
                        duckdbTimes(rows, q.duckdb(), n),
                        pol == null ? "-" : time(pol)));
            }
            out.println(peers);
            Double pf = polars.getOrDefault(Long.toString(n), Map.of()).get("filter_sum_string");
            Double po = polars.getOrDefault(Long.toString(n), Map.of()).get("open_column");
            StringBuilder base = new StringBuilder("  baseline:");
            for (Query q : QUERIES) {
                if (q.bandwidth() != null) {
                    Double bw = time(rows, "TradesPeerBenchmark", q.bandwidth(), n, null);
                    if (bw != null) {
                        base.append(String.format(
                                Locale.ROOT,
                                " %d B/row %s = %.2f GB/s;",
                                q.rowBytes(),
                                time(bw),
                                n * q.rowBytes() / 1e9 / bw));
                    }
                }
            }
            if (pf != null) {
                base.append(" Polars filter+sum with String sym ")
                        .append(time(pf))
                        .append(';');
            }
            if (po != null) {
                base.append(" Polars memmap+Series of a column ").append(time(po));
            }
            out.println(base);
        }
    }

    /** The targets that apply to this figure: "met"/"MISSED" each ({@code bw} null: no scan target). */
    private static String targets(Query q, long rows, double t, Double duck, Double pol, Double bw) {
        List<String> l = new ArrayList<>();
        if (rows >= 10_000_000L && bw != null) {
            l.add(check(bw / t >= 0.8, "≥80% bw"));
        }
        if (rows == 100_000L) {
            switch (q.label()) {
                case "VWAP":
                    l.add(check(pol, t, 8, "Polars"));
                    l.add(check(duck, t, 5, "DuckDB"));
                    break;
                case "filter+sum":
                    l.add(check(pol, t, 3, "Polars"));
                    l.add(check(duck, t, 5, "DuckDB"));
                    break;
                case "COUNT(*)":
                    l.add(check(pol, t, 75, "Polars"));
                    l.add(check(t <= 100e-9, "≤100 ns"));
                    break;
                default:
                    break;
            }
        }
        l.removeIf(s -> s == null);
        return String.join(", ", l);
    }

    private static String check(Double peer, double t, double factor, String who) {
        return peer == null ? null : check(peer / t >= factor, String.format(Locale.ROOT, "≥%.0f× %s", factor, who));
    }

    private static String check(boolean met, String what) {
        return what + (met ? " met" : " MISSED");
    }

    /**
     * Seconds per op of {@code clazz.method} at {@code rows} (and kernels, if given), or null; the
     * least of several (DuckDB in memory and from a file).
     */
    private static Double time(List<BenchmarkMain.Row> rows, String clazz, String method, long n, String kernels) {
        if (method == null) {
            return null;
        }
        Double best = null;
        for (BenchmarkMain.Row r : rows) {
            if (r.clazz().equals(clazz)
                    && r.method().equals(method)
                    && r.param("rows") == n
                    && (kernels == null || kernels.equals(r.params().get("kernels")))) {
                best = best == null ? r.sec() : Math.min(best, r.sec());
            }
        }
        return best;
    }

    /** DuckDB's times by storage, e.g. "mem 1.2 ms / file 0.9 ms". */
    private static String duckdbTimes(List<BenchmarkMain.Row> rows, String method, long n) {
        List<String> l = new ArrayList<>();
        for (BenchmarkMain.Row r : rows) {
            if (r.clazz().equals("TradesPeerBenchmark") && r.method().equals(method) && r.param("rows") == n) {
                String storage = r.params().getOrDefault("duckdbStorage", "");
                l.add((storage.equals("memory") ? "mem" : storage) + " " + time(r.sec()));
            }
        }
        return l.isEmpty() ? "-" : String.join(" / ", l);
    }

    private static String ratio(Double peer, double t) {
        if (peer == null) {
            return "";
        }
        double r = peer / t;
        return r >= 1
                ? String.format(Locale.ROOT, "%s× faster", num(r))
                : String.format(Locale.ROOT, "%s× slower", num(1 / r));
    }

    private static String num(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    static String time(double sec) {
        if (sec < 1e-6) {
            return String.format(Locale.ROOT, "%.1f ns", sec * 1e9);
        }
        if (sec < 1e-3) {
            return String.format(Locale.ROOT, "%.2f µs", sec * 1e6);
        }
        return String.format(Locale.ROOT, "%.3f ms", sec * 1e3);
    }

    /** Fills rows → query → seconds from the Polars JSON; returns a note for the header. */
    @SuppressWarnings("unchecked")
    private static String readPolars(Map<String, Map<String, Double>> into) {
        String file = System.getenv(POLARS_ENV);
        if (file == null || file.isEmpty()) {
            return "Polars: not run (set " + POLARS_ENV + ", or use run-queries.sh)";
        }
        try {
            Map<String, Object> j =
                    (Map<String, Object>) Json.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            for (Object o : (List<Object>) j.get("results")) {
                Map<String, Object> r = (Map<String, Object>) o;
                Map<String, Double> secs = new LinkedHashMap<>();
                ((Map<String, Object>) r.get("seconds")).forEach((k, v) -> secs.put(k, (Double) v));
                into.put(Long.toString(((Double) r.get("rows")).longValue()), secs);
            }
            return "Polars " + j.get("polars") + " lazy, " + ((Double) j.get("threads")).intValue()
                    + " threads, sym Categorical, min of timeit repeats";
        } catch (IOException | RuntimeException e) {
            return "Polars: could not read " + file + " (" + e + ")";
        }
    }
}
