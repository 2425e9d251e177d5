package io.zdbc.sql.differential;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One random table of the differential test: written with zdbc, read back, and loaded into
 * DuckDB with the values zdbc read (str as its 8 padded bytes, {@link Difference#STR_IS_8_PADDED_BYTES}).
 */
final class DiffTable {
    /** Two columns of each type; b and u draw from small sets so that groups and IN lists hit. */
    static final List<String> COLUMNS = List.of("a", "b", "f", "g", "s", "u");

    static final List<ColumnType> TYPES =
            List.of(ColumnType.I64, ColumnType.I64, ColumnType.F64, ColumnType.F64, ColumnType.STR, ColumnType.STR);

    static final long[] I64_EDGES = {
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        Long.MAX_VALUE,
        Long.MAX_VALUE - 1,
        0,
        -1,
        1,
        1L << 53,
        (1L << 53) + 1,
        -(1L << 53) - 1,
        9_210_000_000_000_000_000L,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE
    };
    static final double[] F64_EDGES = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -0.0,
        0.0,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        1e300,
        -1e300,
        0.1,
        9.2e18,
        9.223372036854775807E18,
        -9.223372036854775808E18,
        4503599627370497.0
    };
    /** Empty, exactly 8 bytes, longer (trimmed), multi-byte UTF-8 at and across the 8-byte mark, trailing spaces. */
    static final String[] STRS = {
        "",
        "a",
        "A",
        "ab",
        "abc",
        "AAPL",
        "MSFT",
        "IBM",
        "abcdefgh",
        "abcdefghij",
        "abcdefg\u20ac",
        "abcdef\u20ac",
        "abcdefg\u00e9",
        "abcdef\u00e9",
        "Zo\u00eb",
        "na\u00efve",
        "\u00f1",
        "\u65e5\u672c\u8a9e",
        "\u65e5\u672c\u8a9ex",
        "\ud83d\ude00",
        "ab\ud83d\ude00cd",
        "abcde\ud83d\ude00",
        "\ufffd",
        "\uff5e",
        "~",
        "a b",
        " a",
        "a ",
        "a!",
        "z",
        "Z\u00fcrich!!"
    };

    final String name;
    final String duckName;
    final int rows;
    /** Per column: long[] for i64, double[] for f64, long[] of packed bytes for str (as read back). */
    final Object[] data = new Object[COLUMNS.size()];

    private DiffTable(String name, String duckName, int rows) {
        this.name = name;
        this.duckName = duckName;
        this.rows = rows;
    }

    static ColumnType type(String column) {
        return TYPES.get(COLUMNS.indexOf(column));
    }

    /** Writes a random table to {@code db} (one write, or a write and an append), then reads it back. */
    static DiffTable create(Database db, String name, String duckName, int rows, SplittableRandom rnd) {
        long[] a = new long[rows];
        long[] b = new long[rows];
        double[] f = new double[rows];
        double[] g = new double[rows];
        String[] s = new String[rows];
        String[] u = new String[rows];
        for (int i = 0; i < rows; i++) {
            a[i] = i64(rnd, false);
            b[i] = i64(rnd, true);
            f[i] = f64(rnd);
            g[i] = rnd.nextInt(4) == 0 ? f64(rnd) : rnd.nextInt(-3, 4);
            s[i] = STRS[rnd.nextInt(STRS.length)];
            u[i] = STRS[rnd.nextInt(6)];
        }
        int split = rows > 1 && rnd.nextBoolean() ? rnd.nextInt(1, rows) : rows;
        db.write(name, batch(a, b, f, g, s, u, 0, split));
        if (split < rows) {
            db.append(name, batch(a, b, f, g, s, u, split, rows));
        }
        DiffTable t = new DiffTable(name, duckName, rows);
        try (TableSnapshot snap = db.read(name)) {
            if (snap.rows() != rows) {
                throw new AssertionError(name + ": wrote " + rows + " rows, read " + snap.rows());
            }
            for (int c = 0; c < COLUMNS.size(); c++) {
                var v = snap.column(COLUMNS.get(c));
                if (TYPES.get(c) == ColumnType.F64) {
                    double[] d = new double[rows];
                    for (int r = 0; r < rows; r++) {
                        d[r] = v.getDouble(r);
                    }
                    t.data[c] = d;
                } else {
                    long[] l = new long[rows];
                    for (int r = 0; r < rows; r++) {
                        l[r] = TYPES.get(c) == ColumnType.I64 ? v.getLong(r) : v.getRaw(r);
                    }
                    t.data[c] = l;
                }
            }
        }
        return t;
    }

    private static Batch batch(long[] a, long[] b, double[] f, double[] g, String[] s, String[] u, int from, int to) {
        return Batch.builder()
                .i64("a", Arrays.copyOfRange(a, from, to))
                .i64("b", Arrays.copyOfRange(b, from, to))
                .f64("f", Arrays.copyOfRange(f, from, to))
                .f64("g", Arrays.copyOfRange(g, from, to))
                .str("s", Arrays.copyOfRange(s, from, to))
                .str("u", Arrays.copyOfRange(u, from, to))
                .build();
    }

    static long i64(SplittableRandom rnd, boolean small) {
        int k = rnd.nextInt(20);
        if (k < (small ? 18 : 8)) {
            return rnd.nextInt(-3, 4);
        }
        if (k < (small ? 19 : 11)) {
            return I64_EDGES[rnd.nextInt(I64_EDGES.length)];
        }
        if (k < 16) {
            return rnd.nextInt(-1000, 1001);
        }
        return rnd.nextLong();
    }

    static double f64(SplittableRandom rnd) {
        int k = rnd.nextInt(20);
        if (k < 6) {
            return rnd.nextInt(-3, 4);
        }
        if (k < 8) {
            return rnd.nextInt(-6, 7) / 2.0;
        }
        if (k < 9) {
            return F64_EDGES[rnd.nextInt(F64_EDGES.length)];
        }
        if (k < 17) {
            return Math.round(rnd.nextDouble(-2000, 2000) * 100) / 100.0;
        }
        return rnd.nextDouble(-1e6, 1e6) * Math.pow(10, rnd.nextInt(-20, 20));
    }

    /** The padded 8 bytes of a packed str value, as DuckDB gets them: valid UTF-8 (zdbc never splits a character). */
    static String padded(long packed) {
        byte[] b = new byte[Str8.WIDTH];
        Str8.unpack(packed, b, 0);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The value of {@code column} at {@code row} as an expected cell. */
    Expect cell(int column, int row) {
        switch (TYPES.get(column)) {
            case I64:
                return Expect.exact(((long[]) data[column])[row]);
            case F64:
                return Expect.exact(((double[]) data[column])[row]);
            default:
                return Expect.exact(new Expect.Packed(((long[]) data[column])[row]));
        }
    }

    /** Creates and fills the DuckDB copy, with the row number in {@code rid}. */
    void load(Connection duck) throws SQLException {
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE " + duckName
                    + " (a BIGINT, b BIGINT, f DOUBLE, g DOUBLE, s VARCHAR, u VARCHAR, rid BIGINT)");
        }
        long[] a = (long[]) data[0];
        long[] b = (long[]) data[1];
        double[] f = (double[]) data[2];
        double[] g = (double[]) data[3];
        long[] s = (long[]) data[4];
        long[] u = (long[]) data[5];
        try (DuckDBAppender app = ((DuckDBConnection) duck).createAppender(DuckDBConnection.DEFAULT_SCHEMA, duckName)) {
            for (int r = 0; r < rows; r++) {
                app.beginRow();
                app.append(a[r]);
                app.append(b[r]);
                app.append(f[r]);
                app.append(g[r]);
                app.append(padded(s[r]));
                app.append(padded(u[r]));
                app.append((long) r);
                app.endRow();
            }
        }
    }
}
