package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.CorruptDatabaseException;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table written by the original library gets a commit record on its first append: its column
 * files become generation 1 by hard link (PROTOCOL.md, "append").
 */
class LegacyAdoptionTest {
    @TempDir
    Path tmp;

    Path reg;
    Path dir;

    static final Table V1 = table(
            "players", 3, i64("id", 1, 2, 3), str("name", "Alice", "Bob", "Carl"), f64("score", 10.5, 20.5, 30.5));
    static final Table MORE = table("players", 2, i64("id", 4, 5), str("name", "Dora", "Ed"), f64("score", 40.5, 50.5));

    @BeforeEach
    void paths() {
        reg = tmp.resolve("DB");
        dir = tmp.resolve("DBdir");
    }

    @Test
    void appendToAHandBuiltTableKeepsTheLegacyFilesByteExact() throws Exception {
        HandBuilt.writeDatabase(reg, V1);
        byte[] registry = Files.readAllBytes(reg);
        assertFalse(Files.exists(dir.resolve(".zdbc")));
        try (ZdbcStorage s = Db.open(reg)) {
            assertEquals(0, s.state("players").version());
            s.append("players", Db.batch(MORE));
            TableState st = s.state("players");
            assertEquals(2, st.version(), "adoption commits version 1, the append version 2");
            Db.assertReads(s, V1.plus(MORE), "players");
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
            for (int i = 0; i < st.columns().size(); i++) {
                Path legacy = dir.resolve("players." + st.columns().get(i).name());
                assertTrue(
                        Files.isSameFile(legacy, st.columnFiles().get(i)),
                        "generation file is a hard link of " + legacy);
            }
        }
        assertArrayEquals(registry, Files.readAllBytes(reg), "an append leaves the registry alone");
        Db.assertLegacyFiles(reg, V1.plus(MORE));
    }

    @Test
    void adoptionCopiesNoData() throws Exception {
        HandBuilt.writeDatabase(reg, V1);
        Object inode = Files.readAttributes(dir.resolve("players.id"), BasicFileAttributes.class)
                .fileKey();
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("players", Db.batch(MORE));
        }
        Object after = Files.readAttributes(dir.resolve("players.id"), BasicFileAttributes.class)
                .fileKey();
        if (inode != null) {
            assertEquals(inode, after, "the legacy file is appended in place, not rewritten");
        }
    }

    @Test
    void nestedLegacyTableCanBeAppendedToTwice() throws Exception {
        Table n1 = V1.named("data/players");
        Table more = MORE.named("data/players");
        HandBuilt.writeDatabase(reg, n1);
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("data/players", Db.batch(more));
            s.append("data/players", Db.batch(more));
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
        Db.assertLegacyFiles(reg, n1.plus(more).plus(more));
    }

    @Test
    void emptyLegacyTableCanBeAppendedTo() throws Exception {
        Table empty = table("players", 0, i64("id"), str("name"), f64("score"));
        HandBuilt.writeDatabase(reg, empty);
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("players", Db.batch(MORE));
        }
        Db.assertLegacyFiles(reg, MORE);
    }

    @Test
    void legacyColumnNamesWithADotCanBeAppendedTo() throws Exception {
        // The original library allowed '.' in column names; only new names are restricted. (A legacy
        // column "schema" cannot exist: its file t.schema would be the schema file itself.)
        Table odd = table("t", 1, i64("a.b", 1), str("x.schema", "s"));
        HandBuilt.writeDatabase(reg, odd);
        try (ZdbcStorage s = Db.open(reg)) {
            s.append("t", Db.batch(odd));
            Db.assertVerifyOk(s);
        }
        Db.assertLegacyFiles(reg, odd.plus(odd));
    }

    @Test
    void replaceOfALegacyTableRewritesTheLegacyFiles() throws Exception {
        HandBuilt.writeDatabase(reg, V1);
        Table v2 = table("players", 1, i64("id", 9), str("nick", "Z"));
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("players", Db.batch(v2));
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
        Db.assertLegacyFiles(reg, v2);
        Db.assertNoLegacyColumnFiles(reg, "players", List.of("name", "score"));
    }

    @Test
    void legacyColumnFileLongerThanTheSchemaIsRefusedByAdoption() throws Exception {
        // The original library reads only rows × 8 bytes, so this file works there; zdbc adopts exact files only.
        HandBuilt.writeDatabase(reg, V1);
        Files.write(dir.resolve("players.score"), new byte[] {1}, StandardOpenOption.APPEND);
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertThrowsWith(
                    CorruptDatabaseException.class,
                    () -> s.append("players", Db.batch(MORE)),
                    "column file has 25 bytes, but the schema says 3 rows × 8 = 24");
            assertFalse(s.verify().ok());
        }
        try (ZdbcStorage s = Db.open(reg)) {
            Db.assertReads(s, V1, "players");
            assertFalse(
                    Files.exists(new Layout(reg).tableDir("players")), "a refused adoption leaves no table directory");
        }
    }
}
