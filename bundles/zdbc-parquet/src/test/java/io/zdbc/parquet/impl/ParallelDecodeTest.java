package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columns of a batch are decoded on two threads: the table must be exactly what one thread
 * makes of the same file, for every Parquet type zdbc maps, edge values, nulls, dictionary pages
 * that fall back to plain pages, and batches that span row groups. Random data: the seed is printed
 * ({@code -Dzdbc.fuzz.seed=…} repeats a run, {@code -Dzdbc.parquet.parallel.rows=…} sizes it).
 */
class ParallelDecodeTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message m {"
            + " required int64 id;"
            + " optional int64 n64;"
            + " required int32 i32;"
            + " optional int32 u32 (INTEGER(32,false));"
            + " required boolean b;"
            + " required float f32;"
            + " optional double f64;"
            + " optional binary s (STRING);"
            + " required binary d (STRING);"
            + " required int64 tsm (TIMESTAMP(MILLIS,true));"
            + " required int64 tsn (TIMESTAMP(NANOS,true));"
            + " required int32 day (DATE);"
            + " required int32 dec32 (DECIMAL(9,2));"
            + " required int64 dec64 (DECIMAL(18,4));"
            + " required binary decb (DECIMAL(30,3));"
            + " }");

    private static final long[] LONG_EDGES = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Integer.MIN_VALUE};
    private static final int[] INT_EDGES = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1};
    private static final double[] DOUBLE_EDGES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE
    };
    private static final String[] STRING_EDGES = {"", " ", "12345678", "123456789", "ééééé", "日本語テキスト", "a\u0000b"};
    private static final String[] DICTIONARY = {"AAPL", "MSFT", "GOOG", "AMZN", "BRK.B", "ÄÖÜ-long-name", ""};

    @TempDir
    Path dir;

    @Test
    void twoThreadsDecodeRandomDataExactlyAsOneThread() throws IOException {
        long seed = Long.getLong("zdbc.fuzz.seed", System.nanoTime());
        int rows = Integer.getInteger("zdbc.parquet.parallel.rows", 20_000);
        System.out.println("ParallelDecodeTest seed " + seed + " rows " + rows + " (-Dzdbc.fuzz.seed=" + seed + ")");
        Path f = dir.resolve("random.parquet");
        int nullS = write(f, new Random(seed), rows);
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            TransferOptions options = TransferOptions.defaults().withBatchRows(777);
            TransferReport one = new ParquetConnector(3_000, 500, 1).importFile(f, db, "one", options);
            TransferReport two = new ParquetConnector(3_000, 500, 2).importFile(f, db, "two", options);
            assertEquals(rows, one.rows(), "seed " + seed);
            assertEquals(one, new TransferReport("one", two.rows(), two.trimmed(), two.nulls(), two.skipped()));
            assertTrue(one.nulls() >= nullS, "seed " + seed);
            try (TableSnapshot a = db.read("one");
                    TableSnapshot b = db.read("two")) {
                assertEquals(a.rows(), b.rows());
                for (ColumnView va : a.columns()) {
                    ColumnView vb = b.column(va.name());
                    assertEquals(va.type(), vb.type(), va.name());
                    for (long r = 0; r < a.rows(); r++) {
                        if (va.getRaw(r) != vb.getRaw(r)) {
                            throw new AssertionError("seed " + seed + ": column '" + va.name() + "' row " + r
                                    + ": one thread " + Long.toHexString(va.getRaw(r)) + ", two threads "
                                    + Long.toHexString(vb.getRaw(r)));
                        }
                    }
                }
                // and what one thread makes is the mapping of docs/CONNECTORS.md
                for (long r = 0; r < rows; r++) {
                    assertEquals(r, a.column("id").getLong(r));
                }
            }
        }
    }

    @Test
    void aNullInTheLastColumnOfALateRowGroupFailsAsOnOneThreadAndLeavesTheTableUnchanged() throws IOException {
        Path f = dir.resolve("late-null.parquet");
        MessageType schema = MessageTypeParser.parseMessageType(
                "message m { required int64 a; optional double b; optional binary c (STRING); }");
        int rows = 10_000;
        try (ParquetWriter<Group> w = TestFiles.writer(f, schema, 1_000, 100)) {
            SimpleGroupFactory g = new SimpleGroupFactory(schema);
            for (int r = 0; r < rows; r++) {
                Group row = g.newGroup().append("a", (long) r).append("b", r * 0.5);
                if (r != 9_321) {
                    row.append("c", "v" + r % 10);
                }
                w.write(row);
            }
        }
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write(
                    "t",
                    Batch.builder().i64("a", 7).f64("b", 1.5).str("c", "old").build());
            TransferOptions strict = TransferOptions.defaults().withStrict(true).withBatchRows(512);
            String[] messages = new String[2];
            for (int threads = 1; threads <= 2; threads++) {
                ParquetConnector c = new ParquetConnector(1_000, 100, threads);
                messages[threads - 1] = assertThrows(ZdbcException.class, () -> c.importFile(f, db, "t", strict))
                        .getMessage();
                assertEquals(1, db.count("t"));
                try (TableSnapshot s = db.read("t")) {
                    assertEquals(7, s.column("a").getLong(0));
                    assertEquals("old", s.column("c").getString(0));
                }
            }
            assertEquals(messages[0], messages[1]);
            assertTrue(messages[1].contains("column 'c'") && messages[1].contains("9322"), messages[1]);
        }
    }

    /** Writes {@code rows} random rows; returns how many {@code s} values are null. */
    private static int write(Path f, Random rnd, int rows) throws IOException {
        int nullS = 0;
        try (ParquetWriter<Group> w = TestFiles.writer(f, SCHEMA, 3_000, 500)) {
            SimpleGroupFactory g = new SimpleGroupFactory(SCHEMA);
            for (int r = 0; r < rows; r++) {
                Group row = g.newGroup().append("id", (long) r);
                if (rnd.nextInt(5) != 0) {
                    row.append("n64", randomLong(rnd));
                }
                row.append("i32", randomInt(rnd));
                if (rnd.nextInt(5) != 0) {
                    row.append("u32", randomInt(rnd));
                }
                row.append("b", rnd.nextBoolean());
                row.append("f32", (float) randomDouble(rnd));
                if (rnd.nextInt(5) != 0) {
                    row.append("f64", randomDouble(rnd));
                }
                // distinct values early, so the dictionary outgrows its page and the chunk goes on in plain pages
                if (rnd.nextInt(7) != 0) {
                    row.append("s", rnd.nextInt(4) == 0 ? STRING_EDGES[rnd.nextInt(STRING_EDGES.length)] : "s" + r);
                } else {
                    nullS++;
                }
                row.append("d", DICTIONARY[rnd.nextInt(DICTIONARY.length)]);
                row.append("tsm", rnd.nextLong() / 1_000_000);
                row.append("tsn", randomLong(rnd));
                row.append("day", rnd.nextInt(100_000) - 50_000);
                row.append("dec32", rnd.nextInt(1_000_000_000));
                row.append("dec64", randomLong(rnd));
                row.append(
                        "decb",
                        Binary.fromConstantByteArray(new BigInteger(100, rnd)
                                .subtract(BigInteger.ONE.shiftLeft(99))
                                .toByteArray()));
                w.write(row);
            }
        }
        return nullS;
    }

    private static long randomLong(Random rnd) {
        return rnd.nextInt(8) == 0 ? LONG_EDGES[rnd.nextInt(LONG_EDGES.length)] : rnd.nextLong();
    }

    private static int randomInt(Random rnd) {
        return rnd.nextInt(8) == 0 ? INT_EDGES[rnd.nextInt(INT_EDGES.length)] : rnd.nextInt();
    }

    private static double randomDouble(Random rnd) {
        return rnd.nextInt(8) == 0 ? DOUBLE_EDGES[rnd.nextInt(DOUBLE_EDGES.length)] : rnd.nextGaussian() * 1e6;
    }
}
