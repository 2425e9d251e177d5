package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.ColumnType;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Progress;
import io.zdbc.api.VerifyReport;
import io.zdbc.format.impl.CommitCodec.Commit;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.IntentCodec.Intent;
import io.zdbc.spi.TableState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit record version 2: a CRC-32 per column of its committed bytes, written by every commit,
 * carried by appends, checked by verify; version 1 records are still read (FORMAT.md, "Commit record").
 */
class CommitChecksumTest {
    @TempDir
    Path tmp;

    Path reg;

    static final Table T =
            table("t", 3, i64("id", 1, 2, 3), str("name", "Alice", "Bob", "Zoë"), f64("score", 10.5, -0.0, Double.NaN));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "Dora", "Ed"), f64("score", 1e300, -1));

    @BeforeEach
    void paths() {
        reg = tmp.resolve("DB");
    }

    @Test
    void versionTwoRecordRoundTripsWithItsSums() {
        Commit c = new Commit(1, 7, 0x1f2e3d4c5b6a7988L, 3, Db.defs(T), List.of(0, -1, 0xd3bfdde2));
        byte[] b = CommitCodec.encode(c);
        assertEquals("ZDBCCMT2", new String(b, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(c, CommitCodec.decode(reg, b));
    }

    @Test
    void versionOneRecordDecodesWithoutSums() {
        Commit c = new Commit(0, 2, 42, 3, Db.defs(T), List.of(1, 2, 3));
        Commit v1 = CommitCodec.decode(reg, V1Records.encode(c));
        assertNull(v1.sums());
        assertEquals(new Commit(0, 2, 42, 3, Db.defs(T), null), v1);
    }

    @Test
    void recordWithoutSumsIsNeverWritten() {
        assertThrows(
                IllegalArgumentException.class, () -> CommitCodec.encode(new Commit(0, 1, 42, 0, Db.defs(T), null)));
    }

    @Test
    void versionTwoRecordCutInItsSumsIsCorruptNamingTheRecord() {
        byte[] b = CommitCodec.encode(new Commit(0, 1, 42, 3, Db.defs(T), List.of(1, 2, 3)));
        byte[] body = Arrays.copyOf(b, b.length - 8); // the last sum and the CRC gone
        byte[] cut = new LeWriter()
                .bytes(body)
                .u32(CommitCodec.crc(body, body.length))
                .toByteArray();
        CorruptDatabaseException e = assertThrows(CorruptDatabaseException.class, () -> CommitCodec.decode(reg, cut));
        assertEquals(reg, e.file());
        assertTrue(e.getMessage().contains("checksum of column 2 needs 4 bytes"), e.getMessage());
    }

    @Test
    void createReplaceAndAppendRecordTheCrcOfEachColumnsCommittedBytes() throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.create("t", Db.defs(T));
            assertSumsMatchFiles(s, "t");
            s.replace("t", Db.batch(T));
            assertSumsMatchFiles(s, "t");
            s.append("t", Db.batch(MORE));
            s.append("t", Db.batch(MORE));
            assertSumsMatchFiles(s, "t");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void versionOneDatabaseOpensReadsAppendsAsVersionTwoAndVerifies() throws Exception {
        List<Path> records = versionOneDatabase(0);
        assertEquals(1, records.size());
        try (ZdbcStorage s = Db.open(reg)) {
            assertNull(s.readCommit("t").sums(), "still the version 1 record");
            Db.assertReads(s, T, "t");
            Db.assertVerifyOk(s);
            s.append("t", Db.batch(MORE));
            assertEquals('2', Files.readAllBytes(records.get(0))[7], "the append writes version 2");
            assertSumsMatchFiles(s, "t");
            Db.assertReads(s, T.plus(MORE), "t");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void adoptingALegacyTableRecordsTheSumsOfItsFiles() throws Exception {
        HandBuilt.writeDatabase(reg, T);
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("t", Db.batch(MORE));
            assertSumsMatchFiles(s, "t");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void pendingCreateOfAVersionOneRecordIsFinishedWithItsSums() throws Exception {
        // An earlier zdbc that died after the registry write, before clearing the flag.
        versionOneDatabase(CommitCodec.FLAG_PENDING_CREATE);
        Layout layout = new Layout(reg);
        Files.write(layout.intentFile(), IntentCodec.encode(new Intent("t", List.of())));
        try (ZdbcStorage s = Db.open(reg)) {
            Commit c = s.readCommit("t");
            assertEquals(0, c.flags());
            assertSumsMatchFiles(s, "t");
            Db.assertReads(s, T, "t");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void flippedDataByteUnderAVersionTwoRecordIsAVerifyProblemNamingTheFile() throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(T));
            Path name = s.state("t").columnFiles().get(1);
            byte[] b = Files.readAllBytes(name);
            b[9] ^= 0x04;
            Files.write(name, b);
            assertOneProblem(
                    s.verify(),
                    name + " does not match the checksum in the commit record of table 't'"
                            + " (data lost after a power loss, or changed outside zdbc)");
        }
    }

    @Test
    void zeroFilledTailUnderAVersionTwoRecordIsAVerifyProblemNamingTheFile() throws Exception {
        try (ZdbcStorage s = Db.openFast(reg)) {
            s.replace("t", Db.batch(T));
            s.append("t", Db.batch(MORE));
            // What a power loss in FAST mode leaves when the record and the size reached the disk, the data not.
            Path id = s.state("t").columnFiles().get(0);
            byte[] b = Files.readAllBytes(id);
            Arrays.fill(b, 24, b.length, (byte) 0);
            Files.write(id, b);
            assertOneProblem(
                    s.verify(),
                    id + " does not match the checksum in the commit record of table 't'"
                            + " (data lost after a power loss, or changed outside zdbc)");
        }
    }

    @Test
    void backupOfAVersionOneTableRecordsTheSumsOfTheCopy() throws Exception {
        versionOneDatabase(0);
        Path dest = tmp.resolve("backup");
        try (ZdbcStorage s = Db.open(reg)) {
            assertTrue(s.backup(dest, Progress.NONE).verify().ok());
        }
        try (ZdbcStorage b = Db.open(dest.resolve("DB"))) {
            assertSumsMatchFiles(b, "t");
            Db.assertReads(b, T, "t");
        }
    }

    /** Table T written, then its record rewritten as version 1 with {@code flags}; returns the record. */
    private List<Path> versionOneDatabase(int flags) throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(T));
        }
        return V1Records.downgrade(reg, flags);
    }

    private static void assertOneProblem(VerifyReport r, String problem) {
        assertEquals(List.of(problem), r.problems());
    }

    /** The record's sums are java.util.zip.CRC32 of each generation file's committed bytes. */
    private static void assertSumsMatchFiles(ZdbcStorage s, String table) throws Exception {
        Commit c = s.readCommit(table);
        TableState st = s.state(table);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < st.columns().size(); i++) {
            byte[] b = Files.readAllBytes(st.columnFiles().get(i));
            CRC32 crc = new CRC32();
            crc.update(b, 0, (int) (c.rows() * ColumnType.WIDTH));
            expected.add((int) crc.getValue());
        }
        assertEquals(expected, c.sums(), "sums of " + table + " " + TableFiles.columnNames(c.columns()));
    }
}
