package io.zdbc.feather.impl;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import io.zdbc.spi.kernel.ColumnMemory;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a table as an Arrow IPC file, {@code batchRows} rows per record batch. The data buffer of
 * an i64 or f64 column in a record batch is the mapped column file itself: an Arrow buffer wrapped
 * around {@link ColumnMemory#address()} (a foreign allocation that frees nothing), sliced per batch,
 * with one shared all-valid validity bitmap. The IPC writer then writes that memory to the channel
 * (or hands it to the ZSTD compressor) without a copy into Arrow memory first. str columns are
 * decoded into UTF-8 offset and data buffers.
 */
final class FeatherExporter {
    /** Body compression of an export. */
    enum Codec {
        NONE(CompressionUtil.CodecType.NO_COMPRESSION),
        ZSTD(CompressionUtil.CodecType.ZSTD);

        final CompressionUtil.CodecType arrow;

        Codec(CompressionUtil.CodecType arrow) {
            this.arrow = arrow;
        }
    }

    /** What an export did, with how many numeric buffers were wrapped (zero-copy) or copied. */
    record Result(TransferReport report, long wrappedBuffers, long copiedBuffers) {}

    private final Codec codec;
    private long wrapped;
    private long copied;

    FeatherExporter(Codec codec) {
        this.codec = codec;
    }

    /** The codec for the {@code compression} option: "" or "none" (the default), or "zstd". */
    static Codec codec(String compression) {
        switch (compression.toLowerCase(Locale.ROOT)) {
            case "":
            case "none":
            case "uncompressed":
                return Codec.NONE;
            case "zstd":
                return Codec.ZSTD;
            default:
                throw new ZdbcException(
                        "unknown Feather compression '" + compression + "'; choose one of: none (the default), zstd");
        }
    }

    Result export(Database db, String table, WritableByteChannel out, TransferOptions options) throws IOException {
        try (TableSnapshot snap = options.columns().isEmpty() ? db.read(table) : db.read(table, options.columns());
                BufferAllocator allocator = Allocators.root()) {
            List<ColumnView> cols = snap.columns();
            List<Field> fields = new ArrayList<>();
            for (ColumnView c : cols) {
                fields.add(new Field(c.name(), FieldType.notNullable(arrowType(c)), null));
            }
            long rows = snap.rows();
            int batchRows = options.batchRows();
            try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
                    ArrowBuf validity = allocator.buffer((Math.min(batchRows, Math.max(rows, 1)) + 7) / 8);
                    ArrowFileWriter writer = new ArrowFileWriter(
                            root, null, out, null, IpcOption.DEFAULT, Codecs.INSTANCE, codec.arrow)) {
                validity.setOne(0, validity.capacity());
                VectorLoader loader = new VectorLoader(root, NoCompressionCodec.Factory.INSTANCE);
                writer.start();
                for (long from = 0; from < rows; from += batchRows) {
                    int n = (int) Math.min(batchRows, rows - from);
                    writeBatch(allocator, loader, cols, validity, from, n);
                    writer.writeBatch();
                    options.progress().update(from + n, rows);
                }
                writer.end();
            }
            options.progress().update(rows, rows);
            return new Result(new TransferReport(table, rows, 0, 0, 0), wrapped, copied);
        }
    }

    private static ArrowType arrowType(ColumnView c) {
        switch (c.type()) {
            case I64:
                return new ArrowType.Int(64, true);
            case F64:
                return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            default:
                return ArrowType.Utf8.INSTANCE;
        }
    }

    /** Loads rows {@code [from, from+n)} of every column into the writer's root. */
    private void writeBatch(
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
                switch (c.type()) {
                    case I64:
                    case F64:
                        ArrowBuf data = numeric(allocator, c, from, n);
                        own.add(data);
                        buffers.add(data);
                        break;
                    default:
                        ArrowBuf offsets = allocator.buffer(4L * (n + 1));
                        own.add(offsets);
                        ArrowBuf bytes = strings(allocator, c, from, n, offsets);
                        own.add(bytes);
                        buffers.add(offsets);
                        buffers.add(bytes);
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
    private ArrowBuf numeric(BufferAllocator allocator, ColumnView c, long from, int n) {
        long bytes = 8L * n;
        long address = ColumnMemory.of(c).address();
        if (address != 0) {
            wrapped++;
            return allocator.wrapForeignAllocation(new ForeignAllocation(bytes, address + 8L * from) {
                @Override
                protected void release0() {
                    // The mapping belongs to the snapshot, which outlives the writer.
                }
            });
        }
        copied++;
        ArrowBuf buf = allocator.buffer(bytes);
        for (int i = 0; i < n; i++) {
            buf.setLong(8L * i, c.getRaw(from + i));
        }
        return buf;
    }

    /**
     * Decodes {@code n} str values (trailing padding dropped, as {@link Str8#decode}) into UTF-8
     * offsets and bytes. ASCII values are their own UTF-8 (8 bytes copied at once); others go
     * through {@link Str8#decode}, which replaces invalid UTF-8 (from imported binaries), so the
     * file always holds valid UTF-8. The first pass sizes the data buffer.
     */
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
