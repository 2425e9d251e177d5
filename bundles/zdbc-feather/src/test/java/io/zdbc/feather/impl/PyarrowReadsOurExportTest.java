package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our exports read by another implementation: pyarrow in /tmp/venv (skipped when that interpreter
 * or pyarrow is missing). Python prints what it read; the test compares it with what was written.
 */
class PyarrowReadsOurExportTest {
    static final Path PYTHON = Path.of(System.getProperty("zdbc.python", "/tmp/venv/bin/python"));

    /** Prints the schema and every value in a form both sides can write exactly (floats as hex). */
    static final String READER = String.join(
            "\n",
            "import sys, pyarrow as pa, pyarrow.feather as feather",
            "t = feather.read_table(sys.argv[1])",
            "print(t.schema.to_string(show_schema_metadata=False).replace(chr(10), ';'))",
            "print(len(t.to_batches()))",
            "for name in t.column_names:",
            "    vals = t.column(name).to_pylist()",
            "    out = [v.hex() if isinstance(v, float) else repr(v) for v in vals]",
            "    print(name + '=' + '|'.join(out))",
            "");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPyarrow() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is not there");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pyarrow")
                .redirectErrorStream(true)
                .start();
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "pyarrow is not installed in " + PYTHON);
    }

    private String pyarrowRead(Path file) throws IOException, InterruptedException {
        Path script = dir.resolve("read.py");
        Files.writeString(script, READER);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String hex(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        // Python's float.hex(): 0x1.8000000000000p+0, -0x0.0p+0, 0x0.0000000000001p-1022
        String sign = (Double.doubleToRawLongBits(d) < 0) ? "-" : "";
        long bits = Double.doubleToRawLongBits(d);
        long mant = bits & 0x000FFFFFFFFFFFFFL;
        int exp = (int) ((bits >>> 52) & 0x7FF);
        if (exp == 0 && mant == 0) {
            return sign + "0x0.0p+0";
        }
        String m = String.format("%013x", mant);
        int e = exp == 0 ? -1022 : exp - 1023;
        return sign + (exp == 0 ? "0x0." : "0x1.") + m + "p" + (e >= 0 ? "+" : "") + e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd"})
    void pyarrowReadsEveryTypeAndEdgeValueWeWrite(String compression) throws Exception {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", FeatherRoundTripTest.edges());
            Path f = dir.resolve("t.feather");
            new FeatherConnector()
                    .exportTable(
                            db,
                            "t",
                            f,
                            TransferOptions.defaults()
                                    .withCompression(compression)
                                    .withBatchRows(4));
            String[] lines = pyarrowRead(f).split("\n");
            assertEquals("i: int64 not null;f: double not null;s: string not null", lines[0]);
            assertEquals("2", lines[1], "6 rows in batches of 4");
            StringBuilder i = new StringBuilder("i=");
            StringBuilder d = new StringBuilder("f=");
            StringBuilder s = new StringBuilder("s=");
            for (int r = 0; r < FeatherRoundTripTest.LONGS.length; r++) {
                String sep = r == 0 ? "" : "|";
                i.append(sep).append(FeatherRoundTripTest.LONGS[r]);
                d.append(sep).append(hex(FeatherRoundTripTest.DOUBLES[r]));
                s.append(sep).append(pyRepr(FeatherRoundTripTest.STRINGS[r]));
            }
            assertEquals(i.toString(), lines[2]);
            assertEquals(d.toString(), lines[3]);
            assertEquals(s.toString(), lines[4]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100_001})
    void pyarrowReadsTablesOfAnySize(int rows) throws Exception {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", FeatherRoundTripTest.rows(rows));
            Path f = dir.resolve("t.feather");
            new FeatherConnector().exportTable(db, "t", f, TransferOptions.defaults());
            Path script = dir.resolve("sum.py");
            Files.writeString(
                    script,
                    String.join(
                            "\n",
                            "import sys, pyarrow.feather as feather, pyarrow.compute as pc",
                            "t = feather.read_table(sys.argv[1])",
                            "print(t.num_rows, pc.sum(t['l']).as_py() if t.num_rows else 0,",
                            "      t['s'][t.num_rows - 1].as_py() if t.num_rows else '')",
                            ""));
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), f.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(120, TimeUnit.SECONDS);
            long sum = 0;
            for (long r = 0; r < rows; r++) {
                sum += r * 1_000_003L - 7;
            }
            assertEquals((rows + " " + sum + " " + (rows == 0 ? "" : "r" + (rows - 1))).trim(), out);
        }
    }

    /** Python's repr of a str, for the values the tests use (no quotes or backslashes inside). */
    private static String pyRepr(String s) {
        return "'" + s + "'";
    }
}
