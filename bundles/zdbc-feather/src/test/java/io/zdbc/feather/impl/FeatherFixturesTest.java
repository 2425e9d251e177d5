package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by pyarrow (src/test/resources/feather/make_fixtures.py): every mapped Arrow type,
 * with a null in row 3 of every column, as an uncompressed, ZSTD and LZ4 file and as an IPC stream.
 */
class FeatherFixturesTest {
    private static final double NAN = Double.NaN;
    private static final long MIN = Long.MIN_VALUE;
    private static final long MAX = Long.MAX_VALUE;

    /** What each i64 column of types.* must hold after import (nulls are 0). */
    static final Map<String, long[]> LONGS = new LinkedHashMap<>();
    /** What each f64 column must hold (nulls are NaN). */
    static final Map<String, double[]> DOUBLES = new LinkedHashMap<>();
    /** What each str column must hold (nulls are empty; long values trimmed to 8 bytes). */
    static final Map<String, String[]> STRINGS = new LinkedHashMap<>();

    static {
        LONGS.put("i8", new long[] {-128, 127, 0, 0, -1});
        LONGS.put("i16", new long[] {-32768, 32767, 0, 1, -1});
        LONGS.put("i32", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 2, -1});
        LONGS.put("i64", new long[] {MIN, MAX, 0, 0, -1});
        LONGS.put("u8", new long[] {0, 255, 0, 1, 2});
        LONGS.put("u16", new long[] {0, 65535, 0, 1, 2});
        LONGS.put("u32", new long[] {0, 4294967295L, 0, 1, 2});
        // uint64 above Long.MAX_VALUE keeps its bits: 2^64-1 -> -1, 2^63 -> MIN.
        LONGS.put("u64", new long[] {0, -1, 0, MIN, 1});
        LONGS.put("b", new long[] {1, 0, 0, 1, 0});
        // Dates: days since 1970-01-01 (date64 is milliseconds of whole days).
        LONGS.put("d32", new long[] {0, 19782, 0, -1, -719162});
        LONGS.put("d64", new long[] {0, 19782, 0, -1, 2});
        // Timestamps in any unit and zone: microseconds since the epoch, UTC (ns rounded down).
        LONGS.put("ts_s", new long[] {0, 1_700_000_000_000_000L, 0, -1_000_000, 1_000_000});
        LONGS.put("ts_ms", new long[] {0, 1_700_000_000_123_000L, 0, -1_000, 1_000});
        LONGS.put("ts_us", new long[] {0, 1_700_000_000_123_456L, 0, -1, 1});
        LONGS.put("ts_ns", new long[] {0, 1_700_000_000_123_456L, 0, -1, 1});
        // Times: microseconds since midnight.
        LONGS.put("t32s", new long[] {0, 86_399_000_000L, 0, 1_000_000, 3_600_000_000L});
        LONGS.put("t32ms", new long[] {0, 86_399_999_000L, 0, 1_000, 3_600_000_000L});
        LONGS.put("t64us", new long[] {0, 86_399_999_999L, 0, 1, 3_600_000_000L});
        LONGS.put("t64ns", new long[] {0, 86_399_999_999L, 0, 1, 3_600_000_000L});
        // Durations: microseconds (ns rounded down, as timestamps: -5001 ns -> -6 us).
        LONGS.put("dur_s", new long[] {0, -5_000_000, 0, 1_000_000, 86_400_000_000L});
        LONGS.put("dur_ms", new long[] {0, -5_000, 0, 1_000, 86_400_000_000L});
        LONGS.put("dur_us", new long[] {0, -5, 0, 1, 86_400_000_000L});
        LONGS.put("dur_ns", new long[] {0, -6, 0, 1, 86_400_000_000L});

        DOUBLES.put("f16", new double[] {1.5, -0.0, NAN, Double.POSITIVE_INFINITY, 65504.0});
        DOUBLES.put("f32", new double[] {1.5, (double) 0.1f, NAN, Double.NEGATIVE_INFINITY, NAN});
        DOUBLES.put("f64", new double[] {1.5, -0.0, NAN, Double.MIN_VALUE, NAN});
        DOUBLES.put("dec", new double[] {1.234, -0.001, NAN, 9999999.999, 0.1});
        DOUBLES.put("dec256", new double[] {1.2345678901234567e19, -1.0, NAN, 0.0, 0.5});

