package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.format.impl.HandBuilt.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming writes (an import pulling batches while the write lock is held): the rows of every
 * batch land in one commit, and a source that fails part-way leaves the table as it was, with
 * nothing half-written on disk and no intent left for the next writer.
 */
class StreamingWriteTest {
    @TempDir
    Path tmp;

    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));
    static final Table ALL = table(
            "t",
            5,
            i64("id", 1, 2, 3, 4, 5),
            str("name", "a", "b", "c", "d", "e"),
            f64("score", 1.5, 2.5, 3.5, 4.5, 5.5));

    /** Yields the batches, then throws instead of ending. */
    static Iterator<Batch> failingAfter(List<Batch> good) {
        Iterator<Batch> it = good.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Batch next() {
                if (it.hasNext()) {
                    return it.next();
                }
                throw new IllegalStateException("line 42: bad row");
            }
        };
    }

    @Test
    void batchesOfANewTableLandInOneCommit() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.defs(V1), List.of(Db.batch(V1), Db.batch(MORE)).iterator());
            Db.assertReads(s, ALL, "t");
            assertEquals(1, s.state("t").version(), "one commit");
            Db.assertLegacyFiles(reg, ALL);
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void zeroBatchesMakeAnEmptyTable() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.defs(V1), Collections.emptyIterator());
            assertEquals(0, s.state("t").rows());
            assertEquals(Db.defs(V1), s.state("t").columns());
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void batchesOfAnAppendLandInOneCommit() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(table("t", 1, i64("id", 1), str("name", "a"), f64("score", 1.5))));
            long before = s.state("t").version();
            Table two = table("t", 2, i64("id", 2, 3), str("name", "b", "c"), f64("score", 2.5, 3.5));
            s.append("t", List.of(Db.batch(two), Db.batch(MORE)).iterator());
            Db.assertReads(s, ALL, "t");
            assertEquals(before + 1, s.state("t").version(), "one commit");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void failingSourceLeavesNoNewTable() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> s.replace("t", Db.defs(V1), failingAfter(List.of(Db.batch(V1), Db.batch(MORE)))));
            assertEquals("line 42: bad row", e.getMessage());
            assertFalse(s.tables().contains("t"));
            assertThrows(NoSuchTableException.class, () -> s.state("t"));
            assertFalse(Files.exists(new Layout(reg).intentFile()), "cleaned up at once, not left to recovery");
            Db.assertNoLegacyFiles(reg, "t", List.of("id", "name", "score"));
            Db.assertNoStrayFiles(reg, s);
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void failingSourceLeavesAReplacedTableAsItWas() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(V1));
            long version = s.state("t").version();
            assertThrows(
                    IllegalStateException.class,
                    () -> s.replace("t", Db.defs(MORE), failingAfter(List.of(Db.batch(MORE)))));
            Db.assertReads(s, V1, "t");
            assertEquals(version, s.state("t").version());
            Db.assertLegacyFiles(reg, V1);
            Db.assertNoStrayFiles(reg, s);
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void failingSourceLeavesAnAppendedTableAsItWas() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(V1));
            assertThrows(IllegalStateException.class, () -> s.append("t", failingAfter(List.of(Db.batch(MORE)))));
            Db.assertReads(s, V1, "t");
            Db.assertLegacyFiles(reg, V1);
            for (Path f : s.state("t").columnFiles()) {
                assertEquals(V1.rows() * 8L, Files.size(f), "the uncommitted rows are cut off at once: " + f);
            }
            Db.assertVerifyOk(s);
            // The database stays writable.
            s.append("t", List.of(Db.batch(MORE)).iterator());
            Db.assertReads(s, ALL, "t");
        }
    }

    @Test
    void aBatchOfTheWrongShapeAbandonsTheWrite() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(V1));
            Batch wrongType = Batch.builder()
                    .f64("id", 4.0)
                    .str("name", "d")
                    .f64("score", 4.5)
                    .build();
            assertThrows(
                    TypeMismatchException.class,
                    () -> s.append("t", List.of(Db.batch(MORE), wrongType).iterator()));
            Db.assertReads(s, V1, "t");
            Db.assertVerifyOk(s);
            List<ColumnDef> defs = List.of(new ColumnDef("id", ColumnType.I64));
            Batch extra = Batch.builder().i64("id", 1).i64("other", 2).build();
            Db.assertThrowsWith(
                    RuntimeException.class,
                    () -> s.replace("u", defs, List.of(extra).iterator()),
                    "other");
            assertFalse(s.tables().contains("u"));
        }
    }

    @Test
    void anIteratorThatEndsEarlyIsNotAnError() throws Exception {
        Path reg = tmp.resolve("DB");
        Iterator<Batch> one = new Iterator<>() {
            boolean done;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public Batch next() {
                if (done) {
                    throw new NoSuchElementException();
                }
                done = true;
                return Db.batch(V1);
            }
        };
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.defs(V1), one);
            Db.assertReads(s, V1, "t");
            assertTrue(s.tables().contains("t"));
        }
    }
}
