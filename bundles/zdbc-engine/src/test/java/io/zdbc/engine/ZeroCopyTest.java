package io.zdbc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.ViewClosedException;
import io.zdbc.mmap.impl.ChronicleColumnIO;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zero-copy shown, not claimed: heap growth, views that outlive rewrites and drops, unmapping. */
class ZeroCopyTest extends LeakCheckedTest {
    @TempDir
    Path dir;

    @Test
    void readingATenMillionRowColumnBarelyGrowsTheHeap() {
        int n = 10_000_000;
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        try (Database db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST))) {
            db.write("big", Batch.builder().i64("v", values).build());
            values = null;
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = mem.getHeapMemoryUsage().getUsed();
            long sum = 0;
            try (ColumnView v = db.column("big", "v")) {
                for (long r = 0; r < v.rows(); r++) {
                    sum += v.getLong(r);
                }
                long grown = mem.getHeapMemoryUsage().getUsed() - before;
                assertTrue(v.isMapped());
                assertTrue(grown < 8_000_000, "reading 80 MB grew the heap by " + grown + " bytes");
            }
            assertEquals((long) n * (n - 1) / 2, sum);
        }
    }

    @Test
    void aViewHeldAcrossARewriteReadsTheOldValues() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", Batch.builder().i64("v", 1, 2, 3).build());
            try (ColumnView old = db.column("t", "v")) {
                db.write("t", Batch.builder().i64("v", 9).build());
                db.append("t", Batch.builder().i64("v", 10).build());
                assertEquals(3, old.rows());
                assertEquals(3, old.getLong(2));
                try (ColumnView now = db.column("t", "v")) {
                    assertEquals(2, now.rows());
                    assertEquals(9, now.getLong(0));
                }
            }
        }
    }

    @Test
    void aViewHeldAcrossADropReadsTheOldValues() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", Batch.builder().str("s", "before").build());
            try (ColumnView old = db.column("t", "s")) {
                db.drop("t");
                assertFalse(Files.exists(dir.resolve("dbdir/t.s")));
                assertEquals("before", old.getString(0));
            }
        }
    }

    @Test
    void aViewHeldAcrossAnAppendKeepsItsRowCount() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", Batch.builder().i64("v", 1).build());
            try (ColumnView old = db.column("t", "v")) {
                db.append("t", Batch.builder().i64("v", 2, 3).build());
                assertEquals(1, old.rows());
                assertThrows(IndexOutOfBoundsException.class, () -> old.getLong(1));
            }
        }
    }

    @Test
    void releasingTheLastViewUnmapsTheFile() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/maps")), "needs /proc/self/maps");
        long base = ChronicleColumnIO.liveRegions();
        Database db = Zdbc.open(dir.resolve("db"));
        db.write("t", Batch.builder().i64("v", 1, 2, 3).build());
        ColumnView a = db.column("t", "v");
        ColumnView b = db.column("t", "v");
        assertEquals(base + 1, ChronicleColumnIO.liveRegions(), "two views share one mapping");
        assertTrue(mapped(dir), "the column file is in /proc/self/maps");
        db.close();
        a.close();
        assertEquals(base + 1, ChronicleColumnIO.liveRegions(), "b still holds the mapping");
        assertEquals(2, b.getLong(1));
        b.close();
        assertEquals(base, ChronicleColumnIO.liveRegions());
        assertFalse(mapped(dir), "no mapping of the database is left in /proc/self/maps");
        assertThrows(ViewClosedException.class, () -> b.getLong(0));
    }

    private static boolean mapped(Path dir) throws Exception {
        Path maps = Path.of("/proc/self/maps");
        String real = dir.toRealPath().toString();
        // Column data only: the 8-byte change counter stays mapped for the JVM's life by design.
        return Files.readAllLines(maps).stream().anyMatch(l -> l.contains(real) && !l.endsWith("/.zdbc/changes"));
    }
}
