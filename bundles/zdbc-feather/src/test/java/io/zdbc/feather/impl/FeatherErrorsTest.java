package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input and bad options: a clear ZdbcException naming the file, and nothing half-done. */
class FeatherErrorsTest {
    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    /** An export of 10 rows in 3 record batches, and its record blocks. */
    private Path exported(Database db, String compression) {
        db.write("src", FeatherRoundTripTest.rows(10));
        Path f = dir.resolve("src-" + compression + ".feather");
        feather.exportTable(
                db, "src", f, TransferOptions.defaults().withBatchRows(4).withCompression(compression));
        return f;
    }

    static List<ArrowBlock> blocks(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                var alloc = Allocators.root();
                ArrowFileReader r = new ArrowFileReader(ch, alloc, Codecs.INSTANCE)) {
            return r.getRecordBlocks();
        }
    }

    private Path truncated(Path f, long length) throws IOException {
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut-" + length + "-" + f.getFileName());
        Files.write(cut, Arrays.copyOf(all, (int) length));
        return cut;
    }

    static Stream<String> compressions() {
        return Stream.of("none", "zstd");
    }

    @ParameterizedTest
    @MethodSource("compressions")
    void aTruncatedFileIsAnErrorNamingItAtEveryCutPoint(String compression) throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            Path f = exported(db, compression);
            long size = Files.size(f);
            List<ArrowBlock> blocks = blocks(f);
            ArrowBlock second = blocks.get(1);
            long[] cuts = {
                0,
                3,
                6,
                8, // empty, inside and just after the magic
                blocks.get(0).getOffset() - 1, // inside the schema message
                blocks.get(0).getOffset() + 10, // inside the first record batch's metadata
                second.getOffset() + second.getMetadataLength() + second.getBodyLength() / 2, // inside a body
                size - 30, // inside the footer
                size - 7,
                size - 1 // inside the trailing magic
            };
            for (long cut : cuts) {
                Path c = truncated(f, cut);
                ZdbcException e = assertThrows(
                        ZdbcException.class,
                        () -> feather.importFile(c, db, "t", TransferOptions.defaults()),
                        "cut at " + cut);
                assertTrue(e.getMessage().startsWith(c.toString()), "cut at " + cut + ": " + e.getMessage());
                assertFalse(db.exists("t"), "cut at " + cut);
            }
        }
    }

    @Test
    void aTruncatedStreamIsAnErrorNamingItAtEveryCutPoint() throws IOException {
        Path f = FeatherFixturesTest.fixture("types.arrows");
        long size = Files.size(f);
        byte[] all = Files.readAllBytes(f);
        // The last 8 bytes are the end-of-stream marker; size - 8 cuts exactly at a message boundary.
        long[] cuts = {4, 8, 100, size / 2, size - 200, size - 9, size - 8, size - 4};
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            for (long cut : cuts) {
                Path c = truncated(f, cut);
                ZdbcException e = assertThrows(
                        ZdbcException.class,
                        () -> feather.importFile(c, db, "t", TransferOptions.defaults()),
                        "cut at " + cut);
                assertTrue(e.getMessage().startsWith(c.toString()), "cut at " + cut + ": " + e.getMessage());
                assertFalse(db.exists("t"), "cut at " + cut);
            }
        }
        assertEquals(-1, all[(int) size - 8]);
    }

    @Test
    void notAnArrowFileIsAClearError() throws IOException {
        Path csv = dir.resolve("x.feather");
        Files.writeString(csv, "id,name\n1,alice\n", StandardCharsets.UTF_8);
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> feather.importFile(csv, db, "t", TransferOptions.defaults()));
            assertTrue(
                    e.getMessage().contains(csv.toString()) && e.getMessage().contains("not an Arrow IPC"),
                    e.getMessage());
            assertFalse(db.exists("t"));
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        Path none = dir.resolve("none.feather");
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class, () -> feather.importFile(none, db, "t", TransferOptions.defaults()));
            assertTrue(
                    e.getMessage().contains("not found") && e.getMessage().contains(none.toString()), e.getMessage());
        }
    }

    /** A stream whose second record batch is cut: the first batch is good and is streamed to storage. */
    private Path streamCutInSecondBatch() throws IOException {
        Path f = FeatherFixturesTest.fixture("types.arrows");
        byte[] all = Files.readAllBytes(f);
        return truncated(f, all.length - 200);
    }

    @Test
    void anImportFailingPartWayCreatesNoTable() throws IOException {
        Path cut = streamCutInSecondBatch();
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            cut, db, "t", TransferOptions.defaults().withBatchRows(1)));
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            assertFalse(db.exists("t"));
            assertEquals(List.of(), db.tables());
        }
    }

    @Test
    void anImportFailingPartWayLeavesTheOldTableUnchanged() throws IOException {
        Path cut = streamCutInSecondBatch();
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            feather.importFile(FeatherFixturesTest.fixture("types.arrows"), db, "t", TransferOptions.defaults());
            long version = db.info("t").version();
            assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            cut, db, "t", TransferOptions.defaults().withBatchRows(1)));
            assertEquals(5, db.count("t"));
            assertEquals(version, db.info("t").version());
            try (TableSnapshot s = db.read("t")) {
                assertArrayEquals(
                        FeatherFixturesTest.LONGS.get("i64"), s.column("i64").toLongArray());
            }
        }
    }

    /**
     * A ZSTD file whose second record batch has a buffer that claims to be compressed but is not:
     * the footer and every declared length are intact, the first batch good. (Our export stores
     * these small buffers as they are, with an uncompressed length of -1; it is set to the
     * buffer's true length, so only decompressing it can find the fault.)
     */
    private Path fileCorruptInSecondBatch(Database db) throws IOException {
        Path f = exported(db, "zstd");
        ArrowBlock second = blocks(f).get(1);
        byte[] all = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int metadata = (int) second.getOffset() + 8;
        RecordBatch batch = (RecordBatch) Message.getRootAsMessage(
                        bb.slice(metadata, second.getMetadataLength() - 8).order(ByteOrder.LITTLE_ENDIAN))
                .header(new RecordBatch());
        long body = second.getOffset() + second.getMetadataLength();
        Buffer buffer = new Buffer();
        int i = 0;
        while (batch.buffers(buffer, i).length() < 8 || bb.getLong((int) (body + buffer.offset())) != -1) {
            i++;
        }
        bb.putLong((int) (body + buffer.offset()), buffer.length() - 8);
        Path bad = dir.resolve("corrupt.feather");
        Files.write(bad, all);
        return bad;
    }

    @Test
    void aCorruptRecordBatchAfterAGoodOneCreatesNoTable() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            Path bad = fileCorruptInSecondBatch(db);
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            bad, db, "t", TransferOptions.defaults().withBatchRows(4)));
            assertTrue(
                    e.getMessage().startsWith(bad.toString()) && e.getMessage().contains("corrupt ZSTD"),
                    e.getMessage());
            assertFalse(db.exists("t"));
        }
    }

    @Test
    void aCorruptRecordBatchAfterAGoodOneLeavesTheOldTableUnchanged() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            Path bad = fileCorruptInSecondBatch(db);
            long version = db.info("src").version();
            // src has the file's columns: the import would append to it.
            assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            bad, db, "src", TransferOptions.defaults().withBatchRows(4)));
            assertEquals(version, db.info("src").version());
            assertEquals(10, db.count("src"));
        }
    }

    @Test
    void appendingToATableWithOtherColumnsIsAClearError() {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", Batch.builder().i64("id", 1).str("name", "x").build());
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            FeatherFixturesTest.fixture("nested.feather"),
                            db,
                            "t",
                            TransferOptions.defaults().withColumns(List.of("id"))));
            assertTrue(e.getMessage().contains("'name'") && e.getMessage().contains("append"), e.getMessage());
            ZdbcException types = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            FeatherFixturesTest.fixture("types.feather"),
                            db,
                            "t",
                            TransferOptions.defaults().withColumns(List.of("f64"))));
            assertTrue(types.getMessage().contains("no column 'f64'"), types.getMessage());
            db.write("u", Batch.builder().str("id", "a").str("name", "b").build());
            ZdbcException mismatch = assertThrows(
                    ZdbcException.class,
                    () -> feather.importFile(
                            FeatherFixturesTest.fixture("nested.feather"),
                            db,
                            "u",
                            TransferOptions.defaults().withColumns(List.of("id", "name"))));
            assertTrue(
                    mismatch.getMessage().contains("'id'")
                            && mismatch.getMessage().contains("i64"),
                    mismatch.getMessage());
            assertEquals(1, db.count("t"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "lz4", "gzip", "brotli"})
    void anUnknownCompressionIsAnErrorListingTheChoices(String name) {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            db.write("t", FeatherRoundTripTest.rows(3));
            Path f = dir.resolve("t.feather");
            ZdbcException e = assertThrows(
                    ZdbcException.class,
                    () -> feather.exportTable(
                            db, "t", f, TransferOptions.defaults().withCompression(name)));
            assertTrue(
                    e.getMessage().contains("'" + name + "'")
                            && e.getMessage().contains("none")
                            && e.getMessage().contains("zstd"),
                    e.getMessage());
            assertFalse(Files.exists(f));
        }
    }

    @Test
    void exportingAMissingTableIsAnErrorAndWritesNothing() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            Path f = dir.resolve("t.feather");
            NoSuchTableException e = assertThrows(
                    NoSuchTableException.class, () -> feather.exportTable(db, "nope", f, TransferOptions.defaults()));
            assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
            assertFalse(Files.exists(f));
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".zdbc-tmp")));
            }
        }
    }

    @Test
    void aFailedExportLeavesAnExistingTargetUntouched() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            Path f = dir.resolve("t.feather");
            Files.writeString(f, "previous");
            assertThrows(
                    ZdbcException.class,
                    () -> feather.exportTable(
                            db, "t", f, TransferOptions.defaults().withColumns(List.of("x"))));
            assertEquals("previous", Files.readString(f));
            assertFalse(Files.exists(dir.resolve("t.feather.zdbc-tmp")));
        }
    }

    @Test
    void corruptLz4InputIsRejectedNotOverrun() {
        byte[] out = new byte[16];
        // A frame header, then a block claiming a match 100 bytes back in an empty output.
        byte[] bad = {0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, (byte) 0x82, 3, 0, 0, 0, 0x04, 100, 0};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Lz4Frame.decompress(bad, out));
        assertTrue(e.getMessage().contains("corrupt LZ4"), e.getMessage());
    }
}
