package io.zdbc.example.jsonl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ZdbcException;
import io.zdbc.example.jsonl.JsonlRows.Flt;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.ColumnBuffer;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rows into batches of typed columns through {@link ColumnBuffer} (the shared null and trim
 * rules). Without given column types, the rows of the first batch are read before anything is
 * stored and decide them: a column with any string is str, else one with any fractional (or
 * too large) number is f64, else i64; a column that is null throughout is str.
 */
final class JsonlBatches extends BatchIterator {
    private final JsonlRows rows;
    private final List<String> names;
    private final TransferOptions options;
    private final Runnable onBatch;
    private final List<ColumnDef> defs;
    private final ColumnBuffer[] buffers;
    /** The first batch's rows while types are inferred, with their line numbers. */
    private List<Object[]> sample;

    private List<Long> sampleLines;
    private final boolean inferred;
    private long count;
    private long skipped;

    private static final ColumnBuffer.NullRejection NULL_REJECTED = (b, line) -> "line " + line + ": field '"
            + b.name() + "' is null or missing (--strict rejects nulls; without it they are stored as "
            + ColumnBuffer.nullValue(b.type()) + ")";

    JsonlBatches(
            JsonlRows rows, List<String> names, List<ColumnDef> tableDefs, TransferOptions options, Runnable onBatch)
            throws IOException {
        this.rows = rows;
        this.names = names;
        this.options = options;
        this.onBatch = onBatch;
        rows.select(names, !options.columns().isEmpty());
        this.inferred = tableDefs == null;
        if (inferred) {
            sample = new ArrayList<>();
            sampleLines = new ArrayList<>();
            Object[] r;
            while (sample.size() < options.batchRows() && (r = nextRow()) != null) {
                sample.add(r.clone());
                sampleLines.add(rows.line());
            }
            this.defs = infer();
        } else {
            this.defs = tableDefs;
        }
        buffers = new ColumnBuffer[defs.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new ColumnBuffer(defs.get(i), options.batchRows(), options.strict());
        }
    }

    List<ColumnDef> defs() {
        return defs;
    }

    private List<ColumnDef> infer() {
        List<ColumnDef> out = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            ColumnType forced = options.types().get(name);
            if (forced != null) {
                out.add(new ColumnDef(name, forced));
                continue;
            }
            boolean any = false;
            boolean string = false;
            boolean fractional = false;
            for (Object[] r : sample) {
                Object v = r[c];
                any |= v != null;
                string |= v instanceof String;
                fractional |= v instanceof Flt || v instanceof BigInteger;
            }
            ColumnType t = !any || string ? ColumnType.STR : fractional ? ColumnType.F64 : ColumnType.I64;
            out.add(new ColumnDef(name, t));
        }
        return out;
    }

    @Override
    protected Batch fill() throws IOException {
        if (sample != null) {
            for (int i = 0; i < sample.size(); i++) {
                keep(sample.get(i), sampleLines.get(i));
            }
            sample = null;
            sampleLines = null;
        }
        Object[] r;
        while (!buffers[0].isFull() && (r = nextRow()) != null) {
            keep(r, rows.line());
        }
        if (buffers[0].size() == 0) {
            return null;
        }
        Batch batch = ColumnBuffer.takeBatch(buffers);
        count += batch.rows();
        onBatch.run();
        return batch;
    }

    /** The next row, skipping (and counting) lines that are not valid objects with --skip-bad-rows. */
    private Object[] nextRow() throws IOException {
        while (true) {
            try {
                return rows.next();
            } catch (ZdbcException e) {
                if (!options.skipBadRows()) {
                    throw e;
                }
                skipped++;
            }
        }
    }

    private static boolean fits(Object v, ColumnType t) {
        switch (t) {
            case I64:
                return v == null || v instanceof Long || v instanceof Boolean;
            case F64:
                return !(v instanceof String);
            default:
                return true;
        }
    }

    /** Adds the row's values, all or (a value that does not fit its column) none. */
    private void keep(Object[] r, long line) {
        for (int c = 0; c < buffers.length; c++) {
            if (!fits(r[c], buffers[c].type())) {
                if (options.skipBadRows()) {
                    skipped++;
                    return;
                }
                throw mismatch(line, buffers[c], r[c]);
            }
        }
        for (int c = 0; c < buffers.length; c++) {
            ColumnBuffer b = buffers[c];
            Object v = r[c];
            if (v == null) {
                b.addNull(line, NULL_REJECTED);
                continue;
            }
            switch (b.type()) {
                case I64:
                    b.addLong(v instanceof Long ? (Long) v : (Boolean) v ? 1 : 0);
                    break;
                case F64:
                    if (v instanceof Flt) {
                        b.addDouble(((Flt) v).value());
                    } else if (v instanceof Long) {
                        b.addDouble((Long) v);
                    } else if (v instanceof BigInteger) {
                        b.addDouble(((BigInteger) v).doubleValue());
                    } else {
                        b.addDouble((Boolean) v ? 1 : 0);
                    }
                    break;
                default:
                    b.addString(v instanceof Flt ? ((Flt) v).text() : v.toString());
            }
        }
    }

    private ZdbcException mismatch(long line, ColumnBuffer b, Object v) {
        String what = v instanceof String
                ? "the string " + quote((String) v)
                : v instanceof BigInteger
                        ? "the integer " + v + ", beyond the i64 range,"
                        : "the number " + ((Flt) v).text() + ",";
        String suggest = v instanceof String ? "str" : "f64";
        return new ZdbcException("line " + line + ": field '" + b.name() + "': " + what + " does not fit column '"
                + b.name() + "' of type " + b.type().label()
                + (inferred && !options.types().containsKey(b.name())
                        ? " (inferred from the first " + options.batchRows() + " rows)"
                        : "")
                + "; use --type " + b.name() + "=" + suggest);
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }

    TransferReport report(String table) {
        return ColumnBuffer.report(table, count, skipped, buffers);
    }
}
