package io.zdbc.pytests;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared test vectors (testdata/vectors/README.md): one database, {@code types/db}, written by
 * Java here and by Python in python/tests/test_vectors.py with the same calls and values.
 */
final class Vectors {
    static final int BIG_ROWS = 1000;

    private Vectors() {}

    static void write(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("types"));
        try (Database db = Zdbc.open(dir.resolve("types/db"))) {
            db.write(
                    "edges",
                    Batch.builder()
                            .i64("i", Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, (1L << 53) + 1)
                            .f64(
                                    "f",
                                    Double.NaN,
                                    Double.POSITIVE_INFINITY,
                                    Double.NEGATIVE_INFINITY,
                                    -0.0,
                                    Double.MIN_VALUE,
                                    Double.MAX_VALUE)
                            .str("s", "", "abcdefgh", "abcdefghij", "aÄÄÄÄ", "Zoë", "ab😀cd")
                            .build());
            db.write(
                    "data/players",
                    Batch.builder()
                            .i64("id", 1, 2, 3)
                            .str("name", "Alice", "Bob", "Zoë")
                            .f64("score", 10.5, 20.0, -1.25)
                            .build());
            db.create(
                    "empty",
                    List.of(
                            new ColumnDef("a", ColumnType.I64),
                            new ColumnDef("b", ColumnType.F64),
                            new ColumnDef("c", ColumnType.STR)));
            db.write("appended", Batch.builder().i64("n", range(0, 10)).build());
            db.append("appended", Batch.builder().i64("n", range(10, 20)).build());
            long[] i = new long[BIG_ROWS];
            double[] f = new double[BIG_ROWS];
            String[] s = new String[BIG_ROWS];
            for (int r = 0; r < BIG_ROWS; r++) {
                i[r] = (r * 7919L) % 10007 - 5000;
                f[r] = r / 3.0;
                s[r] = "r" + r;
            }
            db.write("big", Batch.builder().i64("i", i).f64("f", f).str("s", s).build());
            db.write("dropped", Batch.builder().i64("x", 1).build());
            db.drop("dropped");
        }
    }

    private static long[] range(int from, int to) {
        long[] v = new long[to - from];
        for (int k = 0; k < v.length; k++) {
            v[k] = from + k;
        }
        return v;
    }
}
