package io.zdbc.format.impl;

import static io.zdbc.format.impl.FaultInjectionTest.MORE;
import static io.zdbc.format.impl.FaultInjectionTest.OTHER;
import static io.zdbc.format.impl.FaultInjectionTest.V1;
import static io.zdbc.format.impl.FaultInjectionTest.V2;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.Durability;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.format.impl.FaultInjectionTest.Action;
import io.zdbc.format.impl.FaultInjectionTest.Setup;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.PowerLog.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts that {@link PowerLossTest} found, one case each, with the unsynced changes that
 * reached the disk chosen by hand (the model is in {@link PowerCut}).
 */
class PowerLossCasesTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    private int runs;

    private PowerLog record(Setup setup, Durability mode, Action action) throws Exception {
        Path root = tmp.resolve("run" + runs++);
        setup.run(root.resolve("DB"));
        PowerLog log = PowerLog.startingFrom(root);
        try (ZdbcStorage s = PowerLossTest.open(root.resolve("DB"), mode, new RecordingFileOps(log))) {
            action.run(s);
        }
        return log;
    }

    /** The image after the last recorded operation, where only the unsynced changes {@code keep} names survive. */
    private Path cutAtTheEnd(PowerLog log, Predicate<Op> keep) throws Exception {
        Path img = tmp.resolve("img" + runs++);
        Files.createDirectories(img);
        PowerCut.buildKeeping(log, log.size(), keep, img);
        return img.resolve("DB");
    }

    private static Predicate<Op> only(String what) {
        return op -> op.what().equals(what);
    }

    /** Drops table t, cuts the power where only the intent's removal reached the disk, and reopens. */
    private Path dropThenCutKeepingOnlyTheIntentRemoval(Setup setup) throws Exception {
        PowerLog log = record(setup, Durability.DURABLE, s -> s.drop("t"));
        Path reg = cutAtTheEnd(log, only("unlink DBdir/.zdbc/intent"));
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.DURABLE, FileOps.DEFAULT)) {
            Db.assertReads(s, null, "t");
            Db.assertReads(s, OTHER, "other");
            Db.assertVerifyOk(s);
        }
        return reg;
    }

    @Test
    void droppedTableDirectoryDoesNotComeBackWhenOnlyTheIntentRemovalReachedTheDisk() throws Exception {
        Path reg = dropThenCutKeepingOnlyTheIntentRemoval(FaultInjectionTest.committed(V1));
        assertFalse(Files.exists(new Layout(reg).tableDir("t")), "the dropped table's directory came back");
    }

    @Test
    void droppedTableLegacyFilesDoNotComeBackWhenOnlyTheIntentRemovalReachedTheDisk() throws Exception {
        Path reg = dropThenCutKeepingOnlyTheIntentRemoval(FaultInjectionTest.legacy(V1));
        Db.assertNoLegacyFiles(reg, "t", V1.colNames());
    }

    @Test
    void createThatRecoveryUndidLeavesNoTableDirectoryWhenOnlyTheIntentRemovalReachedTheDisk() throws Exception {
        // A create cut before its registry write leaves its table directory; the next open deletes it.
        PowerLog write = record(FaultInjectionTest.ONLY_OTHER, Durability.DURABLE, s -> s.replace("t", Db.batch(V1)));
        int beforeRegistry = 0;
        while (!write.ops().get(beforeRegistry).what().startsWith("create DB.zdbc-tmp")) {
            beforeRegistry++;
        }
        Path img = tmp.resolve("img" + runs++);
        Files.createDirectories(img);
        PowerCut.build(write, beforeRegistry, PowerCut.Survival.NOTHING, 0, img);
        PowerLog recovery = PowerLog.startingFrom(img);
        PowerLossTest.open(img.resolve("DB"), Durability.DURABLE, new RecordingFileOps(recovery))
                .close();
        Path reg = cutAtTheEnd(recovery, only("unlink DBdir/.zdbc/intent"));
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.DURABLE, FileOps.DEFAULT)) {
            Db.assertReads(s, null, "t");
            Db.assertVerifyOk(s);
        }
    }

    /** The index just after the first recorded operation whose description starts with {@code what}. */
    private static int after(PowerLog log, String what) {
        for (int i = 0; i < log.size(); i++) {
            if (log.ops().get(i).what().startsWith(what)) {
                return i + 1;
            }
        }
        throw new AssertionError("no operation " + what);
    }

    private static final String COMMIT_RENAME = "rename DBdir/.zdbc/t/t/commit.zdbc-tmp -> DBdir/.zdbc/t/t/commit";

    @Test
    void commitRecordRenamedBeforeItsNewGenerationFilesWereNamedOnDiskLeavesOneVersion() throws Exception {
        PowerLog log = record(FaultInjectionTest.committed(V1), Durability.DURABLE, s -> s.replace("t", Db.batch(V2)));
        Path img = tmp.resolve("img" + runs++);
        Files.createDirectories(img);
        PowerCut.buildKeeping(log, after(log, COMMIT_RENAME), only(COMMIT_RENAME), img);
        Path reg = img.resolve("DB");
        assertOneOfAfterRecovery(reg, V1, V2);
    }

    @Test
    void adoptionRecordRenamedBeforeItsLinksWereOnDiskLeavesOneVersion() throws Exception {
        PowerLog log = record(FaultInjectionTest.legacy(V1), Durability.DURABLE, s -> s.append("t", Db.batch(MORE)));
        Path img = tmp.resolve("img" + runs++);
        Files.createDirectories(img);
        PowerCut.buildKeeping(
                log,
                after(log, COMMIT_RENAME),
                op -> op.what().equals(COMMIT_RENAME) || op.what().startsWith("mkdir"),
                img);
        Path reg = img.resolve("DB");
        assertOneOfAfterRecovery(reg, V1, V1.plus(MORE));
    }

    /** Opening recovers to one of the versions, the original library's files included, and verify is ok. */
    private static void assertOneOfAfterRecovery(Path reg, Table... versions) throws Exception {
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.DURABLE, FileOps.DEFAULT)) {
            Table got = Db.read(s, "t");
            assertTrue(PowerLossTest.contains(List.of(versions), got), "neither version: " + Db.describe(got));
            Db.assertLegacyFiles(reg, got);
            Db.assertVerifyOk(s);
        }
    }

    /**
     * A FAST first write of a table of the original library, cut where of the unsynced changes only
     * the original library's files survived (the schema, its links), and those at their new size
     * without their bytes: the table must be one version, or named by verify.
     */
    private void firstFastWriteOfALegacyTableCutKeepingOnlyItsLegacyFiles(
            Action write, Table written, Table... versions) throws Exception {
        PowerLog log = record(FaultInjectionTest.legacy(V1), Durability.FAST, write);
        Path reg = cutAtTheEnd(log, op -> op.what().contains("DBdir/t."));
        for (String column : written.colNames()) {
            Path f = HandBuilt.dataDir(reg).resolve("t." + column);
            byte[] landed = Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
            Files.write(f, Arrays.copyOf(landed, (int) written.rows() * 8)); // the size, not the bytes
        }
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            String problems = s.verify().problems().toString();
            if (!problems.contains("'t'")) {
                Table got = Db.read(s, "t");
                assertTrue(
                        PowerLossTest.contains(List.of(versions), got),
                        "verify is ok, but t is no version: " + Db.describe(got));
            }
            Db.assertReads(s, OTHER, "other");
        }
    }

    @Test
    void firstFastAppendToALegacyTableIsNotReadAsZerosWhereOnlyTheSchemaRowCountLanded() throws Exception {
        // Before the adoption's record was synced, the table read as the original library's with
        // the new rows as zeros, and verify had no checksum to see it.
        firstFastWriteOfALegacyTableCutKeepingOnlyItsLegacyFiles(
                s -> s.append("t", Db.batch(MORE)), V1.plus(MORE), V1, V1.plus(MORE));
    }

    @Test
    void firstFastReplaceOfALegacyTableIsNotReadAsZerosWhereOnlyTheNewSchemaAndLinksLanded() throws Exception {
        firstFastWriteOfALegacyTableCutKeepingOnlyItsLegacyFiles(s -> s.replace("t", Db.batch(V2)), V2, V1, V2);
    }

    @Test
    void tornIntentBesideARegistryEntryWithANulIsReportedWithTheRegistryFile() throws Exception {
        // FAST after power loss: the registry's unsynced bytes came back partly zero, and so did the
        // intent's. No table name holds a NUL, so the registry is corrupt: open names it (never an
        // InvalidPathException from recovery), read-only or not.
        Path reg = tmp.resolve("torn").resolve("DB");
        HandBuilt.writeDatabase(reg, OTHER);
        PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT).close();
        Files.write(reg, HandBuilt.registry("other", "t\0\0"));
        Files.write(new Layout(reg).intentFile(), new byte[21]);
        Db.assertThrowsWith(
                CorruptDatabaseException.class,
                () -> PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT).close(),
                reg.toString(),
                "NUL");
        Db.assertThrowsWith(
                CorruptDatabaseException.class, () -> Db.openReadOnly(reg).close(), reg.toString(), "NUL");
    }

    @Test
    void legacySchemaTornIntoAColumnNameWithANulIsReportedWithItsFile() throws Exception {
        // FAST after power loss: a replace's new schema file landed with zeros inside a column name.
        Path reg = tmp.resolve("tornschema").resolve("DB");
        HandBuilt.writeDatabase(reg, OTHER, V1);
        Path schema = HandBuilt.dataDir(reg).resolve("t.schema");
        Files.write(schema, HandBuilt.schema(3, "id", HandBuilt.I64, "na\0\0", HandBuilt.STR, "score", HandBuilt.F64));
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), schema.toString(), "NUL");
            String problems = s.verify().problems().toString();
            assertTrue(problems.contains("table 't'") && problems.contains(schema.toString()), "verify: " + problems);
            Db.assertReads(s, OTHER, "other");
        }
    }

    @Test
    void tableWithATornCommitRecordAndNoIntentCanBeDropped() throws Exception {
        // FAST after power loss: the record's rename landed without its bytes, the intent not at all.
        Path reg = tmp.resolve("tornrecord").resolve("DB");
        FaultInjectionTest.committed(V1).run(reg);
        Files.write(new Layout(reg).commitFile("t"), new byte[70]);
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            assertFalse(s.verify().ok(), "verify names the torn record");
            s.drop("t");
            Db.assertReads(s, null, "t");
            Db.assertReads(s, OTHER, "other");
            Db.assertVerifyOk(s);
        }
        Db.assertNoLegacyFiles(reg, "t", V1.colNames());
    }

    @Test
    void tornCommitRecordThatRecoveryFindsIsKeptAndNamedRatherThanTheLegacyFilesRead() throws Exception {
        // FAST after power loss in an append: intent, record rename, schema row count and file sizes
        // landed; the record's bytes and the new rows did not.
        Path reg = tmp.resolve("tornappend").resolve("DB");
        FaultInjectionTest.committed(V1).run(reg);
        Layout layout = new Layout(reg);
        Path id;
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            s.append("t", Db.batch(MORE));
            id = s.state("t").columnFiles().get(0);
        }
        byte[] b = Files.readAllBytes(id);
        Arrays.fill(b, 24, b.length, (byte) 0);
        Files.write(id, b);
        Path record = layout.commitFile("t");
        Files.write(record, new byte[82]);
        Files.write(layout.intentFile(), IntentCodec.encode(new IntentCodec.Intent("t", V1.colNames())));
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.state("t"), record.toString());
            String problems = s.verify().problems().toString();
            assertTrue(problems.contains("table 't'") && problems.contains(record.toString()), "verify: " + problems);
            Db.assertReads(s, OTHER, "other");
            s.drop("t");
            Db.assertVerifyOk(s);
        }
    }

    @Test
    void tornCommitRecordOfATableTheRegistryDoesNotListIsNoTable() throws Exception {
        // FAST after power loss in a create: the record's rename landed torn, the registry write and the intent not.
        Path reg = tmp.resolve("torncreate").resolve("DB");
        FaultInjectionTest.ONLY_OTHER.run(reg);
        Path record = new Layout(reg).commitFile("t");
        Files.createDirectories(record.getParent());
        Files.write(record, new byte[40]);
        try (ZdbcStorage s = PowerLossTest.open(reg, Durability.FAST, FileOps.DEFAULT)) {
            Db.assertThrowsWith(NoSuchTableException.class, () -> s.state("t"), "t");
            String problems = s.verify().problems().toString();
            assertTrue(
                    problems.contains(record.getParent() + " belongs to no registered table"), "verify: " + problems);
            Db.assertReads(s, OTHER, "other");
        }
    }
}
