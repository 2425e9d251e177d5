package io.zdbc.feather.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.ColumnBuffer;
import io.zdbc.spi.connector.ColumnTasks;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Turns Arrow record batches into zdbc batches of {@code batchRows} rows: Arrow batches of any
 * size are cut or joined. The columns of a batch are copied in parallel ({@link ColumnTasks}); a
 * column without nulls whose Arrow values are already zdbc's 8-byte words (int64, float64,
 * microseconds) is one bulk copy. One Arrow batch and one zdbc batch are in memory at a time.
 */
final class FeatherBatches extends BatchIterator {
    /** One imported column: where it is in the Arrow schema and how its values map. */
    record Source(int vectorIndex, ArrowColumn mapping, Long dictionaryId, ColumnDef def) {}

    private final ArrowReader reader;
    private final Source[] sources;
    private final ColumnBuffer[] buffers;
    private final Runnable onArrowBatch;
    private final Runnable atEnd;
    private final FieldVector[] values;
    private final int capacity;
    private final int threads;
    private long rowsBefore;
    private int pos;
    private int arrowRows;
    private long rows;
    private boolean ended;

    /**
     * @param onArrowBatch run after each Arrow record batch is loaded (progress)
     * @param atEnd        run once when the reader has no more batches: may throw if the input ended early
     * @param threads      threads that copy the columns of a batch ({@link ColumnTasks})
     */
    FeatherBatches(
            ArrowReader reader,
            List<Source> sources,
            TransferOptions options,
            Runnable onArrowBatch,
            Runnable atEnd,
            int threads) {
        this.reader = reader;
        this.sources = sources.toArray(new Source[0]);
        this.onArrowBatch = onArrowBatch;
        this.atEnd = atEnd;
        this.buffers = new ColumnBuffer[this.sources.length];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new ColumnBuffer(this.sources[i].def(), options.batchRows(), options.strict());
        }
        this.values = new FieldVector[this.sources.length];
        this.capacity = options.batchRows();
        this.threads = threads;
    }

    @Override
    protected Batch fill() {
        while (!buffers[0].isFull()) {
            if (pos == arrowRows && !loadNext()) {
                break;
            }
            int take = Math.min(arrowRows - pos, capacityLeft());
            int from = pos;
            ColumnTasks.run(sources.length, threads, c -> copy(c, from, take));
            pos += take;
        }
        if (buffers[0].size() == 0) {
            return null;
        }
        Batch batch = ColumnBuffer.takeBatch(buffers);
        rows += batch.rows();
        return batch;
    }

    private int capacityLeft() {
        return capacity - buffers[0].size();
    }

    /** Loads the next non-empty Arrow batch; false at the end of the file. */
    private boolean loadNext() {
        if (ended) {
            return false;
        }
        try {
            do {
                rowsBefore += arrowRows;
                arrowRows = 0;
                pos = 0;
                if (!reader.loadNextBatch()) {
                    ended = true;
                    atEnd.run();
                    return false;
                }
                onArrowBatch.run();
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                arrowRows = root.getRowCount();
            } while (arrowRows == 0);
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            for (int c = 0; c < sources.length; c++) {
                values[c] = root.getVector(sources[c].vectorIndex());
                if (values[c].getValueCount() < arrowRows) {
                    throw new ZdbcException("column '" + sources[c].def().name() + "' has " + values[c].getValueCount()
                            + " values in a record batch of " + arrowRows + " rows (corrupt file)");
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies rows {@code [from, from+n)} of the current Arrow batch's column {@code c}. */
    private void copy(int c, int from, int n) {
        Source s = sources[c];
        ColumnBuffer out = buffers[c];
        FieldVector v = values[c];
        ArrowColumn mapping = s.mapping();
        int i = from;
        try {
            if (s.dictionaryId() == null && mapping.bulk() && v.getNullCount() == 0) {
                // the Arrow buffer holds the values as zdbc stores them: one bulk copy
                ByteBuffer words = v.getDataBuffer().nioBuffer(8L * from, 8 * n);
                if (mapping.type == ColumnType.I64) {
                    out.addLongs(words, n);
                } else {
                    out.addDoubles(words, n);
                }
            } else if (s.dictionaryId() == null) {
                for (; i < from + n; i++) {
                    if (v.isNull(i)) {
                        out.addNull(rowsBefore + i + 1);
                    } else {
                        mapping.add(v, i, out);
                    }
                }
            } else {
                Dictionary d = reader.getDictionaryVectors().get(s.dictionaryId());
                FieldVector dict = d.getVector();
                BaseIntVector indexes = (BaseIntVector) v;
                int size = dict.getValueCount();
                for (; i < from + n; i++) {
                    if (v.isNull(i)) {
                        out.addNull(rowsBefore + i + 1);
                        continue;
                    }
                    long k = indexes.getValueAsLong(i);
                    if (k < 0 || k >= size) {
                        throw new ZdbcException("column '" + s.def().name() + "', row " + (rowsBefore + i + 1)
                                + ": dictionary index " + k + " is outside the dictionary of " + size + " values");
                    }
                    if (dict.isNull((int) k)) {
                        out.addNull(rowsBefore + i + 1);
                    } else {
                        mapping.add(dict, (int) k, out);
                    }
                }
            }
        } catch (ArithmeticException e) {
            throw new ZdbcException("column '" + s.def().name() + "', row " + (rowsBefore + i + 1)
                    + ": the value does not fit in i64 microseconds");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TransferReport report(String table) {
        return ColumnBuffer.report(table, rows, 0, buffers);
    }
}
