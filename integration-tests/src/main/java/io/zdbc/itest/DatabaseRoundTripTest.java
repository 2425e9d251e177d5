package io.zdbc.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ViewClosedException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** Write, append, zero-copy read and drop through the DatabaseService, inside the framework. */
@ExtendWith(ServiceExtension.class)
class DatabaseRoundTripTest {
    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    private static Batch people(long[] ids, String[] names, double[] scores) {
        return Batch.builder()
                .i64("id", ids)
                .str("name", names)
                .f64("score", scores)
                .build();
    }

    @Test
    void writeAppendReadBackZeroCopyAndDrop() {
        Path registry = dir.resolve("people.db");
        try (Database db = service.open(registry)) {
            db.write("people", people(new long[] {1, 2, 3}, new String[] {"alice", "bob", "carol"}, new double[] {
                9.5, 7.25, -1.0
            }));
            db.append("people", people(new long[] {4, 5}, new String[] {"dave", "eve"}, new double[] {0.0, 1e300}));

            TableInfo info = db.info("people");
            assertEquals(5, info.rows());
            assertEquals(
                    List.of("id", "name", "score"),
                    info.columns().stream().map(c -> c.name()).toList());
            assertEquals(ColumnType.STR, info.column("name").type());
            assertEquals(List.of("people"), db.tables());

            try (TableSnapshot s = db.read("people")) {
                assertEquals(5, s.rows());
                for (ColumnView v : s.columns()) {
                    assertTrue(v.isMapped(), v.name() + " must be a zero-copy view of the mapped file");
                    assertEquals(5, v.rows());
                }
                assertArrayEquals(new long[] {1, 2, 3, 4, 5}, s.column("id").toLongArray());
                assertArrayEquals(
                        new String[] {"alice", "bob", "carol", "dave", "eve"},
                        s.column("name").toStringArray());
                assertArrayEquals(
                        new double[] {9.5, 7.25, -1.0, 0.0, 1e300},
                        s.column("score").toDoubleArray());
                assertEquals(4L, s.column("id").getLong(3));
                assertEquals("carol", s.column("name").getString(2));
                assertEquals(7.25, s.column("score").getDouble(1));
            }

            try (ColumnView id = db.column("people", "id")) {
                assertTrue(id.isMapped());
                ColumnView copy = id.copy();
                assertFalse(copy.isMapped());
                assertArrayEquals(id.toLongArray(), copy.toLongArray());
            }

            db.drop("people");
            assertFalse(db.exists("people"));
            assertEquals(List.of(), db.tables());
            assertThrows(NoSuchTableException.class, () -> db.read("people"));
        }
    }

    @Test
    void committedDataSurvivesReopening() {
        Path registry = dir.resolve("durable.db");
        try (Database db = service.open(registry)) {
            db.write("t", Batch.builder().i64("n", 10, 20, 30).build());
        }
        try (Database db = service.open(registry);
                ColumnView n = db.column("t", "n")) {
            assertTrue(n.isMapped());
            assertArrayEquals(new long[] {10, 20, 30}, n.toLongArray());
        }
    }

    @Test
    void viewsTakenBeforeRewriteAndDropKeepTheirValues() {
        try (Database db = service.open(dir.resolve("mvcc.db"))) {
            db.write("t", people(new long[] {1, 2}, new String[] {"old1", "old2"}, new double[] {1.5, 2.5}));

            TableSnapshot beforeRewrite = db.read("t");
            db.write(
                    "t",
                    people(new long[] {7, 8, 9}, new String[] {"new7", "new8", "new9"}, new double[] {7.5, 8.5, 9.5}));

            try (TableSnapshot now = db.read("t")) {
                assertEquals(3, now.rows());
                assertArrayEquals(new long[] {7, 8, 9}, now.column("id").toLongArray());
                assertTrue(now.version() > beforeRewrite.version());
            }
            // The old snapshot still shows the version it was taken at.
            assertEquals(2, beforeRewrite.rows());
            assertTrue(beforeRewrite.column("id").isMapped());
            assertArrayEquals(new long[] {1, 2}, beforeRewrite.column("id").toLongArray());
            assertArrayEquals(
                    new String[] {"old1", "old2"}, beforeRewrite.column("name").toStringArray());
            assertArrayEquals(
                    new double[] {1.5, 2.5}, beforeRewrite.column("score").toDoubleArray());

            ColumnView beforeDrop = db.column("t", "name");
            db.drop("t");
            assertFalse(db.exists("t"));
            assertThrows(NoSuchTableException.class, () -> db.column("t", "name"));
            assertArrayEquals(new String[] {"new7", "new8", "new9"}, beforeDrop.toStringArray());
            assertArrayEquals(new long[] {1, 2}, beforeRewrite.column("id").toLongArray());

            beforeDrop.close();
            beforeRewrite.close();
            assertThrows(ViewClosedException.class, () -> beforeDrop.getString(0));
            assertThrows(
                    ViewClosedException.class, () -> beforeRewrite.column("id").getLong(0));
        }
    }
}
