package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by pyarrow: the committed fixtures (src/test/resources/fixtures/make_fixtures.py)
 * import with exact values, and pyarrow reads every value of the files zdbc writes (skipped when
 * /tmp/venv/bin/python with pyarrow is absent).
 */
class PyArrowFilesTest {
    static final Path PYTHON = Path.of(System.getProperty("zdbc.python", "/tmp/venv/bin/python"));

    @TempDir
    Path dir;

    Database db;
    final ParquetConnector connector = new ParquetConnector();

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    Path fixture(String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    @Test
    void int96TimestampsDictionaryPagesAndEveryLogicalTypeOfTheGzipFixture() throws IOException {
        TransferReport r =
                connector.importFile(fixture("pyarrow_int96_dict.parquet"), db, "t", TransferOptions.defaults());
        assertEquals(4, r.rows());
        assertEquals(2, r.trimmed()); // "0123456789", "ééééé"
        try (TableSnapshot s = db.read("t")) {
            assertEquals(
                    List.of(
                            "ts96",
                            "city",
                            "i8",
                            "u32",
                            "f16",
                            "dec",
                            "t_ms",
                            "t_ns",
                            "d",
                            "ts_ms_utc",
                            "ts_ns",
                            "fsb",
                            "big"),
                    s.columns().stream().map(c -> c.name()).toList());
            assertArrayEquals(
                    new long[] {micros("2024-02-29T12:34:56.789012Z"), -1, 0, 0},
                    s.column("ts96").toLongArray());
            assertArrayEquals(
                    new String[] {"Zürich", "Oslo", "", "Zürich"},
                    s.column("city").toStringArray());
            assertArrayEquals(new long[] {-128, 127, 0, 0}, s.column("i8").toLongArray());
            assertArrayEquals(
                    new long[] {4294967295L, 2147483648L, 0, 0}, s.column("u32").toLongArray());
            assertEquals(ColumnType.F64, s.column("f16").type());
            assertArrayEquals(
                    new double[] {1.5, -0.0, 65504.0, Double.POSITIVE_INFINITY},
                    s.column("f16").toDoubleArray());
            assertEquals(
                    Double.doubleToRawLongBits(-0.0),
                    Double.doubleToRawLongBits(s.column("f16").getDouble(1)));
            double[] dec = s.column("dec").toDoubleArray();
            assertEquals(new BigDecimal("12345678901234567890.1234").doubleValue(), dec[0]);
            assertEquals(-0.0001, dec[1]);
            assertTrue(Double.isNaN(dec[2]));
            assertEquals(0.0, dec[3]);
            assertArrayEquals(
                    new long[] {0, 86_399_999_000L, 1_234_000, 0},
                    s.column("t_ms").toLongArray());
            assertArrayEquals(
                    new long[] {0, 86_399_999_999L, 1, 0}, s.column("t_ns").toLongArray());
            assertArrayEquals(
                    new long[] {0, -1, LocalDate.of(2024, 2, 29).toEpochDay(), 0},
                    s.column("d").toLongArray());
            // pyarrow stored these as INT96 too (use_deprecated_int96_timestamps applies to all)
            assertArrayEquals(
                    new long[] {1_700_000_000_123_000L, -1000, 0, 0},
                    s.column("ts_ms_utc").toLongArray());
            assertArrayEquals(
                    new long[] {1_700_000_000_123_456L, -1, 0, 0},
                    s.column("ts_ns").toLongArray());
            assertArrayEquals(new String[] {"abc", "xyz", "", "a\0b"}, new String[] {
                s.column("fsb").getString(0),
                s.column("fsb").getString(1),
                s.column("fsb").getString(2),
                s.column("fsb").getString(3)
            });
            assertArrayEquals(
                    new String[] {"01234567", "éééé", "", ""}, s.column("big").toStringArray());
        }
        // nulls: ts96 1, city 1, i8 1, u32 1, dec 1, t_ms 1, t_ns 1, d 1, ts_ms_utc 1, ts_ns 1, fsb 1, big 1
        assertEquals(12, r.nulls());
    }

    @Test
    void timestampMillisAndNanosBecomeMicros() throws IOException {
        connector.importFile(fixture("pyarrow_timestamps.parquet"), db, "t", TransferOptions.defaults());
        try (TableSnapshot s = db.read("t")) {
            assertArrayEquals(
                    new long[] {1_700_000_000_123_000L, -1000, 0},
                    s.column("ms_utc").toLongArray());
            // floor, not truncation: -1 ns is in the microsecond before the epoch
            assertArrayEquals(
                    new long[] {1_700_000_000_123_456L, -1, 0}, s.column("ns").toLongArray());
            assertArrayEquals(
                    new long[] {1_000_000, -1_000_000, 0}, s.column("s").toLongArray());
        }
    }

    @Test
    void lz4PagesFailWithTheCodecNamedAndNoTable() throws IOException {
        Path f = fixture("pyarrow_lz4.parquet");
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector.importFile(f, db, "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("LZ4_RAW"), e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void structAndMapColumnsAreNamedAndCanBeLeftOut() throws IOException {
        Path f = fixture("pyarrow_nested.parquet");
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector.importFile(f, db, "t", TransferOptions.defaults()));
        assertTrue(
                e.getMessage().contains(f.toString())
                        && e.getMessage().contains("'point'")
                        && e.getMessage().contains("--columns"),
                e.getMessage());
        assertFalse(db.exists("t"));
        e = assertThrows(
                ZdbcException.class,
                () -> connector.importFile(
                        f, db, "t", TransferOptions.defaults().withColumns(List.of("id", "tags"))));
        assertTrue(e.getMessage().contains("'tags' is a MAP"), e.getMessage());
        connector.importFile(f, db, "t", TransferOptions.defaults().withColumns(List.of("id")));
        assertEquals(List.of(ColumnDef.of("id", ColumnType.I64)), db.info("t").columns());
        try (TableSnapshot s = db.read("t")) {
            assertArrayEquals(new long[] {1, 2}, s.column("id").toLongArray());
        }
    }

    // ---- files zdbc writes, read by pyarrow -----------------------------------------------

    static boolean pyarrowAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pyarrow.parquet")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One line per value: i as decimal, f as float.hex(), s as a JSON string. */
    static final String DUMP = String.join(
            "\n",
            "import sys, json, pyarrow.parquet as pq",
            "t = pq.read_table(sys.argv[1])",
            "print(t.schema.field('i').type, t.schema.field('f').type, t.schema.field('s').type,"
                    + " t.schema.field('i').nullable)",
            "print(pq.ParquetFile(sys.argv[1]).metadata.row_group(0).column(0).compression)",
            "for i, f, s in zip(*(t.column(n).to_pylist() for n in ('i', 'f', 's'))):",
            "    print(i, f.hex(), json.dumps(s))");

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "zstd", "none"})
    void pyarrowReadsEveryValueWeWrite(String codec) throws Exception {
        assumeTrue(pyarrowAvailable(), "pyarrow in " + PYTHON);
        int n = 5000;
        long[] i = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int r = 0; r < n; r++) {
            i[r] = r < RoundTripTest.LONGS.length ? RoundTripTest.LONGS[r] : r * 1_000_003L;
            d[r] = r < RoundTripTest.DOUBLES.length ? RoundTripTest.DOUBLES[r] : Math.sqrt(r);
            s[r] = r < RoundTripTest.STRINGS.length ? RoundTripTest.STRINGS[r] : "s" + (r % 97);
        }
        db.write("t", Batch.builder().i64("i", i).f64("f", d).str("s", s).build());
        Path f = dir.resolve("t.parquet");
        new ParquetConnector(2000, 300)
                .exportTable(db, "t", f, TransferOptions.defaults().withCompression(codec));

        Process p = new ProcessBuilder(PYTHON.toString(), "-c", DUMP, f.toString())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        assertEquals("int64 double string False", lines.get(0));
        assertEquals(codec.equals("none") ? "UNCOMPRESSED" : codec.toUpperCase(), lines.get(1));
        assertEquals(n + 2, lines.size());
        try (TableSnapshot snap = db.read("t")) {
            for (int r = 0; r < n; r++) {
                String[] v = lines.get(r + 2).split(" ", 3);
                assertEquals(i[r], Long.parseLong(v[0]), "i row " + r);
                assertEquals(
                        Double.doubleToRawLongBits(d[r]), Double.doubleToRawLongBits(pyDouble(v[1])), "f row " + r);
                assertEquals("\"" + jsonEscape(snap.column("s").getString(r)) + "\"", v[2], "s row " + r);
            }
        }
    }

    static double pyDouble(String hex) {
        switch (hex) {
            case "nan":
                return Double.NaN;
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(hex);
        }
    }

    /** Python's json.dumps escaping (ensure_ascii) for the test strings. */
    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
