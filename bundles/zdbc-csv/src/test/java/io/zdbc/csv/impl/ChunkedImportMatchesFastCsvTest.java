package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunked, parallel import against the sequential FastCSV one on random, often malformed CSV
 * text (quotes anywhere, CR, LF, CR LF, blank lines, wrong field counts, bad numbers), split into
 * tiny chunks: the same rows and counts, or the same error. Seed: {@code -Dzdbc.fuzz.seed=…};
 * cases: {@code -Dzdbc.csv.differential.cases=…}.
 */
class ChunkedImportMatchesFastCsvTest {
    private static final String[] TOKENS = {
        "1",
        "-7",
        "+3",
        "0",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "1.5",
        "-0.0",
        ".5",
        "5.",
        "1e5",
        "2.5E-3",
        "NaN",
        "inf",
        "-Infinity",
        "0.1234567890123456789",
        "007",
        "",
        "",
        "x",
        "abc",
        "a\"b",
        "\"q\"",
        "\"a,b\"",
        "\"say \"\"hi\"\"\"",
        "\"two\nlines\"",
        "\"cr\r\nlf\"",
        "\"\"",
        "é",
        "Zoë Zoë Zoë",
        "longer than eight",
        "\"unclosed",
        "\"x\"y",
        " 1",
        "1 ",
        "#c",
        "١٢"
    };
    private static final String[] ENDS = {"\n", "\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};

    @TempDir
    Path dir;

    @Test
    void chunkedImportGivesTheRowsCountsAndErrorsOfTheSequentialOne() throws Exception {
        long seed = Long.getLong("zdbc.fuzz.seed", new Random().nextLong());
        int cases = Integer.getInteger("zdbc.csv.differential.cases", 60);
        System.out.println("ChunkedImportMatchesFastCsvTest seed " + seed + " (-Dzdbc.fuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        try (Database fast = Zdbc.open(dir.resolve("fast"));
                Database chunked = Zdbc.open(dir.resolve("chunked"))) {
            for (int i = 0; i < cases; i++) {
                String text = randomCsv(rnd);
                TransferOptions o = randomOptions(rnd);
                int threads = 1 + rnd.nextInt(3);
                int chunk = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 200);
                Path f = dir.resolve("c" + i + ".csv");
                Files.write(f, text.getBytes(StandardCharsets.UTF_8));
                String t = "t" + i;
                String expected = outcome(() -> FastCsvImport.run(f, fast, t, o, Files.size(f)), fast, t);
                String actual = outcome(
                        () -> new ChunkedCsvImport(threads, chunk).run(f, chunked, t, o, Files.size(f)), chunked, t);
                assertEquals(
                        expected,
                        actual,
                        "case " + i + " (seed " + seed + ", " + threads + " threads, chunks of " + chunk + " bytes, "
                                + o + "):\n" + text);
            }
        }
    }

    private static String randomCsv(Random rnd) {
        int width = 1 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < width; c++) {
            sb.append(c == 0 ? "" : ",").append(rnd.nextInt(20) == 0 ? "\"c" + c + "\"" : "c" + c);
        }
        sb.append(ENDS[rnd.nextInt(ENDS.length)]);
        int rows = rnd.nextInt(12);
        int kind = rnd.nextInt(4); // mostly one kind of value per file, so types get inferred
        for (int r = 0; r < rows; r++) {
            int fields = rnd.nextInt(15) == 0 ? 1 + rnd.nextInt(4) : width;
            for (int c = 0; c < fields; c++) {
                sb.append(c == 0 ? "" : ",");
                sb.append(rnd.nextInt(3) == 0 ? TOKENS[rnd.nextInt(TOKENS.length)] : typical(rnd, kind));
            }
            if (r < rows - 1 || rnd.nextBoolean()) {
                sb.append(ENDS[rnd.nextInt(ENDS.length)]);
            }
        }
        return sb.toString();
    }

    private static String typical(Random rnd, int kind) {
        switch (kind) {
            case 0:
                return Long.toString(rnd.nextInt(2000) - 1000);
            case 1:
                return (rnd.nextInt(20000) - 10000) / 100.0 + "";
            default:
                return rnd.nextBoolean() ? "s" + rnd.nextInt(100) : "\"q," + rnd.nextInt(10) + "\"";
        }
    }

    private static TransferOptions randomOptions(Random rnd) {
        TransferOptions o = TransferOptions.defaults().withBatchRows(1 + rnd.nextInt(5));
        if (rnd.nextInt(3) == 0) {
            o = o.withSkipBadRows(true);
        }
        if (rnd.nextInt(4) == 0) {
            o = o.withStrict(true);
        }
        if (rnd.nextInt(4) == 0) {
            ColumnType[] types = ColumnType.values();
            o = o.withTypes(Map.of("c0", types[rnd.nextInt(types.length)]));
        }
        return o;
    }

    interface Import {
        TransferReport run() throws Exception;
    }

    /** The report and the rows, or the error as the connector words it. */
    private static String outcome(Import imp, Database db, String table) {
        try {
            TransferReport r = imp.run();
            return r + "\n" + rows(db, table);
        } catch (ZdbcException e) {
            return "error: " + e.getMessage() + (db.exists(table) ? " (table written)" : "");
        } catch (RuntimeException e) {
            return "error: malformed CSV: " + e.getMessage() + (db.exists(table) ? " (table written)" : "");
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    private static List<String> rows(Database db, String table) {
        List<String> out = new ArrayList<>();
        try (TableSnapshot s = db.read(table)) {
            StringBuilder head = new StringBuilder();
            for (var c : s.columns()) {
                head.append(c.name()).append(':').append(c.type()).append(' ');
            }
            out.add(head.toString());
            for (long r = 0; r < s.rows(); r++) {
                StringBuilder sb = new StringBuilder();
                for (var c : s.columns()) {
                    sb.append(c.type())
                            .append(':')
                            .append(Long.toHexString(c.getRaw(r)))
                            .append(' ');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
