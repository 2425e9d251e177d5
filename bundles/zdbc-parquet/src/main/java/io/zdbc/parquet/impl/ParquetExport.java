package io.zdbc.parquet.impl;

import io.zdbc.api.ColumnView;
import io.zdbc.api.Progress;
import io.zdbc.api.Str8;
import io.zdbc.spi.connector.ColumnTasks;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes the zero-copy views of a table as a Parquet file with parquet-java's column writers,
 * without its row-at-a-time record API: each column of a row group is encoded (pages, dictionary,
 * statistics, compression, checksums) by its own task into its own page store
 * ({@link ColumnTasks}), and the column chunks are then written in schema order. Memory: the
 * encoded pages of one row group.
 */
final class ParquetExport {
    /** Rows read from a view at a time. */
    private static final int CHUNK = 8192;

    private final MessageType schema;
    private final ParquetProperties props;
    private final CompressionCodecName codec;
    private final int rowGroupRows;
    private final int threads;

    ParquetExport(MessageType schema, CompressionCodecName codec, int rowGroupRows, int pageRows, int threads) {
        this.schema = schema;
        this.codec = codec;
        this.threads = threads;
        this.props = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withPageRowCountLimit(pageRows)
                .withPageWriteChecksumEnabled(true)
                .build();
        // every value is at most 8 bytes, plus a 4-byte length for str
        long bytesPerRow = 12L * schema.getFieldCount();
        this.rowGroupRows = (int) Math.max(1, Math.min(rowGroupRows, ParquetConnector.ROW_GROUP_BYTES / bytesPerRow));
    }

    /** Writes all rows of {@code views} to {@code out}, telling {@code progress} the rows written. */
    void write(List<ColumnView> views, long rows, OutputFile out, Progress progress) throws IOException {
        ParquetFileWriter file = new ParquetFileWriter(
                out, schema, ParquetFileWriter.Mode.OVERWRITE, ParquetConnector.ROW_GROUP_BYTES, 0, null, props);
        file.start();
        int columns = views.size();
        for (long from = 0; from < rows; from += rowGroupRows) {
            int n = (int) Math.min(rowGroupRows, rows - from);
            long first = from;
            ColumnChunkPageWriteStore[] pages = new ColumnChunkPageWriteStore[columns];
            try {
                ColumnTasks.run(columns, threads, c -> pages[c] = encode(views.get(c), first, n));
                file.startBlock(n);
                for (ColumnChunkPageWriteStore p : pages) {
                    p.flushToFileWriter(file);
                }
                file.endBlock();
            } finally {
                for (ColumnChunkPageWriteStore p : pages) {
                    if (p != null) {
                        p.close();
                    }
                }
            }
            progress.update(from + n, rows);
        }
        file.end(Map.of());
    }

    /** Rows {@code [from, from+n)} of one column, encoded into the pages of one column chunk. */
    private ColumnChunkPageWriteStore encode(ColumnView view, long from, int n) {
        Type field = schema.getType(view.name());
        MessageType one = new MessageType(schema.getName(), field);
        ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(
                Codecs.INSTANCE.getCompressor(codec),
                one,
                new HeapByteBufferAllocator(),
                props.getColumnIndexTruncateLength(),
                props.getPageWriteChecksumEnabled());
        ColumnWriteStore store = props.newColumnWriteStore(one, pages);
        ColumnWriter w = store.getColumnWriter(one.getColumns().get(0));
        switch (view.type()) {
            case I64:
                long[] longs = new long[Math.min(CHUNK, n)];
                for (int done = 0; done < n; done += CHUNK) {
                    int k = Math.min(CHUNK, n - done);
                    view.readLongs(from + done, longs, 0, k);
                    for (int i = 0; i < k; i++) {
                        w.write(longs[i], 0, 0);
                        store.endRecord();
                    }
                }
                break;
            case F64:
                double[] doubles = new double[Math.min(CHUNK, n)];
                for (int done = 0; done < n; done += CHUNK) {
                    int k = Math.min(CHUNK, n - done);
                    view.readDoubles(from + done, doubles, 0, k);
                    for (int i = 0; i < k; i++) {
                        w.write(doubles[i], 0, 0);
                        store.endRecord();
                    }
                }
                break;
            default:
                byte[] str = new byte[Str8.WIDTH];
                for (int i = 0; i < n; i++) {
                    long packed = view.getRaw(from + i);
                    // the stored bytes minus their padding: the writer copies what it keeps
                    Str8.unpack(packed, str, 0);
                    w.write(Binary.fromReusedByteArray(str, 0, Str8.length(packed)), 0, 0);
                    store.endRecord();
                }
        }
        store.close(); // flushes the last page and the dictionary into the page store
        return pages;
    }
}
