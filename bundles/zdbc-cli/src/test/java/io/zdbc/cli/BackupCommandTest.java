package io.zdbc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zdbc backup}, and {@code zdbc verify} of a database copied with ordinary tools. */
class BackupCommandTest {
    @TempDir
    Path dir;

    String db;
    String out;
    String err;

    int zdbc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString().replace("\r", "");
        err = e.toString().replace("\r", "");
        return code;
    }

    @BeforeEach
    void database() throws IOException {
        Path csv = dir.resolve("trades.csv");
        Files.writeString(csv, "sym,price,volume\nAAPL,15001.5,10\nAAPL,14000,5\nMSFT,15500,7\n");
        db = dir.resolve("src").resolve("db").toString();
        Files.createDirectories(dir.resolve("src"));
        assertEquals(0, zdbc("import", db, "trades", csv.toString()), err);
    }

    @Test
    void backupMakesADatabaseThatVerifiesAndAnswersAsTheSource() {
        assertEquals(
                0, zdbc("import", db, "data/trades", dir.resolve("trades.csv").toString()), err);
        String dest = dir.resolve("bk").toString();
        assertEquals(0, zdbc("backup", db, dest), err);
        String copy = dir.resolve("bk").resolve("db").toString();
        assertTrue(out.contains("backed up 2 tables (144 bytes of column data) to " + copy), out);
        assertEquals(0, zdbc("verify", copy));
        assertTrue(out.endsWith("2 tables checked, 0 problems\n") && !out.contains("note:"), out);
        assertEquals(0, zdbc("sql", copy, "SELECT sym, sum(volume) FROM trades GROUP BY sym ORDER BY sym"), err);
        assertEquals("sym,sum(volume)\nAAPL,15\nMSFT,7\n", out);
        assertEquals(0, zdbc("sql", copy, "SELECT count(*) FROM \"data/trades\""), err);
        assertEquals("count(*)\n3\n", out);
        assertEquals(0, zdbc("backup", "--read-only", db, dir.resolve("bk-ro").toString()), err);
        assertEquals(0, zdbc("verify", dir.resolve("bk-ro").resolve("db").toString()));
    }

    @Test
    void aDestinationThatIsNotEmptyIsAnErrorNamingIt() throws IOException {
        Path dest = Files.createDirectories(dir.resolve("bk"));
        Files.writeString(dest.resolve("keep"), "x");
        assertEquals(1, zdbc("backup", db, dest.toString()));
        assertEquals("zdbc: backup destination " + dest + " exists and is not empty\n", err);
        assertEquals(
                1,
                zdbc(
                        "backup",
                        dir.resolve("nope").toString(),
                        dir.resolve("bk2").toString()));
        assertTrue(err.startsWith("zdbc: no database at "), err);
        assertFalse(Files.exists(dir.resolve("bk2")));
        assertEquals(2, zdbc("backup", db));
    }

    @Test
    void helpSaysWhyColumnDataIsCopiedAndHowToRestore() {
        assertEquals(0, zdbc("backup", "--help"));
        assertTrue(out.contains("never hard-linked") && out.contains("Restore:") && out.contains("cp -a"), out);
    }

    /** The report: verify said every column of a cp -r copy was "changed outside zdbc" and exited 1. */
    @Test
    void aCopyWithoutHardLinksVerifiesWithANoteAndItsNextAppendLinksIt() throws IOException {
        Path from = Path.of(db).getParent();
        Path to = dir.resolve("copy");
        try (Stream<Path> w = Files.walk(from)) {
            for (Path p : (Iterable<Path>) w::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target); // new inodes, same bytes: cp -r, rsync -a without -H, zip
                }
            }
        }
        String copy = to.resolve("db").toString();
        assertEquals(0, zdbc("verify", copy), out);
        assertTrue(out.contains("note: table 'trades': 3 of its 3 column files no longer share files"), out);
        assertEquals(0, zdbc("import", copy, "trades", dir.resolve("trades.csv").toString()), err);
        assertEquals(0, zdbc("verify", copy));
        assertFalse(out.contains("'trades': 3 of its"), "the append linked the files again: " + out);
        assertEquals(0, zdbc("sql", copy, "SELECT count(*) FROM trades"), err);
        assertEquals("count(*)\n6\n", out);
    }
}
