package io.zdbc.parquet.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Database;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is a ZdbcException naming the file, and leaves tables and target files as they were. */
class ErrorsTest {
    static final int ROWS = 30_000;

    @TempDir
    Path dir;

    Database db;
    final ParquetConnector connector = new ParquetConnector();
    Path good;

    @BeforeEach
    void open() {
        db = Zdbc.open(dir.resolve("db"));
        long[] i = new long[ROWS];
        String[] s = new String[ROWS];
        for (int r = 0; r < ROWS; r++) {
            i[r] = r;
            s[r] = "r" + r;
        }
        db.write("src", Batch.builder().i64("i", i).str("s", s).build());
        good = dir.resolve("good.parquet");
        new ParquetConnector(10_000, 1_000).exportTable(db, "src", good, TransferOptions.defaults());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Path variant(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] goodBytes() {
        try {
            return Files.readAllBytes(good);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The import fails with a message naming the file and containing {@code what}; no table "t". */
    private ZdbcException failsWithoutTable(Path f, String what) {
        return failsWithoutTable(f, what, TransferOptions.defaults());
    }

    private ZdbcException failsWithoutTable(Path f, String what, TransferOptions o) {
        ZdbcException e = assertThrows(ZdbcException.class, () -> connector.importFile(f, db, "t", o));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertFalse(db.exists("t"), "no table after a failed import");
        return e;
    }

    @Test
    void fileCutInTheFooterIsNotReadable() {
        byte[] b = goodBytes();
        failsWithoutTable(
                variant("cut-footer.parquet", Arrays.copyOf(b, b.length - 10)), "not a Parquet file, or truncated");
    }

    @Test
    void fileCutInTheDataIsNotReadable() {
        byte[] b = goodBytes();
        failsWithoutTable(
                variant("cut-data.parquet", Arrays.copyOf(b, b.length / 2)), "not a Parquet file, or truncated");
    }

    @Test
    void emptyFileIsNotReadable() {
        failsWithoutTable(variant("empty.parquet", new byte[0]), "not a Parquet file, or truncated");
    }

    @Test
    void magicOnlyIsNotReadable() {
        failsWithoutTable(
                variant("magic.parquet", "PAR1".getBytes(StandardCharsets.US_ASCII)),
                "not a Parquet file, or truncated");
        failsWithoutTable(
                variant("magic2.parquet", "PAR1PAR1".getBytes(StandardCharsets.US_ASCII)),
                "not a Parquet file, or truncated");
    }

    @Test
    void csvIsNotAParquetFile() {
        failsWithoutTable(
                variant("data.parquet", "a,b\n1,2\n".getBytes(StandardCharsets.US_ASCII)), "not a Parquet file");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.parquet");
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> connector.importFile(f, db, "t", TransferOptions.defaults()));
        assertEquals("Parquet file not found: " + f, e.getMessage());
    }

    /** A byte flipped in the last row group's data: found part-way, after batches were written. */
    private Path corruptLastRowGroup() {
        long start;
        long size;
        try (ParquetFileReader r = ParquetConnector.open(good)) {
            assertEquals(3, r.getRowGroups().size());
            ColumnChunkMetaData c = r.getRowGroups().get(2).getColumns().get(0);
            start = c.getStartingPos();
            size = c.getTotalSize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] b = goodBytes();
        int at = (int) (start + size * 3 / 4);
        b[at] ^= 0x5A;
        b[at + 1] ^= 0x5A;
        return variant("corrupt.parquet", b);
    }

    @Test
    void corruptPageInTheLastRowGroupLeavesNoTable() {
        ZdbcException e = failsWithoutTable(
                corruptLastRowGroup(),
                "row group 3 of 3",
                TransferOptions.defaults().withBatchRows(1000));
        assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void corruptPageInTheLastRowGroupLeavesTheOldTableUnchanged() {
        long before = db.count("src");
        long version = db.info("src").version();
        Path f = corruptLastRowGroup();
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> connector.importFile(
                        f, db, "src", TransferOptions.defaults().withBatchRows(1000)));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(before, db.count("src"));
        assertEquals(version, db.info("src").version());
        try (TableSnapshot s = db.read("src")) {
            assertEquals(ROWS - 1, s.column("i").getLong(ROWS - 1));
        }
    }

    /** Optional int64 "v" with a null only in the last row. */
    private Path nullAtTheEnd(int rows) {
        Path f = dir.resolve("late-null.parquet");
        MessageType schema = MessageTypeParser.parseMessageType("message m { optional int64 v; }");
        try (ParquetWriter<Group> w = TestFiles.writer(f, schema)) {
            SimpleGroupFactory g = new SimpleGroupFactory(schema);
            for (int r = 0; r < rows; r++) {
                Group row = g.newGroup();
                if (r < rows - 1) {
                    row.append("v", (long) r);
                }
                w.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    @Test
    void strictRejectsANullPartWayNamingColumnAndRowAndLeavesNoTable() {
        Path f = nullAtTheEnd(5000);
        failsWithoutTable(
                f,
                "column 'v': null value at row 5000",
                TransferOptions.defaults().withStrict(true).withBatchRows(512));
        // without --strict the null is stored as 0 and counted
        assertEquals(
                1, connector.importFile(f, db, "t", TransferOptions.defaults()).nulls());
        try (TableSnapshot s = db.read("t")) {
            assertEquals(0, s.column("v").getLong(4999));
            assertEquals(4998, s.column("v").getLong(4998));
        }
    }

    @Test
    void strictNullLeavesTheOldTableUnchanged() {
        db.write("old", Batch.builder().i64("v", 7, 8).build());
        Path f = nullAtTheEnd(3000);
        assertThrows(
                ZdbcException.class,
                () -> connector.importFile(
                        f,
                        db,
                        "old",
                        TransferOptions.defaults().withStrict(true).withBatchRows(100)));
        try (TableSnapshot s = db.read("old")) {
            assertArrayEquals(new long[] {7, 8}, s.column("v").toLongArray());
        }
    }

    @Test
    void unknownColumnInColumnsIsNamed() {
        failsWithoutTable(
                good,
                "no column 'x' in the file (it has [i, s])",
                TransferOptions.defaults().withColumns(List.of("i", "x")));
        failsWithoutTable(
                good, "'i' is listed twice", TransferOptions.defaults().withColumns(List.of("i", "i")));
    }

    @Test
    void typeOverridesAreRefused() {
        failsWithoutTable(
                good,
                "column types cannot be given for Parquet",
                TransferOptions.defaults().withTypes(Map.of("i", ColumnType.F64)));
    }

    @Test
    void appendWithOtherColumnsOrTypesIsRefusedAndTheTableIsUnchanged() {
        db.write("other", Batch.builder().f64("i", 1.0).str("s", "x").build());
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> connector.importFile(good, db, "other", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("column 'i' is i64 in the file but f64 in table 'other'"), e.getMessage());
        db.write("fewer", Batch.builder().i64("i", 1).build());
        e = assertThrows(
                ZdbcException.class, () -> connector.importFile(good, db, "fewer", TransferOptions.defaults()));
        assertTrue(e.getMessage().contains("table 'fewer' has no column 's'"), e.getMessage());
        assertEquals(1, db.count("other"));
        assertEquals(1, db.count("fewer"));
    }

    // ---- export -------------------------------------------------------------------------

    @Test
    void unknownCodecListsTheChoicesAndWritesNothing() throws IOException {
        Path f = dir.resolve("out.parquet");
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> connector.exportTable(
                        db, "src", f, TransferOptions.defaults().withCompression("lz4")));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(
                e.getMessage().contains("unknown compression 'lz4'; choose one of snappy, zstd, none"), e.getMessage());
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(dir.resolve("out.parquet.zdbc-tmp")));
    }

    @Test
    void exportOfAMissingTableKeepsTheOldTargetAndLeavesNoTemporaryFile() throws IOException {
        Path f = Files.writeString(dir.resolve("out.parquet"), "old");
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> connector.exportTable(db, "missing", f, TransferOptions.defaults()));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("missing"), e.getMessage());
        assertEquals("old", Files.readString(f));
        assertFalse(Files.exists(dir.resolve("out.parquet.zdbc-tmp")));
    }

    @Test
    void exportOfAnUnknownColumnIsNamed() {
        Path f = dir.resolve("out.parquet");
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> connector.exportTable(
                        db, "src", f, TransferOptions.defaults().withColumns(List.of("i", "nope"))));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertFalse(Files.exists(f));
        assertFalse(Files.exists(dir.resolve("out.parquet.zdbc-tmp")));
    }

    @Test
    void exportIntoAMissingDirectoryIsAnIoErrorNamingTheTarget() {
        Path f = dir.resolve("no/such/dir/out.parquet");
        ZdbcException e = assertThrows(
                ZdbcException.class, () -> connector.exportTable(db, "src", f, TransferOptions.defaults()));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
