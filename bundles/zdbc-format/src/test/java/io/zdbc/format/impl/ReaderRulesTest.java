package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Durability;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROTOCOL.md, "Readers": what a lock-free reader may rely on between two commits. */
class ReaderRulesTest {
    @TempDir
    Path tmp;

    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));

    private static byte[] prefix(Path f, long bytes) throws Exception {
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes((int) bytes);
        }
    }

    @Test
    void appendKeepsTheFilesAndBytesOfTheOlderVersion() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg);
                ZdbcStorage r = Db.openReadOnly(reg)) {
            w.replace("t", Db.batch(V1));
            TableState before = r.state("t");
            w.append("t", Db.batch(MORE));
            TableState after = r.state("t");
            assertEquals(before.columnFiles(), after.columnFiles(), "an append commits more rows of the same files");
            assertEquals(before.version() + 1, after.version());
            for (int i = 0; i < before.columnFiles().size(); i++) {
                assertArrayEquals(
                        V1.cols().get(i).data(),
                        prefix(before.columnFiles().get(i), before.rows() * 8),
                        "the older version's rows × 8 bytes are unchanged");
            }
        }
    }

    @Test
    void replaceWritesANewGenerationAndTheOldFilesVanish() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg);
                ZdbcStorage r = Db.openReadOnly(reg)) {
            w.replace("t", Db.batch(V1));
            TableState before = r.state("t");
            w.replace("t", Db.batch(MORE));
            TableState after = r.state("t");
            assertEquals(before.version() + 1, after.version());
            for (int i = 0; i < before.columnFiles().size(); i++) {
                assertNotEquals(before.columnFiles().get(i), after.columnFiles().get(i));
                assertFalse(
                        Files.exists(before.columnFiles().get(i)),
                        "a reader that finds its files gone reads the state again (retry)");
            }
            Db.assertReads(r, MORE, "t");
        }
    }

    @Test
    void openMappingsOfAnOldGenerationStayReadableAfterReplace() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
            Path f = w.state("t").columnFiles().get(0);
            try (var ch = FileChannel.open(f)) {
                var map = ch.map(FileChannel.MapMode.READ_ONLY, 0, 24);
                w.replace("t", Db.batch(MORE));
                assertFalse(Files.exists(f));
                byte[] b = new byte[24];
                map.get(b);
                assertArrayEquals(V1.cols().get(0).data(), b, "the inode lives while it is mapped");
            }
        }
    }

    @Test
    void legacyColumnFilesAreHardLinksOfTheCommittedGeneration() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
            TableState st = w.state("t");
            for (int i = 0; i < st.columns().size(); i++) {
                Path legacy = tmp.resolve("DBdir/t." + st.columns().get(i).name());
                assertTrue(Files.isSameFile(legacy, st.columnFiles().get(i)));
            }
            assertEquals(Arrays.asList("t"), w.tables());
        }
    }

    /** What a reader sees at one moment: the change count, then the table list and the table's state. */
    private record Seen(long count, List<String> tables, Object state) {}

    private static Seen look(ZdbcStorage r, String table) {
        long count = r.changeCount(); // first, as ZdbcDatabase does: what follows is cached under it
        Object state;
        try {
            state = r.state(table);
        } catch (NoSuchTableException e) {
            state = "absent";
        }
        return new Seen(count, r.tables(), state);
    }

    /**
     * ConcurrencyTest once saw a reader's row count go back by one append. ZdbcDatabase caches a
     * state under the change count it read first, trusting Storage.changeCount(): equal counts,
     * same tables. But the writer bumped the count once before its write and once after, so
     * everywhere between (the commit point included) one count stood for both the old and the
     * new state. A reader that read the old state just before the commit record's rename could
     * then cache it after another reader had cached the new one under the same count, and the
     * second reader's next read got the old state back. Here the writer stops at every rename
     * (the commit points, the intent, the registry, the schema) of each kind of write while a
     * reader looks just before and just after it: looks that got one count must have seen one
     * table.
     */
    @Test
    void readsOnBothSidesOfACommitPointNeverShareAChangeCount() throws Exception {
        Path reg = tmp.resolve("DB");
        List<Seen> seen = new ArrayList<>();
        ZdbcStorage[] reader = new ZdbcStorage[1];
        FileOps watched = new FileOps() {
            @Override
            void rename(Path from, Path to) throws IOException {
                if (reader[0] == null) { // creating the database
                    super.rename(from, to);
                    return;
                }
                seen.add(look(reader[0], "t"));
                super.rename(from, to);
                seen.add(look(reader[0], "t"));
            }
        };
        OpenOptions fast = OpenOptions.defaults().withDurability(Durability.FAST);
        try (ZdbcStorage w = ZdbcStorage.open(reg, fast, new TestColumnIO(), watched);
                ZdbcStorage r = Db.openReadOnly(reg)) {
            reader[0] = r;
            seen.add(look(r, "t"));
            w.create("t", Db.defs(V1));
            seen.add(look(r, "t"));
            w.append("t", Db.batch(V1));
            seen.add(look(r, "t"));
            w.append("t", Db.batch(MORE));
            seen.add(look(r, "t"));
            w.replace("t", Db.batch(V1));
            seen.add(look(r, "t"));
            w.drop("t");
            seen.add(look(r, "t"));
            assertEquals(
                    r.changeCount(), r.changeCount(), "between writes the count holds still, so states can be cached");
        }
        assertTrue(seen.size() > 20, "the writer renamed files: " + seen.size() + " looks");
        Map<Long, Seen> byCount = new HashMap<>();
        for (Seen s : seen) {
            Seen first = byCount.putIfAbsent(s.count(), s);
            if (first != null) {
                assertEquals(first, s, "two looks with change count " + s.count() + " saw different tables");
            }
        }
    }

    /**
     * A writer that dies between making the count odd and making it even again leaves it odd:
     * readers cache nothing meanwhile, and the next writer to open the database, recovering,
     * makes it even, so caching resumes without waiting for another write.
     */
    @Test
    void aCountLeftOddByADeadWriterStopsCachingUntilAWriterOpens() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
        }
        Path changes = new Layout(reg).changesFile();
        try (var ch = FileChannel.open(changes, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(HandBuilt.u64(41)), 0); // as a writer dead mid-commit leaves it
        }
        try (ZdbcStorage r = Db.openReadOnly(reg)) {
            assertNotEquals(r.changeCount(), r.changeCount(), "odd: a commit may be under way");
            try (ZdbcStorage w = Db.open(reg)) {
                long c = r.changeCount();
                assertEquals(c, r.changeCount(), "even again once a writer has opened");
                assertTrue(c > 41, "and new: " + c);
                w.append("t", Db.batch(MORE));
                assertNotEquals(c, r.changeCount());
                assertEquals(r.changeCount(), r.changeCount());
            }
        }
    }
    /**
     * A changes file cut short (a crash between its creation and its first write) is completed
     * by the next writer to open the database; before, caching stayed off for good.
     */
    @Test
    void aChangesFileCutShortIsCompletedByTheNextWriter() throws Exception {
        Path reg = tmp.resolve("SHORT");
        Path changes = new Layout(reg).changesFile();
        Files.createDirectories(changes.getParent());
        Files.write(changes, new byte[3]);
        try (ZdbcStorage w = Db.open(reg)) {
            w.replace("t", Db.batch(V1));
            assertEquals(8, Files.size(changes));
            assertEquals(w.changeCount(), w.changeCount(), "cached again: the count is read from the file");
        }
    }

    /**
     * A lock-free reader looks for the commit record, then at the registry. A table created by
     * another process between the two looks (found in the registry, its commit record missed) is
     * the new table at its commit, not a table of the original library's: its legacy schema may
     * not be published yet, which read as a table with no columns.
     */
    @Test
    void aTableCreatedBetweenTheReadersTwoLooksReadsAsItsCommit() throws Exception {
        Path reg = tmp.resolve("RACE");
        Layout layout = new Layout(reg);
        try (ZdbcStorage w = Db.open(reg)) {
            Runnable[] between = {() -> {}};
            FileOps readerOps = new FileOps() {
                @Override
                byte[] readAll(Path file) throws IOException {
                    if (file.equals(layout.registry())) {
                        Runnable r = between[0];
                        between[0] = () -> {};
                        r.run();
                    }
                    return super.readAll(file);
                }
            };
            try (ZdbcStorage r = ZdbcStorage.open(reg, OpenOptions.readOnlyDefaults(), new TestColumnIO(), readerOps)) {
                between[0] = () -> {
                    w.replace("t", Db.batch(V1));
                    try {
                        // The writer's last step, publishing the legacy names, not done yet.
                        Files.delete(layout.legacySchema("t"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                TableState s = r.state("t");
                assertEquals(1, s.version(), "the commit's version, not 0 (a table of the original library's)");
                assertEquals(3, s.rows());
                assertEquals(
                        List.of("id", "name", "score"),
                        s.columns().stream().map(c -> c.name()).toList());
            }
        }
    }
}
