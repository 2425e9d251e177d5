package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void writeAppendRead() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("players", Batch.builder().i64("id", 1, 2).str("name", "Alice", "Bob").f64("score", 1.5, 2.5).build());
            db.append("players", Batch.builder().i64("id", 3).str("name", "Eve").f64("score", 3.5).build());
            try (TableSnapshot s = db.read("players")) {
                assertEquals(3, s.rows());
                assertArrayEquals(new long[] {1, 2, 3}, s.column("id").toLongArray());
                assertArrayEquals(new String[] {"Alice", "Bob", "Eve"}, s.column("name").toStringArray());
                assertArrayEquals(new double[] {1.5, 2.5, 3.5}, s.column("score").toDoubleArray());
            }
            try (ColumnView v = db.column("players", "id")) {
                assertEquals(3, v.getLong(2));
            }
        }
    }
}
