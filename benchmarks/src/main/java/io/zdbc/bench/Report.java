package io.zdbc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The stdout tables, the PASS/MISS targets, results.csv, results.json and the charts. */
final class Report {
    static final String REFERENCE = "zdbc-fast";

    final List<Integer> sizes;
    final int runs;
    final int warmup;
    final List<Format> formats;
    final String date = OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    List<Cell> cells = List.of();
    String coldMode = "";
    String workDir = "";
    boolean wrong;

    Report(List<Integer> sizes, int runs, int warmup, List<Format> formats) {
        this.sizes = sizes;
        this.runs = runs;
        this.warmup = warmup;
        this.formats = formats;
    }

    Cell cell(int rows, String formatId, Op op) {
        for (Cell c : cells) {
            if (c.rows() == rows && c.format().id().equals(formatId) && c.op() == op) {
                return c;
            }
        }
        return null;
    }

    /** Format's figure / zdbc FAST's, or NaN. */
    double ratio(Cell c) {
        Cell ref = cell(c.rows(), REFERENCE, c.op());
        if (ref == null || !c.hasValue() || !ref.hasValue() || ref.value() <= 0) {
            return Double.NaN;
        }
        return c.value() / ref.value();
    }

    static String time(double ns) {
        if (Double.isNaN(ns)) {
            return "-";
        }
        if (ns < 1e6) {
            return String.format(Locale.ROOT, ns < 1e4 ? "%.2f µs" : ns < 1e5 ? "%.1f µs" : "%.0f µs", ns / 1e3);
        }
        if (ns < 1e9) {
            return String.format(Locale.ROOT, ns < 1e7 ? "%.2f ms" : ns < 1e8 ? "%.1f ms" : "%.0f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    static String bytes(double b) {
        if (b < 1e3) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        if (b < 1e6) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1e3);
        }
        if (b < 1e9) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }

    static String ratioText(double r) {
        if (Double.isNaN(r)) {
            return "";
        }
        return String.format(Locale.ROOT, r >= 100 ? "(%.0fx)" : r >= 10 ? "(%.1fx)" : "(%.2fx)", r);
    }

    String figure(Cell c) {
        if (c == null) {
            return "-";
        }
        if (!c.hasValue()) {
            return c.note() != null && c.note().startsWith("ERROR") ? "ERROR" : "-";
        }
        String v = c.op() == Op.SIZE ? bytes(c.value()) : time(c.value());
        String mark = c.note() != null && c.note().startsWith("=") ? "=" : "";
        return mark + v + " " + ratioText(ratio(c));
    }

