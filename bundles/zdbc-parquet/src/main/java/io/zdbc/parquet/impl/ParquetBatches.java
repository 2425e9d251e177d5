package io.zdbc.parquet.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.ColumnBuffer;
import io.zdbc.spi.connector.ColumnTasks;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the chosen columns of a Parquet file row group by row group, page by page (parquet-java's
 * column readers decode plain, dictionary, RLE and delta pages), into batches of
 * {@link TransferOptions#batchRows()} rows. A batch may span row groups. The columns of a batch
 * are decoded in parallel ({@link ColumnTasks}: each column has its own reader, pages and buffer).
 * Memory: one batch plus the current row group's compressed column chunks.
 */
final class ParquetBatches extends BatchIterator {
    /** One imported column. */
    record Column(ColumnDescriptor descriptor, Mapping mapping, int scale, ColumnDef def) {}

    private final ParquetFileReader reader;
    private final MessageType projection;
    private final Column[] columns;
    private final ColumnBuffer[] buffers;
    private final ColumnReader[] readers;
    private final int[] maxDefs;
    private final String createdBy;
    private final LongConsumer progress;
    private final List<BlockMetaData> rowGroups;
    private final int capacity;
    private final int threads;
    private final GroupConverter converter;
    private int rowGroup = -1;
    /** Rows of the current row group not read yet. */
    private long remaining;
    /** Rows read from the file so far. */
    private long rows;

    private long bytesDone;
    private boolean finished;

    ParquetBatches(
            ParquetFileReader reader,
            MessageType projection,
            List<Column> columns,
            TransferOptions options,
            LongConsumer progress,
            int threads) {
        this.reader = reader;
        this.projection = projection;
        this.columns = columns.toArray(new Column[0]);
        this.buffers = new ColumnBuffer[this.columns.length];
        this.readers = new ColumnReader[this.columns.length];
        this.maxDefs = new int[this.columns.length];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new ColumnBuffer(this.columns[i].def(), options.batchRows(), options.strict());
            maxDefs[i] = this.columns[i].descriptor().getMaxDefinitionLevel();
        }
        this.createdBy = reader.getFileMetaData().getCreatedBy();
        this.progress = progress;
        this.rowGroups = reader.getRowGroups();
        this.capacity = options.batchRows();
        this.threads = threads;
        ValueSink[] sinks = new ValueSink[this.columns.length];
        for (int i = 0; i < sinks.length; i++) {
            sinks[i] = new ValueSink(this.columns[i].mapping(), this.columns[i].scale(), buffers[i]);
        }
        this.converter = converters(sinks);
    }

    /** The next batch, or null at the end of the file. */
    @Override
    protected Batch fill() {
        ColumnBuffer first = buffers[0];
        while (!first.isFull()) {
            if (remaining == 0 && !nextRowGroup()) {
                break;
            }
            int n = (int) Math.min(remaining, (long) capacity - first.size());
            try {
                ColumnTasks.run(columns.length, threads, c -> read(c, n));
            } catch (ZdbcException e) {
                throw e;
            } catch (RuntimeException e) {
                // ParquetDecodingException and friends: a corrupt or truncated page
                throw new ZdbcException(where(rowGroup) + ": corrupt Parquet data: " + message(e), e);
            }
            remaining -= n;
            rows += n;
        }
        if (first.size() == 0) {
            return null;
        }
        return ColumnBuffer.takeBatch(buffers);
    }

    /** Loads the next row group with rows; false at the end of the file. */
    private boolean nextRowGroup() {
        while (!finished) {
            if (rowGroup >= 0) {
                bytesDone += rowGroups.get(rowGroup).getCompressedSize();
                progress.accept(bytesDone);
            }
            PageReadStore store;
            try {
                store = reader.readNextRowGroup();
            } catch (IOException e) {
                throw new ZdbcIOException("reading " + where(rowGroup + 1) + " (corrupt or truncated file?)", e);
            } catch (ZdbcException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ZdbcException(where(rowGroup + 1) + ": corrupt Parquet data: " + message(e), e);
            } catch (NoClassDefFoundError e) {
                if (hadoopMissing(e)) {
                    throw new ZdbcException(where(rowGroup + 1) + ": corrupt Parquet data: " + HADOOP_MESSAGE, e);
                }
                throw e;
            }
            if (store == null) {
                finished = true;
                return false;
            }
            rowGroup++;
            ColumnReadStoreImpl columnStore =
                    new ColumnReadStoreImpl(new CheckedPages(store, where(rowGroup)), converter, projection, createdBy);
            try {
                for (int c = 0; c < columns.length; c++) {
                    readers[c] = columnStore.getColumnReader(columns[c].descriptor());
                }
            } catch (ZdbcException e) {
                throw e;
            } catch (RuntimeException e) {
                // a column reader reads its dictionary and first page at once
                throw new ZdbcException(where(rowGroup) + ": corrupt Parquet data: " + message(e), e);
            }
            remaining = store.getRowCount();
            if (remaining > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves {@code n} values of column {@code c} into its buffer: the reader pushes each present
     * value to the column's {@link ValueSink}.
     */
    private void read(int c, int n) {
        ColumnReader r = readers[c];
        ColumnBuffer b = buffers[c];
        int maxDef = maxDefs[c];
        long row = rows + 1; // 1-based, for the strict-mode error
        if (maxDef == 0) {
            for (int i = 0; i < n; i++) {
                r.writeCurrentValueToConverter();
                r.consume();
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                r.writeCurrentValueToConverter();
            } else {
                b.addNull(row + i);
            }
            r.consume();
        }
    }

    /** What a corrupt file gets when parquet-java's own message needs Hadoop's Path class. */
    static final String HADOOP_MESSAGE = "parquet-java rejected a column chunk (its page value counts do not add"
            + " up, or the like) but could not say how: its message needs Hadoop, which zdbc leaves out";

    /**
     * True when parquet-java failed to build an error message because a Hadoop class is missing:
     * zdbc ships none, so this is never a bundle being updated but a corrupt file being reported.
     */
    static boolean hadoopMissing(NoClassDefFoundError e) {
        return String.valueOf(e.getMessage()).startsWith("org/apache/hadoop/");
    }

    /** "row group 3 of 5" for the 0-based index. */
    private String where(int index) {
        return "row group " + (index + 1) + " of " + rowGroups.size();
    }

    private static String message(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            s.append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return s.toString();
    }

    /** Rows read and what the buffers counted. */
    TransferReport report(String table) {
        return ColumnBuffer.report(table, rows, 0, buffers);
    }

    /** The converters of the projection's fields (in column order), as parquet-java looks them up. */
    private static GroupConverter converters(ValueSink[] sinks) {
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return sinks[fieldIndex];
            }

            @Override
            public void start() {}

            @Override
            public void end() {}
        };
    }
}
