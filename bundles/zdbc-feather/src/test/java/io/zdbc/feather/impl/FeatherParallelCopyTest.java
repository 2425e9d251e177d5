package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columns of a record batch are copied on two threads, and int64, float64 and microsecond
 * columns without nulls in one bulk copy of the Arrow buffer: the table must hold exactly the
 * values written, whatever the threads, for record batches with and without nulls, of sizes that
 * do not line up with zdbc's batches. Random data: the seed is printed ({@code -Dzdbc.fuzz.seed=…}).
 */
class FeatherParallelCopyTest {
    private static final long[] LONG_EDGES = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
    private static final double[] DOUBLE_EDGES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE
    };

    @TempDir
    Path dir;

    /** What the table must hold: nulls as 0, NaN and the empty string. */
    private long[] ids;

    private long[] longs;
    private double[] doubles;
    private long[] micros;
    private String[] strings;

    @Test
    void twoThreadsAndBulkCopiesImportExactlyTheValuesWritten() throws IOException {
        long seed = Long.getLong("zdbc.fuzz.seed", System.nanoTime());
        System.out.println("FeatherParallelCopyTest seed " + seed + " (-Dzdbc.fuzz.seed=" + seed + ")");
        Path f = dir.resolve("random.feather");
        write(f, new Random(seed), new int[] {1, 1000, 4093, 0, 2500, 7000, 333});
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            for (int threads = 1; threads <= 2; threads++) {
                String table = "t" + threads;
                TransferReport r = new FeatherConnector(threads)
                        .importFile(f, db, table, TransferOptions.defaults().withBatchRows(1024));
                assertEquals(ids.length, r.rows(), "seed " + seed);
                try (TableSnapshot s = db.read(table)) {
                    assertArrayEquals(ids, s.column("id").toLongArray(), "seed " + seed);
                    assertArrayEquals(longs, s.column("l").toLongArray(), "seed " + seed);
                    assertArrayEquals(micros, s.column("ts").toLongArray(), "seed " + seed);
                    assertArrayEquals(strings, s.column("s").toStringArray(), "seed " + seed);
                    double[] got = s.column("d").toDoubleArray();
                    for (int i = 0; i < got.length; i++) {
                        assertEquals(
                                Double.doubleToRawLongBits(doubles[i]),
                                Double.doubleToRawLongBits(got[i]),
                                "seed " + seed + ", row " + i);
                    }
                }
            }
        }
    }

    @Test
    void strictNullInALaterColumnFailsAsOnOneThreadAndLeavesTheTableUnchanged() throws IOException {
        Path f = dir.resolve("null.feather");
        write(f, new Random(1), new int[] {3000, 3000}); // nulls in l, d and s of the second batch
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write(
                    "t",
                    Batch.builder()
                            .i64("id", 1)
                            .i64("l", 2)
                            .f64("d", 3)
                            .i64("ts", 4)
                            .str("s", "old")
                            .build());
            String[] messages = new String[2];
            for (int threads = 1; threads <= 2; threads++) {
                FeatherConnector c = new FeatherConnector(threads);
                messages[threads - 1] = assertThrows(
                                ZdbcException.class,
                                () -> c.importFile(
                                        f, db, "t", TransferOptions.defaults().withStrict(true)))
                        .getMessage();
                try (TableSnapshot s = db.read("t")) {
                    assertEquals(1, s.rows());
                    assertEquals("old", s.column("s").getString(0));
                }
            }
            assertEquals(messages[0], messages[1]);
        }
    }

    /**
     * Record batches of the given sizes with columns id (0, 1, …), l (int64), d (float64), ts
     * (timestamp µs) and s (utf8); every other batch has nulls in l, d and s.
     */
    private void write(Path f, Random rnd, int[] batchRows) throws IOException {
        int total = 0;
        for (int n : batchRows) {
            total += n;
        }
        ids = new long[total];
        longs = new long[total];
        doubles = new double[total];
        micros = new long[total];
        strings = new String[total];
        try (BufferAllocator alloc = Allocators.root();
                BigIntVector id = new BigIntVector("id", alloc);
                BigIntVector l = new BigIntVector("l", alloc);
                Float8Vector d = new Float8Vector("d", alloc);
                TimeStampMicroVector ts = new TimeStampMicroVector("ts", alloc);
                VarCharVector s = new VarCharVector("s", alloc);
                VectorSchemaRoot root = new VectorSchemaRoot(List.of(id, l, d, ts, s));
                FileChannel ch = FileChannel.open(
                        f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            int row = 0;
            for (int b = 0; b < batchRows.length; b++) {
                boolean nulls = b % 2 == 1;
                root.allocateNew();
                for (int i = 0; i < batchRows[b]; i++, row++) {
                    ids[row] = row;
                    id.setSafe(i, row);
                    micros[row] = rnd.nextInt(8) == 0 ? LONG_EDGES[rnd.nextInt(LONG_EDGES.length)] : rnd.nextLong();
                    ts.setSafe(i, micros[row]);
                    if (nulls && rnd.nextInt(5) == 0) {
                        l.setNull(i);
                        d.setNull(i);
                        s.setNull(i);
                        doubles[row] = Double.NaN;
                        strings[row] = "";
                        continue;
                    }
                    longs[row] = rnd.nextInt(8) == 0 ? LONG_EDGES[rnd.nextInt(LONG_EDGES.length)] : rnd.nextLong();
                    l.setSafe(i, longs[row]);
                    doubles[row] =
                            rnd.nextInt(8) == 0 ? DOUBLE_EDGES[rnd.nextInt(DOUBLE_EDGES.length)] : rnd.nextGaussian();
                    d.setSafe(i, doubles[row]);
                    strings[row] = "v" + rnd.nextInt(1000);
                    s.setSafe(i, strings[row].getBytes(StandardCharsets.UTF_8));
                }
                root.setRowCount(batchRows[b]);
                w.writeBatch();
            }
            w.end();
        }
    }
}
