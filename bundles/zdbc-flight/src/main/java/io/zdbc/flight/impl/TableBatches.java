package io.zdbc.flight.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spi.kernel.ColumnMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Streams a table snapshot as record batches. The data buffer of an i64 or f64 column in a batch
 * is the mapped column file itself (an Arrow buffer over {@link ColumnMemory#address()} that frees
 * nothing): no copy into Arrow memory. gRPC copies each batch once into its frames as it sends
 * it, within {@code putNext}, while the snapshot is held. str values are decoded (padding
 * dropped) into UTF-8 offset and data buffers.
 */
final class TableBatches {
    private TableBatches() {}

    /** Row bytes for the batch-size limit: 8 per value, plus a str column's 4-byte offset. */
    static long rowBytes(TableSnapshot snap) {
        long bytes = 0;
        for (ColumnView c : snap.columns()) {
            bytes += c.type() == ColumnType.STR ? 12 : 8;
        }
        return bytes;
    }

    /** Sends every row of {@code snap}; false if the client went away first. */
    static boolean send(TableSnapshot snap, BufferAllocator allocator, BatchSender sender, int batchRows) {
        List<ColumnView> cols = snap.columns();
        long rows = snap.rows();
        List<ColumnDef> defs = new ArrayList<>();
        for (ColumnView c : cols) {
            defs.add(ColumnDef.of(c.name(), c.type()));
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.schema(defs), allocator);
                ArrowBuf validity = allocator.buffer((Math.min(batchRows, Math.max(rows, 1)) + 7) / 8)) {
            validity.setOne(0, validity.capacity());
            VectorLoader loader = new VectorLoader(root, NoCompressionCodec.Factory.INSTANCE);
            sender.listener().start(root);
            for (long from = 0; from < rows; from += batchRows) {
                if (!sender.ready()) {
                    return false;
                }
                load(allocator, loader, cols, validity, from, (int) Math.min(batchRows, rows - from));
                sender.listener().putNext();
            }
            return true;
        }
    }

    private static void load(
            BufferAllocator allocator,
            VectorLoader loader,
            List<ColumnView> cols,
            ArrowBuf validity,
            long from,
            int n) {
        List<ArrowFieldNode> nodes = new ArrayList<>(cols.size());
        List<ArrowBuf> buffers = new ArrayList<>(cols.size() * 3);
        List<ArrowBuf> own = new ArrayList<>(cols.size() * 2);
        try {
            for (ColumnView c : cols) {
                nodes.add(new ArrowFieldNode(n, 0));
                buffers.add(validity);
                if (c.type() == ColumnType.STR) {
                    ArrowBuf offsets = allocator.buffer(4L * (n + 1));
                    own.add(offsets);
                    ArrowBuf bytes = strings(allocator, c, from, n, offsets);
                    own.add(bytes);
                    buffers.add(offsets);
                    buffers.add(bytes);
                } else {
                    ArrowBuf data = numeric(allocator, c, from, n);
                    own.add(data);
                    buffers.add(data);
                }
            }
            // The record batch retains the buffers and the vectors take them over in load().
            try (ArrowRecordBatch batch = new ArrowRecordBatch(n, nodes, buffers)) {
                loader.load(batch);
            }
        } finally {
            for (ArrowBuf b : own) {
                b.close();
            }
        }
    }

    /** The {@code n} values from row {@code from}: the mapped memory itself, or a copy of a heap column. */
    private static ArrowBuf numeric(BufferAllocator allocator, ColumnView c, long from, int n) {
        long bytes = 8L * n;
        long address = ColumnMemory.of(c).address();
        if (address != 0) {
            return allocator.wrapForeignAllocation(new ForeignAllocation(bytes, address + 8L * from) {
                @Override
                protected void release0() {
                    // The mapping belongs to the snapshot, which outlives the stream.
                }
            });
        }
        ArrowBuf buf = allocator.buffer(bytes);
        for (int i = 0; i < n; i++) {
            buf.setLong(8L * i, c.getRaw(from + i));
        }
        return buf;
    }

    /** Decodes {@code n} str values into UTF-8 offsets and bytes (ASCII values 8 bytes at a time). */
    private static ArrowBuf strings(BufferAllocator allocator, ColumnView c, long from, int n, ArrowBuf offsets) {
        long end = 0;
        offsets.setInt(0, 0);
        for (int i = 0; i < n; i++) {
            long raw = c.getRaw(from + i);
            end += isAscii(raw) ? Str8.length(raw) : Str8.decode(raw).getBytes(StandardCharsets.UTF_8).length;
            offsets.setInt(4L * (i + 1), (int) end);
        }
        // +8: an ASCII value is stored with one 8-byte write, which may run past its end.
        ArrowBuf bytes = allocator.buffer(end + 8);
        try {
            for (int i = 0; i < n; i++) {
                long raw = c.getRaw(from + i);
                long at = offsets.getInt(4L * i);
                if (isAscii(raw)) {
                    bytes.setLong(at, raw);
                } else {
                    byte[] utf8 = Str8.decode(raw).getBytes(StandardCharsets.UTF_8);
                    bytes.setBytes(at, utf8, 0, utf8.length);
                }
            }
            bytes.writerIndex(end);
            return bytes;
        } catch (RuntimeException e) {
            bytes.close();
            throw e;
        }
    }

    private static boolean isAscii(long raw) {
        return (raw & 0x8080808080808080L) == 0;
    }
}
