package io.zdbc.format.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.InvalidNameException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables share one data directory, so one table's files can collide with another's (FORMAT.md,
 * "Names"). Each collision must be refused before anything is committed, and the database must
 * stay writable.
 */
class NameCollisionTest {
    @TempDir
    Path tmp;

    private void assertStillWritable(Path reg, List<String> tables) throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            assertEquals(tables, s.tables());
            s.replace("later", Batch.builder().i64("c", 1).build());
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void tableWhoseDirectoryIsAnotherTablesColumnFileIsRefused() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("a", Batch.builder().i64("x", 1).build()); // file DBdir/a.x
            Db.assertThrowsWith(
                    InvalidNameException.class,
                    () -> s.replace("a.x/y", Batch.builder().i64("c", 1).build()),
                    "a.x",
                    "not a directory");
        }
        assertStillWritable(reg, List.of("a"));
    }

    @Test
    void tableWhoseDirectoryIsAnotherTablesSchemaFileIsRefused() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.create("a", Db.defs(HandBuilt.table("a", 0, HandBuilt.i64("x")))); // file DBdir/a.schema
            Db.assertThrowsWith(
                    InvalidNameException.class,
                    () -> s.create("a.schema/y", Db.defs(HandBuilt.table("a.schema/y", 0, HandBuilt.i64("x")))),
                    "a.schema",
                    "not a directory");
        }
        assertStillWritable(reg, List.of("a"));
    }

    @Test
    void columnWhoseFileIsAnotherTablesDirectoryIsRefused() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("a.x/y", Batch.builder().i64("c", 1).build()); // directory DBdir/a.x
            Db.assertThrowsWith(
                    InvalidNameException.class,
                    () -> s.replace("a", Batch.builder().i64("x", 1).build()),
                    "a.x",
                    "is a directory");
        }
        assertStillWritable(reg, List.of("a.x/y"));
        assertEquals(true, Files.isDirectory(tmp.resolve("DBdir/a.x")));
    }

    @Test
    void temporaryOfOneTableIsNeverAnotherTablesColumnFile() throws Exception {
        // "<t>.<c>.zdbc-tmp" would be column "zdbc-tmp" of table "<t>.<c>": that column name is reserved.
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertThrowsWith(
                    InvalidNameException.class,
                    () -> s.replace("a.x", Batch.builder().i64("zdbc-tmp", 1).build()),
                    "zdbc-tmp",
                    "reserved");
        }
    }
}
