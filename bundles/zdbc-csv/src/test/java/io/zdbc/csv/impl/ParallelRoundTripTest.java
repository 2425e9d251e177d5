package io.zdbc.csv.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random tables full of edge values (extreme integers, NaN, infinities, -0.0, subnormals, strings
 * with separators, quotes, line ends, '#', non-ASCII, 8 bytes exactly): the parallel export writes
 * what FastCSV's writer wrote, byte for byte, and the parallel import of it equals a one-thread
 * import. Seed: {@code -Dzdbc.fuzz.seed=…}; rows: {@code -Dzdbc.csv.roundtrip.rows=…}.
 */
class ParallelRoundTripTest {
    private static final long[] LONGS = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1L << 53};
    private static final double[] DOUBLES = {
        0.0,
        -0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        Double.MIN_NORMAL,
        0.1,
        1e7,
        1e-3,
        123.45,
        1e22,
        1e23
    };
    private static final String[] STRINGS = {
        "",
        "a",
        "a,b",
        "\"",
        "x\"y",
        "#",
        "#c",
        "c#",
        "l\nf",
        "c\rr",
        "cr\r\nlf",
        "Zoë",
        "€",
        "exactly8",
        "12345",
        " ",
        "  lead",
        "NaN",
        "é\"",
        "日本語"
    };

    @TempDir
    Path dir;

    @Test
    void parallelExportAndImportEqualTheOneThreadAndFastCsvResults() throws Exception {
        long seed = Long.getLong("zdbc.fuzz.seed", new Random().nextLong());
        int rows = Integer.getInteger("zdbc.csv.roundtrip.rows", 20_000);
        System.out.println("ParallelRoundTripTest seed " + seed + " (-Dzdbc.fuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        long[] l = new long[rows];
        double[] d = new double[rows];
        String[] s = new String[rows];
        for (int i = 0; i < rows; i++) {
            l[i] = rnd.nextInt(4) == 0 ? LONGS[rnd.nextInt(LONGS.length)] : rnd.nextLong() >> rnd.nextInt(64);
            d[i] = rnd.nextInt(4) == 0
                    ? DOUBLES[rnd.nextInt(DOUBLES.length)]
                    : rnd.nextBoolean()
                            ? Math.round(rnd.nextDouble() * 2e6) / 100.0
                            : Double.longBitsToDouble(rnd.nextLong());
            s[i] = rnd.nextInt(3) == 0 ? STRINGS[rnd.nextInt(STRINGS.length)] : "s" + rnd.nextInt(1000);
        }
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", Batch.builder().str("s", s).i64("l", l).f64("d", d).build());
            Path parallel = dir.resolve("p.csv");
            Path single = dir.resolve("s.csv");
            new CsvConnector(3, 1 << 12).exportTable(db, "t", parallel, TransferOptions.defaults());
            new CsvConnector(1, 1 << 12).exportTable(db, "t", single, TransferOptions.defaults());
            byte[] text = Files.readAllBytes(parallel);
            assertArrayEquals(fastCsvText(db), text, "the text FastCSV's writer made (seed " + seed + ")");
            assertArrayEquals(text, Files.readAllBytes(single), "one thread (seed " + seed + ")");

            new CsvConnector(3, 1 << 12).importFile(parallel, db, "p", TransferOptions.defaults());
            new CsvConnector(1, Integer.MAX_VALUE / 4).importFile(parallel, db, "one", TransferOptions.defaults());
            FastCsvImport.run(parallel, db, "fast", TransferOptions.defaults(), Files.size(parallel));
            try (TableSnapshot p = db.read("p");
                    TableSnapshot one = db.read("one");
                    TableSnapshot fast = db.read("fast");
                    TableSnapshot orig = db.read("t")) {
                for (String c : new String[] {"s", "l", "d"}) {
                    assertArrayEquals(raw(one.column(c)), raw(p.column(c)), c + " (seed " + seed + ")");
                    assertArrayEquals(raw(fast.column(c)), raw(p.column(c)), c + " (seed " + seed + ")");
                }
                assertArrayEquals(l, p.column("l").toLongArray(), "seed " + seed);
                // NaN's payload is not kept by any text form; every other double reads back exactly.
                assertArrayEquals(
                        orig.column("d").toDoubleArray(), p.column("d").toDoubleArray(), "seed " + seed);
            }
        }
    }

    @Test
    void aRowLongerThanTwiceTheEstimateIsExportedWhole() throws Exception {
        Batch.Builder b = Batch.builder();
        String[] names = new String[100];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "c" + i;
            b.f64(names[i], -Double.MIN_NORMAL); // 24 characters each
            values[i] = Floats.shortest(-Double.MIN_NORMAL);
        }
        try (Database db = Zdbc.open(dir.resolve("wide"))) {
            db.write("w", b.build());
            Path f = dir.resolve("w.csv");
            new CsvConnector(2, 1 << 12).exportTable(db, "w", f, TransferOptions.defaults());
            assertEquals(String.join(",", names) + "\n" + String.join(",", values) + "\n", Files.readString(f));
        }
    }

    /** The rows as the export wrote them through FastCSV before it was parallel. */
    private static byte[] fastCsvText(Database db) throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter w = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        try (TableSnapshot snap = db.read("t")) {
            w.writeRecord("s", "l", "d");
            ColumnView s = snap.column("s");
            ColumnView l = snap.column("l");
            ColumnView d = snap.column("d");
            for (long r = 0; r < snap.rows(); r++) {
                w.writeRecord(s.getString(r), Long.toString(l.getLong(r)), Floats.shortest(d.getDouble(r)));
            }
        }
        w.flush();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long[] raw(ColumnView c) {
        long[] a = new long[(int) c.rows()];
        for (int i = 0; i < a.length; i++) {
            a[i] = c.getRaw(i);
        }
        return a;
    }
}
