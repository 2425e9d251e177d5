package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest extends LeakCheckedTest {
    @TempDir
    Path dir;

    Database db;

    Database db() {
        if (db == null) {
            db = Zdbc.open(dir.resolve("db"));
        }
        return db;
    }

    @AfterEach
    void closeDb() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void i64EdgeValuesRoundTrip() {
        long[] v = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42};
        db().write("t", Batch.builder().i64("v", v).build());
        try (ColumnView c = db().column("t", "v")) {
            assertArrayEquals(v, c.toLongArray());
            assertEquals(Long.MIN_VALUE, c.getLong(0));
            assertEquals(Long.MAX_VALUE, c.getLong(4));
        }
    }

    @Test
    void f64EdgeValuesRoundTripBitForBit() {
        double[] v = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MIN_NORMAL,
            0.1,
            Double.longBitsToDouble(0x7ff8_0000_dead_beefL)
        };
        db().write("t", Batch.builder().f64("v", v).build());
        try (ColumnView c = db().column("t", "v")) {
            double[] back = c.toDoubleArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "index " + i);
                assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(c.getDouble(i)));
            }
        }
    }

    @Test
    void stringsAreSpacePaddedOnDiskAndTrimmedOnRead() throws Exception {
        String[] v = {"", "a", "12345678", "123456789", "Zoë", "日本語です", "ab\u00e9\u00e9\u00e9\u00e9", "x😀😀"};
        db().write("t", Batch.builder().str("s", v).build());
        byte[] disk = Files.readAllBytes(dir.resolve("dbdir/t.s"));
        assertEquals(v.length * 8, disk.length);
        assertArrayEquals("        ".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(disk, 0, 8));
        assertArrayEquals("a       ".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(disk, 8, 16));
        try (ColumnView c = db().column("t", "s")) {
            String[] back = c.toStringArray();
            assertEquals("", back[0]);
            assertEquals("a", back[1]);
            assertEquals("12345678", back[2]);
            assertEquals("12345678", back[3], "longer input is trimmed to 8 bytes");
            assertEquals("Zoë", back[4]);
            assertEquals("日本", back[5], "3-byte characters: 6 bytes fit, the third would split");
            assertEquals("ab\u00e9\u00e9\u00e9", back[6], "2-byte characters: 8 bytes exactly");
            assertEquals("x😀", back[7], "4-byte character: 5 bytes fit, the second would split");
            assertArrayEquals("a       ".getBytes(StandardCharsets.US_ASCII), c.getRawString(1));
            for (String s : back) {
                assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= 8);
            }
        }
    }

    @Test
    void strTrimNeverSplitsAUtf8Character() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(12);
            for (int j = 0; j < n; j++) {
                int kind = rnd.nextInt(4);
                sb.appendCodePoint(
                        kind == 0
                                ? 'a' + rnd.nextInt(26)
                                : kind == 1
                                        ? 0xe0 + rnd.nextInt(30)
                                        : kind == 2 ? 0x4e00 + rnd.nextInt(500) : 0x1f600 + rnd.nextInt(50));
            }
            String s = sb.toString();
            byte[] enc = Str8.encode(s);
            String dec = Str8.decode(enc, 0);
            assertTrue(s.startsWith(dec), "decoded value is a prefix of the input");
            byte[] full = s.getBytes(StandardCharsets.UTF_8);
            assertTrue(full.length <= 8 ? dec.equals(s) : dec.getBytes(StandardCharsets.UTF_8).length > 8 - 4);
        }
    }

    @Test
    void zeroRowAndOneRowTables() {
        db().create("empty", List.of(ColumnDef.of("a", ColumnType.I64), ColumnDef.of("b", ColumnType.STR)));
        try (TableSnapshot s = db().read("empty")) {
            assertEquals(0, s.rows());
            assertEquals(0, s.column("a").toLongArray().length);
        }
        db().append("empty", Batch.builder().i64("a", 7).str("b", "x").build());
        db().write("one", Batch.builder().f64("x", 1.5).build());
        assertEquals(1, db().count("empty"));
        try (ColumnView c = db().column("one", "x")) {
            assertEquals(1.5, c.getDouble(0));
        }
    }

    @Test
    void millionRows() {
        int n = 1_000_000;
        long[] id = new long[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            id[i] = i * 3L;
            x[i] = i / 7.0;
        }
        db().write("big", Batch.builder().i64("id", id).f64("x", x).build());
        try (TableSnapshot s = db().read("big")) {
            assertEquals(n, s.rows());
            assertArrayEquals(id, s.column("id").toLongArray());
            assertArrayEquals(x, s.column("x").toDoubleArray());
            assertEquals(3L * (n - 1), s.column("id").getLong(n - 1));
        }
    }

    @Test
    void fiftyFiveColumns() {
        Batch.Builder b = Batch.builder();
        for (int c = 0; c < 55; c++) {
            switch (c % 3) {
                case 0:
                    b.i64("c" + c, c, c + 1L, c + 2L);
                    break;
                case 1:
                    b.f64("c" + c, c + 0.5, c + 1.5, c + 2.5);
                    break;
                default:
                    b.str("c" + c, "s" + c, "t" + c, "u" + c);
            }
        }
        db().write("wide", b.build());
        try (TableSnapshot s = db().read("wide")) {
            assertEquals(55, s.columns().size());
            assertEquals(54 + 2L, s.column("c54").getLong(2));
            assertEquals(52 + 1.5, s.column("c52").getDouble(1), "c52 is f64");
            assertEquals("t53", s.column("c53").getString(1));
        }
    }

    @Test
    void thousandTablesWithNestedNames() {
        for (int i = 0; i < 1000; i++) {
            String name = i % 2 == 0 ? "t" + i : "group" + (i % 7) + "/sub/t" + i;
            db().write(name, Batch.builder().i64("v", i).build());
        }
        assertEquals(1000, db().tables().size());
        assertTrue(Files.exists(dir.resolve("dbdir/group3/sub/t3.schema")));
        try (Database again = Zdbc.open(dir.resolve("db"))) {
            for (int i = 0; i < 1000; i += 37) {
                String name = i % 2 == 0 ? "t" + i : "group" + (i % 7) + "/sub/t" + i;
                try (ColumnView c = again.column(name, "v")) {
                    assertEquals(i, c.getLong(0));
                }
            }
        }
    }

    @Test
    void subsetReadTouchesOnlyNamedColumnsInOrder() {
        db().write("t", Batch.builder().i64("a", 1).f64("b", 2).str("c", "3").build());
        try (TableSnapshot s = db().read("t", List.of("c", "a"))) {
            assertEquals(
                    List.of("c", "a"),
                    List.of(s.columns().get(0).name(), s.columns().get(1).name()));
        }
    }

    @Test
    void copyOutlivesTheViewAndTheDatabase() {
        db().write("t", Batch.builder().str("s", "keep", "me").build());
        ColumnView copy;
        try (ColumnView c = db().column("t", "s")) {
            copy = c.copy();
            assertTrue(c.isMapped());
        }
        db().close();
        db = null;
        assertFalse(copy.isMapped());
        assertArrayEquals(new String[] {"keep", "me"}, copy.toStringArray());
    }

    @Test
    void randomOperationsMatchAReferenceModel() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Long> model = new ArrayList<>();
        db().write("m", Batch.builder().i64("v", new long[0]).build());
        for (int step = 0; step < 300; step++) {
            int op = rnd.nextInt(10);
            if (op < 7) {
                long[] add = rnd.longs(rnd.nextInt(50)).toArray();
                db().append("m", Batch.of(List.of(ColumnData.ofLongs("v", add))));
                for (long a : add) {
                    model.add(a);
                }
            } else if (op < 9) {
                long[] all = rnd.longs(rnd.nextInt(100)).toArray();
                db().write("m", Batch.builder().i64("v", all).build());
                model.clear();
                for (long a : all) {
                    model.add(a);
                }
            } else {
                try (ColumnView c = db().column("m", "v")) {
                    long[] expect = model.stream().mapToLong(Long::longValue).toArray();
                    assertArrayEquals(expect, c.toLongArray(), "step " + step);
                }
            }
        }
        assertEquals(model.size(), db().count("m"));
    }
}
