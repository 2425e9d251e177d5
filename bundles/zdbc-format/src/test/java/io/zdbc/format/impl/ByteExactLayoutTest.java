package io.zdbc.format.impl;

import static io.zdbc.format.impl.HandBuilt.concat;
import static io.zdbc.format.impl.HandBuilt.f64;
import static io.zdbc.format.impl.HandBuilt.i64;
import static io.zdbc.format.impl.HandBuilt.str;
import static io.zdbc.format.impl.HandBuilt.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.format.impl.HandBuilt.Table;
import io.zdbc.spi.TableState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original library's layout, byte for byte, in both directions (FORMAT.md, "Files"). */
class ByteExactLayoutTest {
    @TempDir
    Path tmp;

    static final Table PLAYERS = table(
            "players",
            3,
            i64("id", 1, 2, -3),
            str("name", "Alice", "Bob", "Carl8chr"),
            f64("score", 10.5, -0.0, Double.NaN));

    static final Table NESTED =
            table("data/players", 2, i64("id", Long.MIN_VALUE, Long.MAX_VALUE), str("name", "", "x"));

    /** docs/FORMAT.md, section 2: every byte of the worked example. */
    @Test
    void workedExampleOfFormatMdIsWhatWeHandBuild() throws Exception {
        Table players = table(
                "players", 3, i64("id", 1, 2, 3), str("name", "Alice", "Bob", "Zoë"), f64("score", 10.5, 20.0, -1.25));
        assertEquals("01 00 00 00 07 00 00 00 70 6c 61 79 65 72 73", HandBuilt.hex(HandBuilt.registry("players")));
        assertEquals(
                "03 00 00 00 00 00 00 00 03 00 00 00 02 00 00 00\n"
                        + "69 64 00 04 00 00 00 6e 61 6d 65 02 05 00 00 00\n"
                        + "73 63 6f 72 65 01",
                HandBuilt.hex(players.schemaBytes()));
        assertEquals(
                "01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00\n03 00 00 00 00 00 00 00",
                HandBuilt.hex(players.col("id").data()));
        assertEquals(
                "41 6c 69 63 65 20 20 20 42 6f 62 20 20 20 20 20\n5a 6f c3 ab 20 20 20 20",
                HandBuilt.hex(players.col("name").data()));
        assertEquals(
                "00 00 00 00 00 00 25 40 00 00 00 00 00 00 34 40\n00 00 00 00 00 00 f4 bf",
                HandBuilt.hex(players.col("score").data()));

        // What our writer writes for the same table.
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("players", Db.batch(players));
        }
        assertArrayEquals(HandBuilt.registry("players"), Files.readAllBytes(reg));
        Db.assertLegacyFiles(reg, players);

        // The column checksums: zlib's CRC-32 of each column file's bytes, as our writer recorded them.
        List<Integer> sums = List.of(0x2bcb8d87, 0x8b321b9c, 0xd3bfdde2);
        Path written = new Layout(reg).commitFile("players");
        assertEquals(
                sums, CommitCodec.decode(written, Files.readAllBytes(written)).sums());

