package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.VerifyReport;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.format.impl.IntentCodec.Intent;
import io.zdbc.spi.TableState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database copied with ordinary tools ({@code cp -r}, {@code rsync -a} without {@code -H}, a zip
 * round trip) has every file with the same bytes but no hard links: the legacy names are separate
 * files from their generation files (PROTOCOL.md, "Publish" and "Invariants").
 */
class CopiedDatabaseTest {
    @TempDir(factory = ShmTempDir.class)
    Path tmp;

    Path reg;
    Path copy;

    static final Table V1 = table("t", 3, i64("id", 1, 2, 3), str("name", "a", "b", "c"), f64("score", 1.5, 2.5, 3.5));
    static final Table MORE = table("t", 2, i64("id", 4, 5), str("name", "d", "e"), f64("score", 4.5, 5.5));
    static final Table NESTED = V1.named("data/players");
    static final Table LEGACY = table("old", 2, i64("k", 7, 8), str("s", "x", "y"));

    /** A table only the original library wrote, a committed one and a nested one. */
    static void sampleDatabase(Path reg) throws IOException {
        HandBuilt.writeDatabase(reg, LEGACY);
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("t", Db.batch(V1));
            s.replace("data/players", Db.batch(NESTED));
        }
    }

    @BeforeEach
    void databaseAndItsPlainCopy() throws IOException {
        reg = tmp.resolve("src").resolve("DB");
        sampleDatabase(reg);
        copy = tmp.resolve("copy").resolve("DB");
        plainCopy(reg.getParent(), copy.getParent());
    }

    /** What cp -r, rsync -a without -H and a zip round trip do: every file anew, same bytes, no links. */
    static void plainCopy(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path p : (Iterable<Path>) w::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.write(target, Files.readAllBytes(p));
                }
            }
        }
    }

    private void assertLinked(ZdbcStorage s, String table) throws IOException {
        TableState st = s.state(table);
        Path dir = HandBuilt.dataDir(copy);
        for (int i = 0; i < st.columns().size(); i++) {
            Path legacy = dir.resolve(table + "." + st.columns().get(i).name());
            assertTrue(
                    Files.isSameFile(legacy, st.columnFiles().get(i)),
                    legacy + " is the same file as its generation file "
                            + st.columnFiles().get(i));
        }
    }

    private static boolean notesACopy(VerifyReport r, String table) {
        return r.notes().stream().anyMatch(n -> n.contains("'" + table + "'") && n.contains("no longer share"));
    }

    @Test
    void aPlainCopyOpensWithTheSameDataAndVerifiesWithANote() throws Exception {
        try (ZdbcStorage s = Db.open(copy)) {
            Db.assertReads(s, V1, "t");
            Db.assertReads(s, NESTED, "data/players");
            Db.assertReads(s, LEGACY, "old");
            VerifyReport r = s.verify();
            assertTrue(r.ok(), "verify of a plain copy: " + r.problems());
            assertTrue(notesACopy(r, "t") && notesACopy(r, "data/players"), "notes say it is a copy: " + r.notes());
            assertFalse(notesACopy(r, "old"), "a legacy-only table has no generation files: " + r.notes());
        }
        try (ZdbcStorage s = Db.openReadOnly(copy)) {
            assertTrue(
                    s.verify().ok(),
                    "read-only verify of a plain copy: " + s.verify().problems());
        }
    }

    @Test
    void openingACopyForWritingLeavesItsFilesAlone() throws Exception {
        try (ZdbcStorage s = Db.open(copy)) {
            TableState st = s.state("t");
            assertFalse(
                    Files.isSameFile(
                            HandBuilt.dataDir(copy).resolve("t.id"),
                            st.columnFiles().get(0)),
                    "open does not re-link (FORMAT.md, Publish: the next write of each table does)");
        }
    }

    @Test
    void appendToACopiedTableLinksItsFilesAgainAndKeepsTheLegacyViewWhole() throws Exception {
        try (ZdbcStorage s = Db.open(copy)) {
            s.append("t", Db.batch(MORE));
            s.append("data/players", Db.batch(MORE.named("data/players")));
            assertLinked(s, "t");
            assertLinked(s, "data/players");
            Db.assertReads(s, V1.plus(MORE), "t");
            VerifyReport r = s.verify();
            assertTrue(r.ok(), "verify: " + r.problems());
            assertFalse(notesACopy(r, "t") || notesACopy(r, "data/players"), "links restored: " + r.notes());
            Db.assertNoStrayFiles(copy, s);
        }
        // The original library reads the schema's row count from the legacy files: both must show the append.
        Db.assertLegacyFiles(copy, V1.plus(MORE));
        Db.assertLegacyFiles(copy, NESTED.plus(MORE.named("data/players")));
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, V1, "t");
            Db.assertVerifyOk(s);
        }
        Db.assertLegacyFiles(reg, V1);
    }

    @Test
    void replaceOfACopiedTableLinksItsFilesAgain() throws Exception {
        try (ZdbcStorage s = Db.open(copy)) {
            s.replace("t", Db.batch(MORE));
            assertLinked(s, "t");
            Db.assertReads(s, MORE, "t");
            assertFalse(notesACopy(s.verify(), "t"));
            Db.assertNoStrayFiles(copy, s);
        }
        Db.assertLegacyFiles(copy, MORE);
    }

    @Test
    void dropOfACopiedTableRemovesBothCopiesOfItsFiles() throws Exception {
        try (ZdbcStorage s = Db.open(copy)) {
            s.drop("t");
            Db.assertNoStrayFiles(copy, s);
            Db.assertVerifyOk(s);
        }
        Db.assertNoLegacyFiles(copy, "t", List.of("id", "name", "score"));
    }

    @Test
    void recoveryInACopyTakenMidAppendLinksTheFilesAgain() throws Exception {
        // A copy taken while an append ran: its intent, and torn bytes past the committed rows.
        Layout layout = new Layout(copy);
        Files.write(layout.intentFile(), IntentCodec.encode(new Intent("t", List.of("id", "name", "score"))));
        try (ZdbcStorage s = Db.openReadOnly(copy)) {
            for (Path f : s.state("t").columnFiles()) {
                Files.write(f, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
            }
        }
        try (ZdbcStorage s = Db.open(copy)) {
            assertLinked(s, "t");
            Db.assertReads(s, V1, "t");
            Db.assertVerifyOk(s);
            s.append("t", Db.batch(MORE));
            Db.assertReads(s, V1.plus(MORE), "t");
        }
        Db.assertLegacyFiles(copy, V1.plus(MORE));
    }

    @Test
    void aCopiedColumnFileWithOtherBytesIsStillAProblem() throws Exception {
        Path legacy = HandBuilt.dataDir(copy).resolve("t.score");
        byte[] b = Files.readAllBytes(legacy);
        b[9] ^= 0x40;
        Files.write(legacy, b);
        try (ZdbcStorage s = Db.openReadOnly(copy)) {
            VerifyReport r = s.verify();
            assertEquals(1, r.problems().size(), "problems: " + r.problems());
            assertTrue(
                    r.problems().get(0).contains(legacy.toString())
                            && r.problems().get(0).contains("'score'"),
                    r.problems().get(0));
        }
    }

    @Test
    void aCopiedColumnFileOfAnotherLengthIsStillAProblem() throws Exception {
        Path legacy = HandBuilt.dataDir(copy).resolve("data/players.id");
        Files.write(legacy, new byte[8], StandardOpenOption.APPEND);
        try (ZdbcStorage s = Db.openReadOnly(copy)) {
            VerifyReport r = s.verify();
            assertEquals(1, r.problems().size(), "problems: " + r.problems());
            assertTrue(
                    r.problems().get(0).contains(legacy.toString()),
                    r.problems().get(0));
        }
    }
}
