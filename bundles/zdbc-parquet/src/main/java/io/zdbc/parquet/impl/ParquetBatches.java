package io.zdbc.parquet.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.ZdbcIOException;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.ColumnBuffer;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the chosen columns of a Parquet file row group by row group, page by page (parquet-java's
 * column readers decode plain, dictionary, RLE and delta pages), into batches of
 * {@link TransferOptions#batchRows()} rows. A batch may span row groups. Memory: one batch plus
 * the current row group's compressed column chunks.
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
            LongConsumer progress) {
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
                for (int c = 0; c < columns.length; c++) {
                    read(c, n);
                }
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
            ColumnReadStoreImpl columnStore = new ColumnReadStoreImpl(
                    new CheckedPages(store, where(rowGroup)), NO_CONVERTER, projection, createdBy);
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

    /** Moves {@code n} values of column {@code c} into its buffer. */
    private void read(int c, int n) {
        ColumnReader r = readers[c];
        ColumnBuffer b = buffers[c];
        Mapping m = columns[c].mapping();
        int scale = columns[c].scale();
        int maxDef = maxDefs[c];
        long row = rows + 1; // 1-based, for the strict-mode error
        switch (m.type) {
            case I64:
                for (int i = 0; i < n; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        b.addLong(toLong(r, m));
                    } else {
                        b.addNull(row + i);
                    }
                    r.consume();
                }
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        b.addDouble(toDouble(r, m, scale));
                    } else {
                        b.addNull(row + i);
                    }
                    r.consume();
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        addBytes(b, r.getBinary());
                    } else {
                        b.addNull(row + i);
                    }
                    r.consume();
                }
        }
    }

    private static long toLong(ColumnReader r, Mapping m) {
        switch (m) {
            case INT32:
            case DATE:
                return r.getInteger();
            case UINT32:
                return Integer.toUnsignedLong(r.getInteger());
            case BOOLEAN:
                return r.getBoolean() ? 1 : 0;
            case INT32_MILLIS:
                return r.getInteger() * 1000L;
            case INT64_MILLIS:
                return r.getLong() * 1000L;
            case INT64_NANOS:
                return Math.floorDiv(r.getLong(), 1000L);
            case INT96:
                return Mapping.int96Micros(r.getBinary());
            default: // INT64, INT64_MICROS
                return r.getLong();
        }
    }

    private static double toDouble(ColumnReader r, Mapping m, int scale) {
        switch (m) {
            case FLOAT:
                return r.getFloat();
            case FLOAT16:
                return Mapping.float16(r.getBinary());
            case DECIMAL_INT32:
                return Mapping.decimal(r.getInteger(), scale);
            case DECIMAL_INT64:
                return Mapping.decimal(r.getLong(), scale);
            case DECIMAL_BYTES:
                return Mapping.decimal(r.getBinary(), scale);
            default:
                return r.getDouble();
        }
    }

    /** A str value straight from the page's bytes when they are on the heap. */
    private static void addBytes(ColumnBuffer b, Binary v) {
        ByteBuffer bb = v.toByteBuffer();
        if (bb.hasArray()) {
            b.addUtf8(bb.array(), bb.arrayOffset() + bb.position(), bb.remaining());
        } else {
            byte[] a = v.getBytes();
            b.addUtf8(a, 0, a.length);
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

    /**
     * The column readers need a converter per column, but values are taken with
     * {@code getLong()}, {@code getBinary()}, ... and never pushed to it.
     */
    private static final GroupConverter NO_CONVERTER = new GroupConverter() {
        private final PrimitiveConverter none = new PrimitiveConverter() {};

        @Override
        public Converter getConverter(int fieldIndex) {
            return none;
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
    };
}
