package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.BackupReport;
import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Progress;
import io.zdbc.api.ZdbcException;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup}: one committed state copied into a new directory, verified (PROTOCOL.md, "Copies and backup"). */
class BackupTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    Path reg;
    Path dest;

    static final Table V1 = CopiedDatabaseTest.V1;
    static final Table MORE = CopiedDatabaseTest.MORE;
    static final Table NESTED = CopiedDatabaseTest.NESTED;
    static final Table LEGACY = CopiedDatabaseTest.LEGACY;

    @BeforeEach
    void database() throws IOException {
        reg = tmp.resolve("src").resolve("DB");
        CopiedDatabaseTest.sampleDatabase(reg);
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("t", Db.batch(MORE));
        }
        dest = tmp.resolve("backup");
    }

    private Path backupRegistry() {
        return dest.resolve("DB");
    }

    @Test
    void backupHasEveryTableAsCommittedLinkedInsideItselfAndVerifies() throws Exception {
        long[] progress = {-1, -1};
        BackupReport r;
        try (ZdbcStorage s = Db.open(reg)) {
            r = s.backup(dest, (done, total) -> {
                assertTrue(done >= progress[0], "progress never goes back");
                progress[0] = done;
                progress[1] = total;
            });
        }
        assertEquals(backupRegistry().toAbsolutePath(), r.registry());
        assertEquals(3, r.tables());
        assertEquals((5 * 3 + 3 * 3 + 2 * 2) * 8, r.bytes());
        assertEquals(r.bytes(), progress[0]);
        assertEquals(r.bytes(), progress[1]);
        assertTrue(r.verify().ok() && r.verify().notes().isEmpty(), "verify of the backup: " + r.verify());
        try (ZdbcStorage b = Db.open(backupRegistry())) {
            assertEquals(List.of("old", "t", "data/players"), b.tables());
            Db.assertReads(b, V1.plus(MORE), "t");
            Db.assertReads(b, NESTED, "data/players");
            Db.assertReads(b, LEGACY, "old");
            assertEquals(2, b.state("t").version(), "versions are kept");
            assertEquals(0, b.state("old").version(), "a table only the original library wrote stays so");
            assertFalse(Files.exists(new Layout(backupRegistry()).tableDir("old")));
            for (String t : List.of("t", "data/players")) {
                TableState st = b.state(t);
                Path legacy = HandBuilt.dataDir(backupRegistry()).resolve(t + ".id");
                assertTrue(Files.isSameFile(legacy, st.columnFiles().get(0)), legacy + " is linked in the backup");
            }
            Db.assertNoStrayFiles(backupRegistry(), b);
        }
        Db.assertLegacyFiles(backupRegistry(), V1.plus(MORE));
        Db.assertLegacyFiles(backupRegistry(), NESTED);
        Db.assertLegacyFiles(backupRegistry(), LEGACY);
    }

    @Test
    void aDeclaredTableIsBackedUpAsARegistryEntryOnly() throws Exception {
        Files.write(reg, HandBuilt.registry("old", "t", "data/players", "later"));
        try (ZdbcStorage s = Db.open(reg)) {
            s.backup(dest, Progress.NONE);
        }
        try (ZdbcStorage b = Db.openReadOnly(backupRegistry())) {
            assertEquals(List.of("old", "t", "data/players", "later"), b.tables());
            assertEquals(List.of(), b.state("later").columns());
            assertFalse(Files.exists(HandBuilt.dataDir(backupRegistry()).resolve("later.schema")));
        }
    }

    /** The hazard a hard-linked backup would have: generation files grow in place, so each database would change the other. */
    @Test
    void backupSharesNoFileWithTheDatabaseSoLaterWritesOnEitherSideStayThere() throws Exception {
        try (ZdbcStorage s = Db.open(reg)) {
            s.backup(dest, Progress.NONE);
        }
        Set<Object> sourceInodes = inodes(reg.getParent());
        for (Object key : inodes(dest)) {
            assertFalse(sourceInodes.contains(key), "the backup shares an inode with the database: " + key);
        }
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("t", Db.batch(MORE));
            s.append("old", Db.batch(table("old", 1, i64("k", 9), str("s", "z"))));
        }
        try (ZdbcStorage b = Db.open(backupRegistry())) {
            Db.assertReads(b, V1.plus(MORE), "t");
            Db.assertReads(b, LEGACY, "old");
            Db.assertVerifyOk(b);
            b.append("data/players", Db.batch(MORE.named("data/players")));
        }
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            Db.assertReads(s, V1.plus(MORE).plus(MORE), "t");
            Db.assertReads(s, NESTED, "data/players");
            Db.assertVerifyOk(s);
        }
    }

    private static Set<Object> inodes(Path root) throws IOException {
        Set<Object> keys = new HashSet<>();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : (Iterable<Path>) w.filter(Files::isRegularFile)::iterator) {
                Object k = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
                if (k != null) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    @Test
    void aReadOnlyDatabaseIsBackedUpBetweenTwoReadingsOfTheChangeCounter() throws Exception {
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            assertTrue(s.backup(dest, Progress.NONE).verify().ok());
        }
        try (ZdbcStorage b = Db.openReadOnly(backupRegistry())) {
            Db.assertReads(b, V1.plus(MORE), "t");
        }
    }

    @Test
    void aDatabaseOnlyTheOriginalLibraryWroteIsBackedUpReadOnly() throws Exception {
        Path orig = tmp.resolve("orig").resolve("DB");
        HandBuilt.writeDatabase(orig, LEGACY, NESTED);
        try (ZdbcStorage s = Db.openReadOnly(orig)) {
            s.backup(dest, Progress.NONE);
        }
        assertFalse(
                Files.exists(HandBuilt.dataDir(orig).resolve(".zdbc")),
                "a read-only backup writes nothing in the source");
        try (ZdbcStorage b = Db.openReadOnly(backupRegistry())) {
            Db.assertReads(b, LEGACY, "old");
            Db.assertReads(b, NESTED, "data/players");
        }
    }

    @Test
    void aReadOnlyBackupGivesUpClearlyWhileTheChangeCounterStaysOdd() throws Exception {
        // What a writer that died mid-write leaves until the next writer opens the database.
        try (FileChannel ch = FileChannel.open(new Layout(reg).changesFile(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 41), 0);
        }
        try (ZdbcStorage s = ZdbcStorage.open(
                reg,
                OpenOptions.readOnlyDefaults().withLockTimeout(Duration.ofMillis(200)),
                new TestColumnIO(),
                FileOps.DEFAULT)) {
            Db.assertThrowsWith(
                    ZdbcException.class, () -> s.backup(dest, Progress.NONE), reg.toString(), "died mid-write");
        }
        assertFalse(Files.exists(dest));
    }

    @Test
    void aDestinationThatIsNotAnEmptyDirectoryIsRefused() throws Exception {
        Files.createDirectories(dest);
        Path other = Files.writeString(dest.resolve("notes.txt"), "mine");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertThrowsWith(ZdbcException.class, () -> s.backup(dest, Progress.NONE), dest.toString(), "not empty");
            Db.assertThrowsWith(
                    ZdbcException.class, () -> s.backup(file, Progress.NONE), file.toString(), "not a directory");
            Path inside = HandBuilt.dataDir(reg).resolve("b");
            Db.assertThrowsWith(ZdbcException.class, () -> s.backup(inside, Progress.NONE), "inside the database");
            Path orphan = tmp.resolve("no/such/dir");
            Db.assertThrowsWith(
                    ZdbcException.class,
                    () -> s.backup(orphan, Progress.NONE),
                    orphan.toString(),
                    "parent directory does not exist");
            assertFalse(Files.exists(inside));
        }
        assertEquals("mine", Files.readString(other));
        try (Stream<Path> l = Files.list(dest)) {
            assertEquals(1, l.count(), "nothing was added to the refused destination");
        }
    }

    @Test
    void anEmptyDirectoryIsAUsableDestination() throws Exception {
        Files.createDirectories(dest);
        try (ZdbcStorage s = Db.open(reg)) {
            assertTrue(s.backup(dest, Progress.NONE).verify().ok());
        }
        assertTrue(Files.exists(backupRegistry()));
    }

    @Test
    void aFailedBackupLeavesNoDestinationBehind() throws Exception {
        Path gen;
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            gen = s.state("data/players").columnFiles().get(1);
        }
        try (FileChannel ch = FileChannel.open(gen, StandardOpenOption.WRITE)) {
            ch.truncate(8);
        }
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.backup(dest, Progress.NONE), gen.toString());
            assertFalse(Files.exists(dest), "a destination this backup created is deleted");
            Files.createDirectories(dest);
            Db.assertThrowsWith(CorruptDatabaseException.class, () -> s.backup(dest, Progress.NONE), gen.toString());
        }
        try (Stream<Path> l = Files.list(dest)) {
            assertEquals(0, l.count(), "an empty destination is left empty");
        }
    }
}