    String table(int rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%nzdbc bench: %,d rows x 5 columns (%s), median of %d timed runs after warm-up; %s%n",
                rows,
                bytes(rows * 40.0) + " of values",
                runs,
                coldMode));
        List<String[]> lines = new ArrayList<>();
        String[] head = new String[Op.values().length + 1];
        head[0] = "format";
        for (Op op : Op.values()) {
            head[op.ordinal() + 1] = op.label;
        }
        lines.add(head);
        for (Format f : formats) {
            String[] l = new String[head.length];
            l[0] = f.name();
            for (Op op : Op.values()) {
                l[op.ordinal() + 1] = figure(cell(rows, f.id(), op));
            }
            lines.add(l);
        }
        int[] width = new int[head.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                sb.append(
                        i == 0
                                ? String.format("%-" + width[i] + "s", l[i])
                                : String.format("  %" + width[i] + "s", l[i]));
            }
            sb.append('\n');
        }
        sb.append("(Nx) = the format's figure / zdbc FAST's: for times, N > 1 means zdbc FAST is N times faster; "
                + "for size, N < 1 means the format's files are smaller. '=' = same code as read all.\n");
        sb.append(
                "zdbc read = views over mmap'ed files: no bytes are read until a query touches them "
                        + "(that cost is in open+scan and materialize). Feather (Arrow Java) loads whole record batches, "
                        + "so reading 1-2 columns costs as much as all. DuckDB reads = SELECT fetched through JDBC into arrays.\n");
        // The sums
        Sums ref = null;
        List<String> bad = new ArrayList<>();
        int agreed = 0;
        for (Cell c : cells) {
            if (c.rows() == rows && c.op() == Op.SCAN) {
                if (c.ok()) {
                    agreed++;
                } else {
                    bad.add(c.format().name() + ": " + c.note());
                }
            }
        }
        long n = rows;
        sb.append(String.format(
                Locale.ROOT,
                "open+scan sums: %d of %d formats agree with the generated data (sum(id) = %d)%s%n",
                agreed,
                formats.size(),
                n * (n - 1) / 2,
                bad.isEmpty() ? "" : "; FAILED: " + String.join("; ", bad)));
        if (!bad.isEmpty()) {
            wrong = true;
        }
        return sb.toString();
    }

    private String target(int rows, Op op, String peer, double goal, String what) {
        return target(rows, op, REFERENCE, peer, goal, what);
    }

    private String target(int rows, Op op, String reference, String peer, double goal, String what) {
        Cell z = cell(rows, reference, op);
        Cell p = cell(rows, peer, op);
        if (z == null || p == null) {
            return String.format(Locale.ROOT, "n/a   %s: %,d rows or the format %s were not run%n", what, rows, peer);
        }
        double r = z.hasValue() && p.hasValue() && z.value() > 0 ? p.value() / z.value() : Double.NaN;
        if (Double.isNaN(r)) {
            return String.format(Locale.ROOT, "MISS  %s: no figure (%s)%n", what, p.ok() ? z.note() : p.note());
        }
        return String.format(
                Locale.ROOT,
                "%s  %s: %s %s vs %s %s = %.1fx (target >= %sx)%n",
                r >= goal ? "PASS" : "MISS",
                what,
                z.format().name(),
                time(z.value()),
                p.format().name(),
                time(p.value()),
                r,
                goal == Math.rint(goal) ? Integer.toString((int) goal) : Double.toString(goal));
    }

    String targets() {
        StringBuilder sb = new StringBuilder("\nTargets (zdbc FAST vs peer, same run):\n");
        sb.append(target(10_000, Op.READ_ALL, "feather", 20, "read all ready to query @ 10^4 rows vs Feather"));
        sb.append(target(
                10_000, Op.READ_ALL, "parquet-snappy", 50, "read all ready to query @ 10^4 rows vs Parquet snappy"));
        // The same two with the database already open, as an embedded database runs.
        sb.append(target(
                10_000,
                Op.READ_ALL,
                "zdbc-open",
                "feather",
                20,
                "read all ready to query @ 10^4 rows vs Feather, database open"));
        sb.append(target(
                10_000,
                Op.READ_ALL,
                "zdbc-open",
                "parquet-snappy",
                50,
                "read all ready to query @ 10^4 rows vs Parquet snappy, database open"));
        sb.append(target(10_000_000, Op.SCAN, "feather", 3, "open + full scan @ 10^7 rows vs Feather"));
        sb.append(target(10_000_000, Op.WRITE, "feather", 1.5, "write 10^7 x 5 vs Feather uncompressed"));
        sb.append(target(10_000_000, Op.WRITE, "parquet-snappy", 5, "write 10^7 x 5 vs Parquet snappy"));
        Cell d = cell(10_000_000, "zdbc-durable", Op.WRITE);
        Cell fe = cell(10_000_000, "feather", Op.WRITE);
        Cell ps = cell(10_000_000, "parquet-snappy", Op.WRITE);
        if (d != null && d.hasValue() && fe != null && fe.hasValue() && ps != null && ps.hasValue()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "info  write 10^7 x 5, zdbc DURABLE (fsync'ed; the peers are not): %s, "
                            + "%.2fx vs Feather, %.2fx vs Parquet snappy%n",
                    time(d.value()),
                    fe.value() / d.value(),
                    ps.value() / d.value()));
        }
        return sb.toString();
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder sb =
                new StringBuilder("rows,format,operation,unit,median,ratio_vs_zdbc_fast,runs,warmups,times,note\n");
        for (Cell c : cells) {
            StringBuilder runs = new StringBuilder();
            for (double t : c.runs()) {
                if (runs.length() > 0) {
                    runs.append(' ');
                }
                runs.append(c.op() == Op.SIZE ? Long.toString((long) t) : Long.toString((long) t));
            }
            double r = ratio(c);
            sb.append(c.rows())
                    .append(',')
                    .append(c.format().id())
                    .append(',')
                    .append(c.op().id())
                    .append(',')
                    .append(c.op() == Op.SIZE ? "bytes" : "ns")
                    .append(',')
                    .append(c.hasValue() ? Long.toString(Math.round(c.value())) : "")
                    .append(',')
                    .append(Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.4f", r))
                    .append(',')
                    .append(c.runs().length)
                    .append(',')
                    .append(c.warmups())
                    .append(',')
                    .append(runs)
                    .append(',')
                    .append(c.note() == null ? "" : '"' + c.note().replace("\"", "\"\"") + '"')
                    .append('\n');
        }
        Files.writeString(file, sb);
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                default:
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.append('"').toString();
    }

    void writeJson(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("{\n  \"benchmark\": \"zdbc bench\",\n  \"date\": ")
                .append(json(date))
                .append(",\n");
        sb.append("  \"machine\": {");
        boolean firstM = true;
        for (Map.Entry<String, String> e : Machine.facts().entrySet()) {
            sb.append(firstM ? "\n" : ",\n")
                    .append("    ")
                    .append(json(e.getKey()))
                    .append(": ")
                    .append(json(e.getValue()));
            firstM = false;
        }
        sb.append("\n  },\n  \"rows\": ")
                .append(sizes)
                .append(",\n  \"runs\": ")
                .append(runs)
                .append(",\n  \"warmup\": ")
                .append(warmup)
                .append(",\n  \"cold\": ")
                .append(json(coldMode))
                .append(",\n  \"workDir\": ")
                .append(json(workDir))
                .append(",\n  \"reference\": ")
                .append(json(REFERENCE))
                .append(",\n  \"operations\": {");
        for (Op op : Op.values()) {
            sb.append(op.ordinal() == 0 ? "\n" : ",\n")
                    .append("    ")
                    .append(json(op.id()))
                    .append(": ")
                    .append(json(op.legend));
        }
        sb.append("\n  },\n  \"formats\": {");
        for (int i = 0; i < formats.size(); i++) {
            Format f = formats.get(i);
            sb.append(i == 0 ? "\n" : ",\n")
                    .append("    ")
                    .append(json(f.id()))
                    .append(": {\"name\": ")
                    .append(json(f.name()))
                    .append(", \"method\": ")
                    .append(json(f.method()))
                    .append('}');
        }
        sb.append("\n  },\n  \"cells\": [");
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            double r = ratio(c);
            sb.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"rows\": ")
                    .append(c.rows())
                    .append(", \"format\": ")
                    .append(json(c.format().id()))
                    .append(", \"operation\": ")
                    .append(json(c.op().id()))
                    .append(", \"unit\": ")
                    .append(json(c.op() == Op.SIZE ? "bytes" : "ns"))
                    .append(", \"median\": ")
                    .append(c.hasValue() ? Long.toString(Math.round(c.value())) : "null")
                    .append(", \"ratioVsZdbcFast\": ")
                    .append(Double.isNaN(r) ? "null" : String.format(Locale.ROOT, "%.4f", r))
                    .append(", \"warmups\": ")
                    .append(c.warmups())
                    .append(", \"runs\": [");
            for (int k = 0; k < c.runs().length; k++) {
                sb.append(k == 0 ? "" : ", ").append(Math.round(c.runs()[k]));
            }
            sb.append("], \"note\": ")
                    .append(c.note() == null ? "null" : json(c.note()))
                    .append('}');
        }
        sb.append("\n  ]\n}\n");
        Files.writeString(file, sb);
    }
}