        // The commit record of version 2 in generation 1f2e3d4c5b6a7988.
        byte[] commit =
                CommitCodec.encode(new CommitCodec.Commit(0, 2, 0x1f2e3d4c5b6a7988L, 3, Db.defs(players), sums));
        assertEquals(
                "5a 44 42 43 43 4d 54 32 00 00 00 00 02 00 00 00\n"
                        + "00 00 00 00 88 79 6a 5b 4c 3d 2e 1f 03 00 00 00\n"
                        + "00 00 00 00 03 00 00 00 02 00 00 00 69 64 00 04\n"
                        + "00 00 00 6e 61 6d 65 02 05 00 00 00 73 63 6f 72\n"
                        + "65 01 87 8d cb 2b 9c 1b 32 8b e2 dd bf d3 7f 80\n"
                        + "c0 a2",
                HandBuilt.hex(commit));
        assertEquals(Db.defs(players), CommitCodec.decode(reg, commit).columns());
        assertEquals(
                "1f2e3d4c5b6a7988.id",
                new Layout(reg)
                        .dataFile("players", 0x1f2e3d4c5b6a7988L, "id")
                        .getFileName()
                        .toString());
    }

    @Test
    void handBuiltDatabaseIsReadWithItsColumnsRowsAndFiles() throws Exception {
        Path reg = tmp.resolve("DB");
        HandBuilt.writeDatabase(reg, PLAYERS, NESTED);
        Path dir = tmp.resolve("DBdir");
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            assertEquals(List.of("players", "data/players"), s.tables());

            TableState p = s.state("players");
            assertEquals(3, p.rows());
            assertEquals(0, p.version(), "a table no zdbc writer touched is version 0");
            assertEquals(
                    List.of(
                            ColumnDef.of("id", ColumnType.I64),
                            ColumnDef.of("name", ColumnType.STR),
                            ColumnDef.of("score", ColumnType.F64)),
                    p.columns());
            assertEquals(
                    List.of(dir.resolve("players.id"), dir.resolve("players.name"), dir.resolve("players.score")),
                    p.columnFiles());

            TableState n = s.state("data/players");
            assertEquals(2, n.rows());
            assertEquals(List.of(dir.resolve("data/players.id"), dir.resolve("data/players.name")), n.columnFiles());

            Db.assertReads(s, PLAYERS, "players");
            Db.assertReads(s, NESTED, "data/players");
        }
    }

    @Test
    void readOnlyOpenOfAHandBuiltDatabaseWritesNothing() throws Exception {
        Path reg = tmp.resolve("DB");
        HandBuilt.writeDatabase(reg, PLAYERS);
        try (ZdbcStorage s = Db.openReadOnly(reg)) {
            Db.assertReads(s, PLAYERS, "players");
            Db.assertVerifyOk(s);
        }
        assertTrue(Files.notExists(tmp.resolve("DBdir/.zdbc")), "read-only open must not create .zdbc");
    }

    @Test
    void createWritesRegistryAndEmptySchemaAndEmptyColumnFiles() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            assertArrayEquals(HandBuilt.registry(), Files.readAllBytes(reg), "a new database has an empty registry");
            s.create("players", Db.defs(PLAYERS));
        }
        assertArrayEquals(HandBuilt.registry("players"), Files.readAllBytes(reg));
        Db.assertLegacyFiles(reg, table("players", 0, i64("id"), str("name"), f64("score")));
    }

    @Test
    void replaceThenAppendWriteTheOriginalLayoutByteForByte() throws Exception {
        Path reg = tmp.resolve("DB");
        Table more = table("players", 2, i64("id", 7, 8), str("name", "Zoë", "日本"), f64("score", 1e300, -1));
        try (ZdbcStorage s = Db.open(reg)) {
            s.create("players", Db.defs(PLAYERS));
            s.replace("players", Db.batch(PLAYERS));
            assertArrayEquals(HandBuilt.registry("players"), Files.readAllBytes(reg));
            Db.assertLegacyFiles(reg, PLAYERS);

            s.append("players", Db.batch(more));
            Db.assertLegacyFiles(reg, PLAYERS.plus(more));
            Db.assertReads(s, PLAYERS.plus(more), "players");
            Db.assertVerifyOk(s);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void nestedTableNameWritesIntoASubDirectory() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace("players", Db.batch(PLAYERS));
            s.replace("data/players", Db.batch(NESTED));
        }
        assertArrayEquals(HandBuilt.registry("players", "data/players"), Files.readAllBytes(reg));
        Db.assertLegacyFiles(reg, NESTED);
        assertTrue(Files.isRegularFile(tmp.resolve("DBdir/data/players.schema")));
        assertTrue(Files.isDirectory(tmp.resolve("DBdir/.zdbc/t/data%2Fplayers")), "one flat, escaped table directory");
    }

    @Test
    void dropRemovesTheRegistryEntryAndTheTablesFilesOnly() throws Exception {
        Path reg = tmp.resolve("DB");
        HandBuilt.writeDatabase(reg, PLAYERS, NESTED);
        try (ZdbcStorage s = Db.open(reg)) {
            s.drop("players");
            assertArrayEquals(HandBuilt.registry("data/players"), Files.readAllBytes(reg));
            Db.assertNoLegacyFiles(reg, "players", PLAYERS.colNames());
            Db.assertLegacyFiles(reg, NESTED);
            Db.assertNoStrayFiles(reg, s);
        }
    }

    @Test
    void strColumnIsUtf8TrimmedWithoutSplittingACharacterAndSpacePadded() throws Exception {
        Path reg = tmp.resolve("DB");
        try (ZdbcStorage s = Db.open(reg)) {
            s.replace(
                    "t",
                    Batch.builder()
                            .str("s", "abcdefghij", "aÄÄÄÄ", "ÄÄÄÄ", "€€€", "", "a😀😀")
                            .build());
        }
        byte[] expected = concat(
                bytes(0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68), // "abcdefgh": cut after 8 bytes
                bytes(0x61, 0xC3, 0x84, 0xC3, 0x84, 0xC3, 0x84, 0x20), // "aÄÄÄ" + pad: the 4th Ä would split
                bytes(0xC3, 0x84, 0xC3, 0x84, 0xC3, 0x84, 0xC3, 0x84), // exactly 8 bytes, no pad
                bytes(0xE2, 0x82, 0xAC, 0xE2, 0x82, 0xAC, 0x20, 0x20), // "€€" + pad
                bytes(0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20), // "" is all spaces
                bytes(0x61, 0xF0, 0x9F, 0x98, 0x80, 0x20, 0x20, 0x20)); // "a😀" + pad
        assertEquals(HandBuilt.hex(expected), HandBuilt.hex(Files.readAllBytes(tmp.resolve("DBdir/t.s"))));
    }

    @Test
    void strReadersStripTrailingSpacesAndNuls() {
        assertEquals("Alice", Str8.decode(bytes(0x41, 0x6C, 0x69, 0x63, 0x65, 0x20, 0x20, 0x20), 0));
        assertEquals(
                "Alice",
                Str8.decode(bytes(0x41, 0x6C, 0x69, 0x63, 0x65, 0, 0, 0), 0),
                "NUL-padded (original batch reader)");
        assertEquals("a b", Str8.decode(bytes(0x61, 0x20, 0x62, 0x20, 0, 0x20, 0, 0), 0), "inner spaces stay");
        assertEquals("", Str8.decode(bytes(0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20), 0));
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }
}
