package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files DuckDB writes import with exact values; files zdbc writes are read by DuckDB, every value compared. */
class DuckDbFilesTest {
    @TempDir
    Path dir;

    Database db;
    Connection duck;
    final ParquetConnector connector = new ParquetConnector();

    @BeforeEach
    void open() throws SQLException {
        db = Zdbc.open(dir.resolve("db"));
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
        db.close();
    }

    void sql(String... statements) throws SQLException {
        try (Statement st = duck.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    static String path(Path p) {
        return p.toString().replace("'", "''");
    }

    static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /** Three rows: minimums, maximums, all NULL (plus a list column that has to be left out). */
    Path everyType(String codec) throws SQLException {
        Path f = dir.resolve("duck-" + codec + ".parquet");
        sql(
                "CREATE OR REPLACE TABLE t (ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT, ubi UBIGINT, uti UTINYINT,"
                        + " b BOOLEAN, fl FLOAT, d DOUBLE, dec DECIMAL(18,3), dt DATE, ts TIMESTAMP, tstz TIMESTAMPTZ,"
                        + " tm TIME, tsns TIMESTAMP_NS, v VARCHAR, bl BLOB, l INTEGER[])",
                "INSERT INTO t VALUES"
                        + " (-128, -32768, -2147483648, -9223372036854775808, 18446744073709551615, 255, true,"
                        + "  0.1, '-0.0'::DOUBLE, 123456789012345.678, DATE '1969-12-31', TIMESTAMP '2024-02-29 12:34:56.789012',"
                        + "  TIMESTAMPTZ '2024-02-29 12:34:56.789012+02:00', TIME '23:59:59.999999',"
                        + "  TIMESTAMP_NS '1969-12-31 23:59:59.999999999', 'abcdefghij', '\\xAA\\xBBz'::BLOB, [1, 2]),"
                        + " (127, 32767, 2147483647, 9223372036854775807, 0, 0, false,"
                        + "  'inf'::FLOAT, 'nan'::DOUBLE, -0.001, DATE '2024-02-29', TIMESTAMP '1900-01-01 00:00:00',"
                        + "  TIMESTAMPTZ '1970-01-01 00:00:00+00:00', TIME '00:00:00',"
                        + "  TIMESTAMP_NS '2024-02-29 12:34:56.789012345', 'ñandú€', 'abc'::BLOB, []),"
                        + " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + "  NULL, NULL, NULL)",
                "COPY t TO '" + path(f) + "' (FORMAT parquet, COMPRESSION " + codec + ")");
        return f;
    }

    static final List<String> FLAT = List.of(
            "ti", "si", "i", "bi", "ubi", "uti", "b", "fl", "d", "dec", "dt", "ts", "tstz", "tm", "tsns", "v", "bl");

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "uncompressed"})
    void everyDuckDbTypeImportsWithExactValues(String codec) throws SQLException {
        Path f = everyType(codec);
        TransferReport r =
                connector.importFile(f, db, "t", TransferOptions.defaults().withColumns(FLAT));
        assertEquals(3, r.rows());
        assertEquals(2, r.trimmed()); // 'abcdefghij', 'ñandú€'
        assertEquals(FLAT.size(), r.nulls());
        try (TableSnapshot s = db.read("t")) {
            assertEquals(FLAT, s.columns().stream().map(c -> c.name()).toList());
            assertArrayEquals(new long[] {-128, 127, 0}, s.column("ti").toLongArray());
            assertArrayEquals(new long[] {-32768, 32767, 0}, s.column("si").toLongArray());
            assertArrayEquals(
                    new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0},
                    s.column("i").toLongArray());
            assertArrayEquals(
                    new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0},
                    s.column("bi").toLongArray());
            // uint64 max keeps its two's-complement bits
            assertArrayEquals(new long[] {-1, 0, 0}, s.column("ubi").toLongArray());
            assertArrayEquals(new long[] {255, 0, 0}, s.column("uti").toLongArray());
            assertArrayEquals(new long[] {1, 0, 0}, s.column("b").toLongArray());
            double[] fl = s.column("fl").toDoubleArray();
            assertEquals((double) 0.1f, fl[0]);
            assertEquals(Double.POSITIVE_INFINITY, fl[1]);
            assertTrue(Double.isNaN(fl[2]));
            double[] d = s.column("d").toDoubleArray();
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d[0]));
            assertTrue(Double.isNaN(d[1]) && Double.isNaN(d[2]));
            assertArrayEquals(
                    new double[] {new BigDecimal("123456789012345.678").doubleValue(), -0.001, Double.NaN},
                    s.column("dec").toDoubleArray());
            assertArrayEquals(
                    new long[] {-1, LocalDate.of(2024, 2, 29).toEpochDay(), 0},
                    s.column("dt").toLongArray());
            assertArrayEquals(
                    new long[] {micros("2024-02-29T12:34:56.789012Z"), micros("1900-01-01T00:00:00Z"), 0},
                    s.column("ts").toLongArray());
            assertArrayEquals(
                    new long[] {micros("2024-02-29T10:34:56.789012Z"), 0, 0},
                    s.column("tstz").toLongArray());
            assertArrayEquals(new long[] {86_399_999_999L, 0, 0}, s.column("tm").toLongArray());
            assertArrayEquals(
                    new long[] {-1, micros("2024-02-29T12:34:56.789012Z"), 0},
                    s.column("tsns").toLongArray());
            assertArrayEquals(
                    new String[] {"abcdefgh", "ñandú", ""}, s.column("v").toStringArray());
            assertArrayEquals(
                    new byte[] {(byte) 0xAA, (byte) 0xBB, 'z', ' ', ' ', ' ', ' ', ' '},
                    s.column("bl").getRawString(0));
            assertEquals("abc", s.column("bl").getString(1));
            assertEquals("", s.column("bl").getString(2));
        }
    }

    @Test
    void theListColumnIsNamedWithItsTypeAndNoTableIsCreated() throws SQLException {
        Path f = everyType("snappy");
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector.importFile(f, db, "t", TransferOptions.defaults()));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("column 'l' is a LIST"), e.getMessage());
        assertTrue(e.getMessage().contains("--columns"), e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void strictRejectsDuckDbNullsNamingColumnAndRow() throws SQLException {
        Path f = everyType("zstd");
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> connector.importFile(
                        f,
                        db,
                        "t",
                        TransferOptions.defaults()
                                .withColumns(List.of("bi", "v"))
                                .withStrict(true)));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("column 'bi'") && e.getMessage().contains("row 3"), e.getMessage());
        assertFalse(db.exists("t"));
    }

    @Test
    void manyDuckDbRowGroupsWithDictionaryPagesImport() throws SQLException {
        Path f = dir.resolve("groups.parquet");
        sql("COPY (SELECT range AS id, range * 0.5 AS half, 'k' || (range % 37) AS k,"
                + " CASE WHEN range % 10 = 0 THEN NULL ELSE range END AS maybe FROM range(100000))"
                + " TO '" + path(f) + "' (FORMAT parquet, ROW_GROUP_SIZE 8192)");
        TransferReport r =
                connector.importFile(f, db, "g", TransferOptions.defaults().withBatchRows(10_000));
        assertEquals(100_000, r.rows());
        assertEquals(10_000, r.nulls());
        try (TableSnapshot s = db.read("g")) {
            assertEquals(ColumnType.STR, s.column("k").type());
            for (int row = 0; row < 100_000; row++) {
                assertEquals(row, s.column("id").getLong(row));
                assertEquals(row * 0.5, s.column("half").getDouble(row));
                assertEquals("k" + (row % 37), s.column("k").getString(row));
                assertEquals(row % 10 == 0 ? 0 : row, s.column("maybe").getLong(row));
            }
        }
    }

    // ---- files zdbc writes, read by DuckDB ----------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "snappy", "zstd", "none"})
    void duckDbReadsEveryValueWeWrite(String codec) throws SQLException {
        // Enough distinct values that dictionaries fall back to PARQUET_2_0's delta encodings.
        int n = 300_000;
        long[] i = new long[n];
        double[] d = new double[n];
        String[] s = new String[n];
        for (int r = 0; r < n; r++) {
            i[r] = r < RoundTripTest.LONGS.length ? RoundTripTest.LONGS[r] : r * 1_000_003L - (1L << 40);
            d[r] = r < RoundTripTest.DOUBLES.length ? RoundTripTest.DOUBLES[r] : r / 7.0;
            s[r] = r < RoundTripTest.STRINGS.length ? RoundTripTest.STRINGS[r] : Integer.toString(r, 36);
        }
        db.write("t", Batch.builder().i64("i", i).f64("f", d).str("s", s).build());
        Path f = dir.resolve("ours.parquet");
        List<Long> progress = new ArrayList<>();
        new ParquetConnector(100_000, 20_000)
                .exportTable(
                        db,
                        "t",
                        f,
                        TransferOptions.defaults()
                                .withCompression(codec)
                                .withProgress((done, total) -> progress.add(done)));
        assertEquals((long) n, progress.get(progress.size() - 1));

        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT i, f, s FROM read_parquet('" + path(f) + "')")) {
            int row = 0;
            try (TableSnapshot snap = db.read("t")) {
                while (rs.next()) {
                    assertEquals(i[row], rs.getLong(1), "i row " + row);
                    double got = rs.getDouble(2);
                    assertTrue(
                            Double.compare(d[row], got) == 0 || (d[row] == 0.0 && got == 0.0),
                            "f row " + row + ": " + got);
                    assertEquals(snap.column("s").getString(row), rs.getString(3), "s row " + row);
                    row++;
                }
            }
            assertEquals(n, row);
        }
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(DISTINCT row_group_id), min(compression), max(compression)"
                        + " FROM parquet_metadata('" + path(f) + "')")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
            String expected = codec.isEmpty() || codec.equals("snappy")
                    ? "SNAPPY"
                    : codec.equals("zstd") ? "ZSTD" : "UNCOMPRESSED";
            assertEquals(expected, rs.getString(2));
            assertEquals(expected, rs.getString(3));
        }
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT column_name, column_type, null FROM (DESCRIBE SELECT * FROM read_parquet('" + path(f)
                                + "'))")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1) + ":" + rs.getString(2));
            }
            assertEquals(List.of("i:BIGINT", "f:DOUBLE", "s:VARCHAR"), types);
        }
    }

    @Test
    void duckDbSignOfNegativeZeroIsKept() throws SQLException {
        db.write("z", Batch.builder().f64("f", -0.0, 0.0).build());
        Path f = dir.resolve("z.parquet");
        connector.exportTable(db, "z", f, TransferOptions.defaults());
        try (Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT signbit(f) FROM read_parquet('" + path(f) + "')")) {
            rs.next();
            assertTrue(rs.getBoolean(1));
            rs.next();
            assertFalse(rs.getBoolean(1));
        }
        assertEquals(List.of(ColumnDef.of("f", ColumnType.F64)), db.info("z").columns());
    }
}
