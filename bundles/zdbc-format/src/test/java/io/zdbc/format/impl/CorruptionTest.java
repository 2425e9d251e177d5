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
import io.zdbc.api.VerifyReport;
import io.zdbc.format.impl.HandBuilt.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files, case by case (LevelDB log_test style). Each case checks the exception type, that
 * it names the damaged file, and that the message says what is wrong.
 */
class CorruptionTest {
    @TempDir
    Path tmp;

    Path reg;
    Path dir;

    static final Table T = table("t", 2, i64("a", 1, 2), HandBuilt.str("b", "x", "y"));

    @BeforeEach
    void paths() {
        reg = tmp.resolve("DB");
        dir = tmp.resolve("DBdir");
    }

    // ------------------------------------------------------------------ registry

    private CorruptDatabaseException openWithRegistry(byte[] registry, String... fragments) throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Files.write(reg, registry);
        CorruptDatabaseException e = Db.assertThrowsWith(
                CorruptDatabaseException.class, () -> Db.open(reg).close(), fragments);
        assertEquals(reg.toAbsolutePath(), e.file());
        assertTrue(e.getMessage().startsWith(reg.toAbsolutePath() + ": "), "message names the file: " + e.getMessage());
        // Read-only opens and verify() say the same.
        Db.assertThrowsWith(
                CorruptDatabaseException.class, () -> Db.openReadOnly(reg).close(), fragments);
        return e;
    }

    @Test
    void registryTruncatedToZeroBytes() throws Exception {
        openWithRegistry(new byte[0], "truncated at byte 0", "table count needs 4 bytes, only 0 left");
    }

    @Test
    void registryTruncatedToTwoBytes() throws Exception {
        openWithRegistry(new byte[] {1, 0}, "truncated at byte 0", "table count needs 4 bytes, only 2 left");
    }

    @Test
    void registryTruncatedToSixBytes() throws Exception {
        openWithRegistry(new byte[] {1, 0, 0, 0, 1, 0}, "table count 1 is impossible for a 6-byte registry");
    }

    @Test
    void registryTruncatedInsideAName() throws Exception {
        openWithRegistry(
                concat(u32(1), u32(5), utf8("ab")), "truncated at byte 4", "table name #0 claims 5 bytes, only 2 left");
    }

    @Test
    void registryTableCountLargerThanPossible() throws Exception {
        openWithRegistry(concat(u32(1000), u32(1), utf8("t")), "table count 1000 is impossible for a 9-byte registry");
    }

    @Test
    void registryTableCountNearUnsignedMaximum() throws Exception {
        openWithRegistry(concat(u32(0xFFFF_FFFFL), u32(1), utf8("t")), "table count 4294967295 is impossible");
    }

    @Test
    void registryNameIsNotUtf8() throws Exception {
        openWithRegistry(
                concat(u32(1), u32(2), new byte[] {(byte) 0xC3, 0x28}), "table name #0 at byte 8 is not valid UTF-8");
    }

    @Test
    void registryListsATableTwice() throws Exception {
        openWithRegistry(HandBuilt.registry("t", "t"), "table 't' is listed twice");
    }

    @Test
    void registryHasTrailingGarbage() throws Exception {
        openWithRegistry(
                concat(HandBuilt.registry("t"), new byte[] {0, 0, 0}), "3 unexpected bytes after the last table name");
    }

    @Test
    void verifyReportsAGarbageRegistryInsteadOfThrowing() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        ZdbcStorage s = Db.openReadOnly(reg);
        Files.write(reg, new byte[] {1, 0});
        VerifyReport r = s.verify();
        assertFalse(r.ok());
        assertTrue(
                r.problems().get(0).contains(reg.toAbsolutePath() + ": truncated at byte 0"),
                r.problems().toString());
    }

    // ------------------------------------------------------------------ schema

    private void stateWithSchema(byte[] schema, String... fragments) throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Path schemaFile = dir.resolve("t.schema");
        if (schema == null) {
            Files.delete(schemaFile);
        } else {
            Files.write(schemaFile, schema);
        }
        try (ZdbcStorage s = Db.open(reg)) {
            CorruptDatabaseException e =
                    Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), fragments);
            assertEquals(schemaFile.toAbsolutePath(), e.file());
            assertTrue(e.getMessage().startsWith(schemaFile.toAbsolutePath() + ": "), e.getMessage());
            VerifyReport r = s.verify();
            assertFalse(r.ok(), "verify must report it");
            assertTrue(
                    r.problems().toString().contains(schemaFile.toAbsolutePath().toString()),
                    r.problems().toString());
            // A writer refuses the table too rather than guessing.
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.append("t", Db.batch(T)), fragments);
        }
    }

    @Test
    void schemaTruncatedInsideTheRowCount() throws Exception {
        stateWithSchema(new byte[5], "truncated at byte 0", "row count needs 8 bytes, only 5 left");
    }

    @Test
    void schemaTruncatedInsideAColumn() throws Exception {
        byte[] full = T.schemaBytes();
        stateWithSchema(
                Arrays.copyOf(full, full.length - 1), "truncated", "type of column 'b' needs 1 bytes, only 0 left");
    }

    @Test
    void schemaWithUnknownTypeByte() throws Exception {
        stateWithSchema(
                HandBuilt.schema(2, "a", 0, "b", 7),
                "column 'b' has unknown type byte 7 (expected 0=i64, 1=f64, 2=str)");
    }

    @Test
    void schemaColumnCountImpossible() throws Exception {
        stateWithSchema(
                concat(u64(2), u32(1_000_000), u32(1), utf8("a"), new byte[] {0}),
                "column count 1000000 is impossible with 6 bytes left");
    }

    @Test
    void schemaListsAColumnTwice() throws Exception {
        stateWithSchema(HandBuilt.schema(2, "a", 0, "a", 0), "column 'a' is listed twice");
    }

    @Test
    void schemaWithNegativeRowCount() throws Exception {
        stateWithSchema(concat(u64(-1), u32(0)), "row count is 18446744073709551615, out of range");
    }

    @Test
    void schemaWithTrailingGarbage() throws Exception {
        stateWithSchema(concat(T.schemaBytes(), new byte[] {9}), "1 unexpected bytes after the last column");
    }

    @Test
    void registeredTableWithoutSchemaIsDeclaredAndEmptyAsTheOriginalLeavesIt() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Files.delete(dir.resolve("t.schema"));
        try (ZdbcStorage s = Db.open(reg)) {
            assertEquals(0, s.state("t").rows());
            assertEquals(List.of(), s.state("t").columns());
            assertTrue(s.verify().ok(), s.verify().problems().toString());
            s.replace("t", Db.batch(T));
            assertEquals(T.rows(), s.state("t").rows());
            s.drop("t");
            assertEquals(List.of(), s.tables());
        }
    }

    @Test
    void columnFileShorterThanTheSchemaSaysIsReportedByVerifyAndRefusedByAppend() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        Path col = dir.resolve("t.a");
        Files.write(col, new byte[12]);
        try (ZdbcStorage s = Db.open(reg)) {
            VerifyReport r = s.verify();
            assertTrue(
                    r.problems()
                            .toString()
                            .contains(col.toAbsolutePath() + " has 12 bytes, the schema says 2 rows × 8 = 16"),
                    r.problems().toString());
            CorruptDatabaseException e = Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.append("t", Db.batch(T)),
                    "column file has 12 bytes, but the schema says 2 rows × 8 = 16");
            assertEquals(col.toAbsolutePath(), e.file());
        }
        assertEquals(12, Files.size(col), "a refused append changes nothing");
    }

    // ------------------------------------------------------------------ commit record

    private void stateWithCommit(UnaryOperator<byte[]> damage, String... fragments) throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(T));
        }
        Path commitFile = new Layout(reg).commitFile("t");
        Files.write(commitFile, damage.apply(Files.readAllBytes(commitFile)));
        try (ZdbcStorage s = Db.open(reg)) {
            CorruptDatabaseException e =
                    Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), fragments);
            assertEquals(commitFile, e.file());
            assertTrue(e.getMessage().startsWith(commitFile + ": "), e.getMessage());
            VerifyReport r = s.verify();
            assertTrue(
                    r.problems().toString().contains(commitFile + ": " + fragments[0]),
                    r.problems().toString());
        }
    }

    @Test
    void commitRecordWithBadChecksum() throws Exception {
        stateWithCommit(
                b -> {
                    b[20] ^= 0x01; // a bit of the version field
                    return b;
                },
                "checksum mismatch");
    }

    @Test
    void commitRecordWithBadMagic() throws Exception {
        stateWithCommit(
                b -> {
                    b[0] = 'X';
                    return b;
                },
                "not a zdbc commit record (bad magic)");
    }

    @Test
    void commitRecordTruncated() throws Exception {
        stateWithCommit(b -> Arrays.copyOf(b, 5), "truncated: 5 bytes is too short for a commit record");
    }

    @Test
    void commitRecordTornAtTheEnd() throws Exception {
        stateWithCommit(b -> Arrays.copyOf(b, b.length - 3), "checksum mismatch");
    }
}