        STRINGS.put("s", new String[] {"a", "", "", "ünïcö", "abcdefgh"});
        STRINGS.put("ls", new String[] {"large", "12345678", "", "€€", "x"});
        STRINGS.put("bin", new String[] {"raw", "", "", "01234567", "z"});
        STRINGS.put("lbin", new String[] {"big", "b", "", "", "12345678"});
        STRINGS.put("fsb", new String[] {"abc", "def", "", "ghi", "jkl"});
        STRINGS.put("dict", new String[] {"x", "yy", "", "x", "long-dic"});
        STRINGS.put("dict32", new String[] {"r", "", "q", "p", "r"});
    }

    /** Nulls: one per column, except dict32, whose null is in row 2 (index null) only. */
    static final long NULLS = LONGS.size() + DOUBLES.size() + STRINGS.size();
    /** ünïcödé, abcdefghij, €€€, 0123456789, 123456789, long-dictionary-value. */
    static final long TRIMMED = 6;

    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    static Path fixture(String name) {
        try {
            return Path.of(
                    FeatherFixturesTest.class.getResource("/feather/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"types.feather", "types-zstd.feather", "types-lz4.feather", "types.arrows"})
    void everyMappedArrowTypeImportsWithTheSharedRules(String file) {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            // batchRows 2: pyarrow's batches of 3 + 2 rows are cut and joined.
            TransferReport r = feather.importFile(
                    fixture(file), db, "t", TransferOptions.defaults().withBatchRows(2));
            assertEquals(new TransferReport("t", 5, TRIMMED, NULLS, 0), r);
            List<ColumnDef> columns = db.info("t").columns();
            assertEquals(LONGS.size() + DOUBLES.size() + STRINGS.size(), columns.size());
            try (TableSnapshot s = db.read("t")) {
                for (Map.Entry<String, long[]> e : LONGS.entrySet()) {
                    assertEquals(ColumnType.I64, db.info("t").column(e.getKey()).type(), e.getKey());
                    assertArrayEquals(e.getValue(), s.column(e.getKey()).toLongArray(), e.getKey());
                }
                for (Map.Entry<String, double[]> e : DOUBLES.entrySet()) {
                    assertEquals(ColumnType.F64, db.info("t").column(e.getKey()).type(), e.getKey());
                    double[] got = s.column(e.getKey()).toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(
                                Double.doubleToLongBits(e.getValue()[i]),
                                Double.doubleToLongBits(got[i]),
                                e.getKey() + " row " + (i + 1) + ": " + got[i]);
                    }
                }
                for (Map.Entry<String, String[]> e : STRINGS.entrySet()) {
                    assertEquals(ColumnType.STR, db.info("t").column(e.getKey()).type(), e.getKey());
                    assertArrayEquals(e.getValue(), s.column(e.getKey()).toStringArray(), e.getKey());
                }
            }
        }
    }

    @Test
    void stringAndBinaryViewsImportAsStr() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            TransferReport r = feather.importFile(fixture("views.feather"), db, "v", TransferOptions.defaults());
            assertEquals(new TransferReport("v", 5, 3, 2, 0), r);
            try (TableSnapshot s = db.read("v")) {
                assertArrayEquals(
                        new String[] {"short", "a longer", "", "", "ünïcö"},
                        s.column("sv").toStringArray());
                assertArrayEquals(
                        new String[] {"x", "01234567", "", "", "yz"},
                        s.column("bv").toStringArray());
            }
        }
    }

    @Test
    void chosenColumnsAreImportedInTheGivenOrder() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            feather.importFile(
                    fixture("types.feather"),
                    db,
                    "t",
                    TransferOptions.defaults().withColumns(List.of("s", "u64", "ts_ns")));
            assertEquals(
                    List.of(
                            new ColumnDef("s", ColumnType.STR),
                            new ColumnDef("u64", ColumnType.I64),
                            new ColumnDef("ts_ns", ColumnType.I64)),
                    db.info("t").columns());
            try (TableSnapshot s = db.read("t")) {
                assertArrayEquals(LONGS.get("u64"), s.column("u64").toLongArray());
            }
        }
    }

    @Test
    void aListColumnIsAnErrorNamingItUnlessColumnsLeaveItOut() {
        Path nested = fixture("nested.feather");
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> feather.importFile(nested, db, "n", TransferOptions.defaults()));
            assertTrue(e.getMessage().contains(nested.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("column 'tags'"), e.getMessage());
            assertTrue(e.getMessage().contains("List"), e.getMessage());
            assertTrue(e.getMessage().contains("--columns"), e.getMessage());
            assertFalse(db.exists("n"));

            TransferReport r = feather.importFile(
                    nested, db, "n", TransferOptions.defaults().withColumns(List.of("id", "name")));
            assertEquals(3, r.rows());
            try (TableSnapshot s = db.read("n")) {
                assertArrayEquals(new long[] {1, 2, 3}, s.column("id").toLongArray());
                assertArrayEquals(new String[] {"a", "b", "c"}, s.column("name").toStringArray());
            }
        }
    }

    @Test
    void anUnknownColumnNameIsAClearError() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            fixture("nested.feather"),
                            db,
                            "n",
                            TransferOptions.defaults().withColumns(List.of("id", "nope"))));
            assertTrue(
                    e.getMessage().contains("no column 'nope'")
                            && e.getMessage().contains("[id, tags, name]"),
                    e.getMessage());
        }
    }

    @Test
    void featherVersion1IsRejectedClearly() {
        Path v1 = fixture("v1.feather");
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> feather.importFile(v1, db, "t", TransferOptions.defaults()));
            assertTrue(
                    e.getMessage().contains(v1.toString()) && e.getMessage().contains("not an Arrow IPC"),
                    e.getMessage());
            assertFalse(db.exists("t"));
        }
    }

    @Test
    void nullsWithStrictAreAnErrorNamingTheColumnAndRow() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            fixture("types.feather"),
                            db,
                            "t",
                            TransferOptions.defaults()
                                    .withColumns(List.of("i64", "f64"))
                                    .withStrict(true)));
            assertTrue(e.getMessage().contains("column 'i64'") && e.getMessage().contains("row 3"), e.getMessage());
            assertTrue(e.getMessage().contains("types.feather"), e.getMessage());
            assertFalse(db.exists("t"));
        }
    }
}
