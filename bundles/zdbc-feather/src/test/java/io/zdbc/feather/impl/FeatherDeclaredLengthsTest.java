package io.zdbc.feather.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Database;
import io.zdbc.api.ZdbcException;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lengths a corrupt file declares (found by FeatherImportFuzzTest) are checked against the file
 * before Arrow allocates them: a clear error naming the file, and no allocation of that size.
 */
class FeatherDeclaredLengthsTest {
    private static final long HUGE = 1L << 40;

    @TempDir
    Path dir;

    private final FeatherConnector feather = new FeatherConnector();

    private byte[] exported(Database db) throws IOException {
        db.write("src", FeatherRoundTripTest.rows(10));
        Path f = dir.resolve("src.feather");
        feather.exportTable(db, "src", f, TransferOptions.defaults().withBatchRows(4));
        return Files.readAllBytes(f);
    }

    private String rejected(Database db, byte[] bytes) throws IOException {
        return rejectedUnallocated(feather, db, Files.write(dir.resolve("bad.feather"), bytes));
    }

    /** Imports {@code f} as table t: it must fail naming the file, allocating less than 1 MiB natively. */
    static String rejectedUnallocated(FeatherConnector feather, Database db, Path f) {
        long before = UnsafeAllocationManager.allocatedByThisThread();
        ZdbcException e =
                assertThrows(ZdbcException.class, () -> feather.importFile(f, db, "t", TransferOptions.defaults()));
        long allocated = UnsafeAllocationManager.allocatedByThisThread() - before;
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertFalse(db.exists("t"));
        return e.getMessage();
    }

    @Test
    void aRecordBatchBlockWithABodyOf2To40BytesIsRejectedUnallocated() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = exported(db);
            ArrowBlock first = FeatherErrorsTest.blocks(Files.write(dir.resolve("good.feather"), b))
                    .get(0);
            int at = blockPosition(b, first);
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at + 16, HUGE);
            String m = rejected(db, b);
            assertTrue(m.contains("record batch 1") && m.contains(Long.toString(HUGE)), m);
        }
    }

    @Test
    void aStreamMessageWithABodyOf2To40BytesIsRejectedUnallocated() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = Files.readAllBytes(FeatherFixturesTest.fixture("types.arrows"));
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int second = 8 + bb.getInt(4); // the first record batch follows the schema message (no body)
            int bodyLengthAt = bodyLengthPosition(b, second);
            bb.putLong(bodyLengthAt, HUGE);
            String m = rejected(db, b);
            assertTrue(m.contains("offset " + second) && m.contains(Long.toString(HUGE)), m);
        }
    }

    @Test
    void aStreamMessageWithMetadataOf2To31BytesIsRejectedUnallocated() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = Files.readAllBytes(FeatherFixturesTest.fixture("types.arrows"));
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE);
            String m = rejected(db, b);
            assertTrue(m.contains("offset 0") && m.contains(Integer.toString(Integer.MAX_VALUE)), m);
        }
    }

    @Test
    void aRecordBatchOfNegativeLengthIsRejectedNotAsserted() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = exported(db);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            bb.putLong(field(bb, firstBatch(bb), 0), -5); // RecordBatch.length
            String m = rejected(db, b);
            assertTrue(m.contains("-5 rows"), m);
        }
    }

    @Test
    void aRecordBatchWhoseLengthDiffersFromItsColumnsIsRejected() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = exported(db);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int batch = firstBatch(bb);
            bb.putLong(field(bb, batch, 0), 5); // 4 rows in the columns, 5 said; the 5th would be read past them
            String m = rejected(db, b);
            assertTrue(m.contains("declares 5 rows, but column 1 has 4 values"), m);
        }
    }

    @Test
    void sixteenMillionRowsDeclaredInAFewHundredBytesAreRejectedUnallocated() throws IOException {
        try (Database db = Zdbc.open(dir.resolve("db"))) {
            byte[] b = exported(db);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int batch = firstBatch(bb);
            long rows = 1 << 24;
            bb.putLong(field(bb, batch, 0), rows);
            int nodes = field(bb, batch, 1) + bb.getInt(field(bb, batch, 1));
            for (int i = 0; i < bb.getInt(nodes); i++) {
                bb.putLong(nodes + 4 + 16 * i, rows); // FieldNode.length, in step with the batch
            }
            String m = rejected(db, b);
            assertTrue(m.contains("declares " + rows + " rows in a body of"), m);
        }
    }

    /** The RecordBatch table of the first record batch of one of our exports. */
    static int firstBatch(ByteBuffer bb) {
        int second = 16 + bb.getInt(12); // after the magic, the schema message (no body)
        int message = second + 8 + bb.getInt(second + 8);
        return field(bb, message, 2) + bb.getInt(field(bb, message, 2)); // Message.header
    }

    /** Where field {@code k} of the FlatBuffers table at {@code table} is. */
    static int field(ByteBuffer bb, int table, int k) {
        int vtable = table - bb.getInt(table);
        return table + bb.getShort(vtable + 4 + 2 * k);
    }

    /** Where {@code block} sits in the footer's vector of blocks (24-byte structs). */
    private static int blockPosition(byte[] b, ArrowBlock block) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = b.length - 10 - bb.getInt(b.length - 10); p + 24 <= b.length; p += 4) {
            if (bb.getLong(p) == block.getOffset()
                    && bb.getInt(p + 8) == block.getMetadataLength()
                    && bb.getLong(p + 16) == block.getBodyLength()) {
                return p;
            }
        }
        throw new AssertionError("block not found in the footer");
    }

    /** Where the Message table of the message at {@code at} keeps its bodyLength (field 3). */
    private static int bodyLengthPosition(byte[] b, int at) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return field(bb, at + 8 + bb.getInt(at + 8), 3);
    }
}
