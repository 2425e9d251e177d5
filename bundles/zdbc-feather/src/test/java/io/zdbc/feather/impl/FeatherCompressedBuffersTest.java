package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Database;
import io.zdbc.engine.Zdbc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed (ZSTD, LZ4) files whose field types or counts ask for more memory than their buffers
 * hold (found by FeatherImportFuzzTest): each is rejected before Arrow allocates, naming the file
 * and the column. Files are written with Arrow's writer (or are the committed pyarrow fixtures),
 * then patched.
 */
class FeatherCompressedBuffersTest {
    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    /** Field 0 {@code fsb}: fixed_size_binary[3]; field 1 {@code n}: int64; {@code rows} rows, ZSTD. */
    private byte[] written(int rows) throws IOException {
        Path f = dir.resolve("written.feather");
        try (BufferAllocator allocator = Allocators.root();
                FixedSizeBinaryVector fsb = new FixedSizeBinaryVector("fsb", allocator, 3);
                BigIntVector n = new BigIntVector("n", allocator)) {
            fsb.allocateNew(rows);
            n.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                fsb.set(i, new byte[] {'a', 'b', (byte) ('0' + i % 10)});
                n.set(i, i / 100);
            }
            fsb.setValueCount(rows);
            n.setValueCount(rows);
            try (VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(fsb, n));
                    FileChannel out = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    ArrowFileWriter w = new ArrowFileWriter(
                            root,
                            null,
                            out,
                            Map.of(),
                            IpcOption.DEFAULT,
                            Codecs.INSTANCE,
                            CompressionUtil.CodecType.ZSTD)) {
                root.setRowCount(rows);
                w.start();
                w.writeBatch();
                w.end();
            }
        }
        return Files.readAllBytes(f);
    }

    /** Imports {@code bytes}: it must fail naming the file, allocating less than 1 MiB natively. */
    private String rejected(byte[] bytes) throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            return FeatherDeclaredLengthsTest.rejectedUnallocated(
                    feather, db, Files.write(dir.resolve("bad.feather"), bytes));
        }
    }

    /** Where the first type parameter (a fixed-size binary's byte width) of field {@code i} is in the footer. */
    private static int footerTypeParameter(ByteBuffer bb, int i) {
        int n = bb.capacity();
        int start = n - 10 - bb.getInt(n - 10);
        int footer = start + bb.getInt(start);
        int schema = ref(bb, footer, 1);
        int fields = ref(bb, schema, 1);
        int field = fields + 4 + 4 * i + bb.getInt(fields + 4 + 4 * i);
        return FeatherDeclaredLengthsTest.field(bb, ref(bb, field, 3), 0);
    }

    private static int ref(ByteBuffer bb, int table, int k) {
        int p = FeatherDeclaredLengthsTest.field(bb, table, k);
        return p + bb.getInt(p);
    }

    private String rejectedWithWidth(byte[] b, int field, int width) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(footerTypeParameter(bb, field), width);
        return rejected(b);
    }

    @Test
    void aZstdFixedSizeBinaryWidenedTo393216BytesInTheFooterIsRejectedNotGrownTo3GB() throws IOException {
        // Seed 20261203, case 2340: Arrow grew the vector to the width (3.1 GB) and imported zeros.
        String m = rejectedWithWidth(written(3), 0, 393_216);
        assertTrue(
                m.contains("column 'fsb' (FixedSizeBinary(393216))")
                        && m.contains("holds 9 bytes, but 3 values need 1179648"),
                m);
    }

    @Test
    void aZstdFixedSizeBinaryWidenedTo2To25Plus3BytesIsRejectedBeforeArrowAsksFor133GB() throws IOException {
        // Seed 20261203, case 5129: Arrow asked for 3970 values of the width, 133 GB, then failed.
        String m = rejectedWithWidth(written(3), 0, (1 << 25) + 3);
        assertTrue(m.contains("column 'fsb'") && m.contains("3 values need " + 3L * ((1 << 25) + 3)), m);
    }

    @Test
    void anLz4FixedSizeBinaryOfWidth65535IsRejectedUnallocated() throws IOException {
        // Seed -1424941514099580459, case 60: pyarrow's LZ4 file, the width's low 16 bits set; 520 MB.
        byte[] b = Files.readAllBytes(FeatherFixturesTest.fixture("types-lz4.feather"));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int at = footerTypeParameter(bb, 32);
        assertTrue(bb.getInt(at) == 3, "field 32 of the fixture is fixed_size_binary[3]");
        String m = rejectedWithWidth(b, 32, 65_535);
        assertTrue(m.contains("column 'fsb' (FixedSizeBinary(65535))") && m.contains("data buffer holds"), m);
    }

    @Test
    void aMillionRowsDeclaredOverThreeRowsOfZstdBuffersAreRejectedUnallocated() throws IOException {
        // The body bound (8 rows a byte, 32768:1 compressed) let this through; Arrow grew every vector.
        byte[] b = written(3);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int batch = FeatherDeclaredLengthsTest.firstBatch(bb);
        long rows = 1 << 20;
        bb.putLong(FeatherDeclaredLengthsTest.field(bb, batch, 0), rows);
        int nodes = ref(bb, batch, 1);
        for (int i = 0; i < bb.getInt(nodes); i++) {
            bb.putLong(nodes + 4 + 16 * i, rows); // FieldNode.length, in step with the batch
        }
        String m = rejected(b);
        assertTrue(m.contains("column 'fsb'") && m.contains(rows + " values need " + 3 * rows), m);
    }

    @Test
    void aZstdBufferDeclaringMoreThanItsValuesNeedIsRejectedNamingTheColumn() throws IOException {
        byte[] b = written(1000); // n compresses: 8000 bytes in a few dozen
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int batch = FeatherDeclaredLengthsTest.firstBatch(bb);
        int buffers = ref(bb, batch, 2);
        long values = bb.getLong(buffers + 4 + 16 * (bb.getInt(buffers) - 1)); // the last buffer: n's values
        int prefix = (int) (bodyOf(bb) + values);
        assertTrue(bb.getLong(prefix) == 8000, "n's values are compressed: " + bb.getLong(prefix));
        bb.putLong(prefix, 16_000);
        String m = rejected(b);
        assertTrue(
                m.contains("column 'n' (Int(64, true))")
                        && m.contains("declares 16000 bytes uncompressed, but its values need at most 8000"),
                m);
    }

    /** Where the body of the file's first record batch starts: after its block's metadata. */
    private static long bodyOf(ByteBuffer bb) {
        int n = bb.capacity();
        int start = n - 10 - bb.getInt(n - 10);
        int footer = start + bb.getInt(start);
        int blocks = ref(bb, footer, 3);
        return bb.getLong(blocks + 4) + bb.getInt(blocks + 12);
    }
}
