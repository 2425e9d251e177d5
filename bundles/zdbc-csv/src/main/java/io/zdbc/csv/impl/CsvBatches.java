package io.zdbc.csv.impl;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.ColumnBuffer;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Parses CSV records into batches of typed columns. A row is parsed completely before any of its
 * values is kept, so a bad row is either the error (naming its line) or, with
 * {@code --skip-bad-rows}, skipped whole and counted.
 */
final class CsvBatches extends BatchIterator {
    private final Iterator<CsvRecord> records;
    private final int width;
    private final int[] fieldOf;
    private final ColumnBuffer[] buffers;
    private final TransferOptions options;
    private final Runnable onBatch;
    private final BooleanSupplier oddQuotes;
    private long lastLine;
    private final long[] longs;
    private final double[] doubles;
    private long rows;
    private long skipped;

    private static final ColumnBuffer.NullRejection EMPTY_REJECTED = (b, line) -> "line " + line + ": column '"
            + b.name() + "' is empty (--strict rejects empty numeric fields; without it they are stored as "
            + ColumnBuffer.nullValue(b.type()) + ")";

    CsvBatches(
            Iterator<CsvRecord> records,
            int width,
            List<ColumnDef> defs,
            int[] fieldOf,
            TransferOptions options,
            Runnable onBatch,
            BooleanSupplier oddQuotes) {
        this.records = records;
        this.oddQuotes = oddQuotes;
        this.width = width;
        this.fieldOf = fieldOf;
        this.options = options;
        this.onBatch = onBatch;
        this.buffers = new ColumnBuffer[defs.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new ColumnBuffer(defs.get(i), options.batchRows(), options.strict());
        }
        this.longs = new long[defs.size()];
        this.doubles = new double[defs.size()];
    }

    /** The next batch, or null when the file is done. */
    @Override
    protected Batch fill() {
        while (!buffers[0].isFull() && records.hasNext()) {
            CsvRecord r = records.next();
            lastLine = r.getStartingLineNumber();
            if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                continue; // a blank line
            }
            String problem = parse(r);
            if (problem == null) {
                keep(r);
            } else if (options.skipBadRows()) {
                skipped++;
            } else {
                throw new ZdbcException("line " + r.getStartingLineNumber() + ": " + problem
                        + " (use --skip-bad-rows to skip such rows)");
            }
        }
        if (!records.hasNext() && oddQuotes.getAsBoolean()) {
            throw new ZdbcException("line " + lastLine + ": a quote is never closed (the file has an odd number"
                    + " of '\"' characters; the last record runs to the end of the file)");
        }
        if (buffers[0].size() == 0) {
            return null;
        }
        Batch batch = ColumnBuffer.takeBatch(buffers);
        rows += batch.rows();
        onBatch.run();
        return batch;
    }

    /** Parses the numeric fields of {@code r} into the scratch arrays; returns what is wrong, or null. */
    private String parse(CsvRecord r) {
        if (r.getFieldCount() != width) {
            return r.getFieldCount() + " fields, but the header has " + width;
        }
        for (int i = 0; i < buffers.length; i++) {
            String f = r.getField(fieldOf[i]);
            ColumnType t = buffers[i].type();
            if (t == ColumnType.STR || f.isEmpty()) {
                continue;
            }
            if (t == ColumnType.I64) {
                try {
                    longs[i] = Long.parseLong(f);
                } catch (NumberFormatException e) {
                    return bad(buffers[i], f);
                }
            } else if (ValueParser.isDouble(f)) {
                doubles[i] = ValueParser.parseDouble(f);
            } else {
                return bad(buffers[i], f);
            }
        }
        return null;
    }

    private static String bad(ColumnBuffer b, String field) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        return "column '" + b.name() + "': '" + shown + "' is not a valid "
                + b.type().label();
    }

    private void keep(CsvRecord r) {
        for (int i = 0; i < buffers.length; i++) {
            ColumnBuffer b = buffers[i];
            String f = r.getField(fieldOf[i]);
            switch (b.type()) {
                case STR:
                    b.addString(f);
                    break;
                case I64:
                    if (f.isEmpty()) {
                        emptyNumber(b, r);
                    } else {
                        b.addLong(longs[i]);
                    }
                    break;
                default:
                    if (f.isEmpty()) {
                        emptyNumber(b, r);
                    } else {
                        b.addDouble(doubles[i]);
                    }
            }
        }
    }

    /** An empty numeric field is CSV's null. */
    private static void emptyNumber(ColumnBuffer b, CsvRecord r) {
        b.addNull(r.getStartingLineNumber(), EMPTY_REJECTED);
    }

    /** Rows kept and skipped, and what the buffers counted (in CSV only empty numeric fields are nulls). */
    TransferReport report(String table) {
        return ColumnBuffer.report(table, rows, skipped, buffers);
    }
}
