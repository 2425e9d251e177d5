package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.concat;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.table;
import static io.zdbc.format.impl.HandBuilt.u32;
import static io.zdbc.format.impl.HandBuilt.u64;
import static io.zdbc.format.impl.HandBuilt.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.IntentCodec.Intent;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables whose files were damaged after they were committed, case by case: each one found by the
 * corruption fuzzer (CorruptionFuzzTest in zdbc-kernels). A damaged table is reported naming its
 * file by every reader and writer, and never keeps the rest of the database from being written.
 */
class DamagedTableTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    Path reg;

    static final Table T = table("t", 3, i64("a", 1, 2, 3), HandBuilt.str("b", "x", "y", "z"));
    static final Table U = table("u", 1, i64("a", 7), HandBuilt.str("b", "u"));

    @BeforeEach
    void paths() {
        reg = tmp.resolve("DB");
    }

    private Path committedGenerationFile() throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(T));
            s.replace("u", Db.batch(U));
            return s.state("t").columnFiles().get(0);
        }
    }

    private static void truncate(Path f, long size) throws Exception {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void missingGenerationFileIsCorruptNamingItWhenTheStateIsRead() throws Exception {
        Path gen = committedGenerationFile();
        Files.delete(gen);
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.state("t"),
                    "column file of 't.a' is missing",
                    "the commit record says 3 rows");
            assertEquals(gen, e.file());
        }
    }

    @Test
    void generationFileShorterThanCommittedIsCorruptBeforeCountAnswersFromMetadata() throws Exception {
        Path gen = committedGenerationFile();
        truncate(gen, 20); // mid-record, just short of 3 rows × 8
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.state("t"),
                    "has 20 bytes, but the commit record says 3 rows × 8 = 24");
            assertEquals(gen, e.file());
        }
    }

    @Test
    void legacyColumnFileShorterThanTheSchemaIsCorruptWhenTheStateIsRead() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Path col = HandBuilt.dataDir(reg).resolve("t.b");
        truncate(col, 0);
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.state("t"),
                    "has 0 bytes, but the schema says 3 rows × 8 = 24");
            assertEquals(col, e.file());
        }
    }

    @Test
    void schemaRowCountNoFileCanHoldIsCorruptNotAnOverflow() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Path schema = HandBuilt.dataDir(reg).resolve("t.schema");
        byte[] b = Files.readAllBytes(schema);
        System.arraycopy(u64(1L << 61), 0, b, 0, 8);
        Files.write(schema, b);
        try (ZdbcStorage s = Db.open(reg)) {
            String says = "row count 2305843009213693952 is larger than any column file can hold";
            assertEquals(
                    schema,
                    Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), says)
                            .file());
            // Adoption multiplied it by 8 and threw ArithmeticException.
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.append("t", Db.batch(T)), says);
        }
    }

    @Test
    void schemaColumnNameWithNulIsCorruptNotAnInvalidPath() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Path schema = HandBuilt.dataDir(reg).resolve("t.schema");
        Files.write(schema, concat(u64(3), u32(1), u32(3), utf8("a\0b"), new byte[] {0}));
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class, () -> s.state("t"), "column name #0 contains a NUL byte");
            assertEquals(schema, e.file());
        }
    }

    @Test
    void registryNameWithNulIsCorruptNotAnInvalidPathWhenATornIntentIsRecovered() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Files.write(reg, concat(u32(2), u32(1), utf8("t"), u32(3), utf8("d\0\0")));
        Layout layout = new Layout(reg);
        Files.createDirectories(layout.intentFile().getParent());
        Files.write(layout.intentFile(), new byte[] {1, 2, 3}); // torn: recovery visits every registered table
        CorruptDatabaseException e = Db.assertThrowsWith(
                CorruptDatabaseException.class, () -> Db.open(reg).close(), "table name #1 contains a NUL byte");
        assertEquals(reg.toAbsolutePath(), e.file());
    }

    @Test
    void appendToATableMissingAGenerationFileChangesNothingAndLeavesNoIntent() throws Exception {
        Path gen = committedGenerationFile();
        Files.delete(gen);
        try (ZdbcStorage s = Db.open(reg)) {
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.append("t", Db.batch(T)),
                    "column file of 't.a' is missing, but 3 rows are committed");
            assertEquals(gen, e.file());
            assertFalse(Files.exists(s.layout().intentFile()), "a refused append leaves no intent to recover");
            s.append("u", Db.batch(U)); // and the next writer is not stopped by it
            assertEquals(2, s.state("u").rows());
        }
    }

    @Test
    void recoveryOfATableWithLostDataOpensTheDatabaseAndLeavesTheTableToDrop() throws Exception {
        Path gen = committedGenerationFile();
        truncate(gen, 8);
        Layout layout = new Layout(reg);
        Files.write(layout.intentFile(), IntentCodec.encode(new Intent("t", List.of("a", "b"))));
        try (ZdbcStorage s = Db.open(reg)) { // recovery threw here, and so did every later writer
            assertFalse(Files.exists(layout.intentFile()));
            assertEquals(
                    gen,
                    Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), "has 8 bytes")
                            .file());
            assertTrue(s.verify().problems().toString().contains(gen.toString()));
            s.append("u", Db.batch(U));
            s.drop("t");
            assertEquals(List.of("u"), s.tables());
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void tableWithADamagedCommitRecordCanBeDropped() throws Exception {
        committedGenerationFile();
        Path commit = new Layout(reg).commitFile("t");
        byte[] b = Files.readAllBytes(commit);
        b[b.length - 1] ^= 1; // checksum mismatch
        Files.write(commit, b);
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), "checksum mismatch");
            s.drop("t"); // threw the same CorruptDatabaseException: a damaged table could not be removed
            assertEquals(List.of("u"), s.tables());
            assertFalse(Files.exists(new Layout(reg).tableDir("t")));
            Db.assertNoLegacyFiles(reg, "t", List.of("a", "b"));
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void changeCounterCutShortAfterThisJvmMappedItIsNotRead() throws Exception {
        committedGenerationFile(); // maps .zdbc/changes, for the life of the JVM
        Path changes = new Layout(reg).changesFile();
        truncate(changes, 0);
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            long a = s.changeCount();
            assertTrue(a != s.changeCount(), "a count that cannot be read is never the same twice (nothing is cached)");
            assertEquals(2, s.state("t").rows() + s.state("u").rows() - 2);
        }
    }

    @Test
    void changeCounterFileReplacedUnderTheSamePathIsMappedAnew() throws Exception {
        committedGenerationFile();
        Path changes = new Layout(reg).changesFile();
        Files.delete(changes); // as a restore of the database directory would replace it
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("u", Db.batch(U));
        }
        // The JVM's mapping of the deleted file took the counts, so no other process saw the writes.
        assertTrue(HandBuilt.longsOf(Files.readAllBytes(changes))[0] > 0, "the writes counted in the file on disk");
    }
}
