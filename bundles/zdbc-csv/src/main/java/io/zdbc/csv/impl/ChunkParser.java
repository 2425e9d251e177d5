package io.zdbc.csv.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnData;
import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.spi.connector.ColumnBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the records of one chunk straight into typed column arrays, with the rules of the
 * sequential reader: a row is checked completely before it is kept; a bad row is the chunk's
 * error (with its line within the chunk) or, with skip-bad-rows, skipped and counted. Runs on a
 * worker thread; holds no state shared with other chunks.
 */
final class ChunkParser {
    private final String[] names;
    private final ColumnType[] types;
    private final int[] fieldOf;
    private final int width;
    private final boolean strict;
    private final boolean skipBadRows;
    private final int batchRows;
    private final byte delimiter;
    private final PlainRows plain;

    ChunkParser(
            List<ColumnDef> defs,
            int[] fieldOf,
            int width,
            byte delimiter,
            int batchRows,
            boolean strict,
            boolean skipBadRows) {
        this.names = new String[defs.size()];
        this.types = new ColumnType[defs.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = defs.get(i).name();
            types[i] = defs.get(i).type();
        }
        this.fieldOf = fieldOf;
        this.width = width;
        this.delimiter = delimiter;
        this.batchRows = batchRows;
        this.strict = strict;
        this.skipBadRows = skipBadRows;
        this.plain = new PlainRows(delimiter, width, fieldOf, types);
    }

    /** What one chunk gave: its batches, counts, and the first problem that stops the import. */
    static final class Result {
        final List<Batch> batches = new ArrayList<>();
        /** For each batch, the chunk position after its last row, for progress. */
        final List<Integer> batchEnds = new ArrayList<>();

        long skipped;
        long nulls;
        long trimmed;
        /** str values of the row being converted that were trimmed; counted once the row is kept. */
        int rowTrimmed;

        long lines;
        long quotes;
        /** Line ends before the chunk's last record, or -1 if it has none. */
        long lastRecordLine = -1;
        /** The problem without its line ("column 'b': 'x' is not a valid i64"), or null. */
        String error;

        long errorLine;
        Kind errorKind;
    }

    enum Kind {
        /** A bad row: skip-bad-rows would have skipped it. */
        ROW,
        /** An empty numeric field in strict mode. */
        STRICT,
        /** Not CSV (a character after a closing quote), as FastCSV reports it. */
        MALFORMED
    }

    /** Parses {@code bytes[from..end)}, whole records; changes the bytes (quoted fields are unescaped in place). */
    Result parse(byte[] bytes, int from, int end) {
        Result r = new Result();
        CsvCursor c = new CsvCursor(bytes, from, end, delimiter);
        int cap = Math.max(1, Math.min(batchRows, (end - from) / 2 + 2));
        Object[] cols = allocate(cap);
        int n = 0;
        while (true) {
            int trimmedInRow = plain.read(c, cols, n);
            if (trimmedInRow >= 0) {
                r.lastRecordLine = c.recordLine;
                r.trimmed += trimmedInRow;
            } else if (!c.next()) {
                break;
            } else if (!general(c, cols, n, r)) {
                if (r.error != null) {
                    break;
                }
                continue;
            }
            if (++n == cap) {
                r.batches.add(batch(cols, n));
                r.batchEnds.add(c.position());
                cols = allocate(cap);
                n = 0;
            }
        }
        if (n > 0 && r.error == null) {
            r.batches.add(batch(cols, n));
            r.batchEnds.add(c.position());
        }
        r.lines = c.lines();
        r.quotes = c.quotes();
        return r;
    }

    /** Reads a record the cursor has read into row {@code n}; false if it is not kept (skipped, blank, or the error). */
    private boolean general(CsvCursor c, Object[] cols, int n, Result r) {
        r.lastRecordLine = c.recordLine;
        if (c.malformed != null) {
            fail(r, Kind.MALFORMED, c.malformed, c.recordLine);
            return false;
        }
        if (c.fields == 1 && c.starts[0] == c.ends[0]) {
            return false; // a blank line
        }
        String problem = c.fields != width ? c.fields + " fields, but the header has " + width : convert(c, cols, n, r);
        if (problem != null) {
            if (skipBadRows) {
                r.skipped++;
                return false;
            }
            fail(r, Kind.ROW, problem, c.recordLine);
            return false;
        }
        String empty = countEmpty(c, r);
        if (empty != null) {
            fail(r, Kind.STRICT, empty, c.recordLine);
            return false;
        }
        r.trimmed += r.rowTrimmed;
        return true;
    }

    private static void fail(Result r, Kind kind, String problem, long line) {
        r.error = problem;
        r.errorKind = kind;
        r.errorLine = line;
    }

    private Object[] allocate(int cap) {
        Object[] cols = new Object[types.length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = types[i] == ColumnType.I64
                    ? new long[cap]
                    : types[i] == ColumnType.F64 ? new double[cap] : new byte[cap * Str8.WIDTH];
        }
        return cols;
    }

    private Batch batch(Object[] cols, int n) {
        List<ColumnData> data = new ArrayList<>(cols.length);
        for (int i = 0; i < cols.length; i++) {
            switch (types[i]) {
                case I64:
                    long[] l = (long[]) cols[i];
                    data.add(ColumnData.ofLongs(names[i], n == l.length ? l : Arrays.copyOf(l, n)));
                    break;
                case F64:
                    double[] d = (double[]) cols[i];
                    data.add(ColumnData.ofDoubles(names[i], n == d.length ? d : Arrays.copyOf(d, n)));
                    break;
                default:
                    byte[] s = (byte[]) cols[i];
                    data.add(ColumnData.ofPackedStrings(
                            names[i], n * Str8.WIDTH == s.length ? s : Arrays.copyOf(s, n * Str8.WIDTH)));
            }
        }
        return Batch.of(data);
    }

    /** Writes the record's values at row {@code n}; returns what is wrong with it, or null. */
    private String convert(CsvCursor c, Object[] cols, int n, Result r) {
        byte[] b = c.bytes();
        r.rowTrimmed = 0;
        for (int i = 0; i < types.length; i++) {
            int f = fieldOf[i];
            int s = c.starts[f];
            int e = c.ends[f];
            switch (types[i]) {
                case I64:
                    if (s == e) {
                        ((long[]) cols[i])[n] = 0;
                    } else if (!FieldValues.parseLong(b, s, e, (long[]) cols[i], n)) {
                        return bad(i, c.field(f));
                    }
                    break;
                case F64:
                    if (s == e) {
                        ((double[]) cols[i])[n] = Double.NaN;
                    } else if (!FieldValues.parseDouble(b, s, e, (double[]) cols[i], n)) {
                        return bad(i, c.field(f));
                    }
                    break;
                default:
                    if (FieldValues.encodeStr(b, s, e, (byte[]) cols[i], n * Str8.WIDTH)) {
                        r.rowTrimmed++;
                    }
            }
        }
        return null;
    }

    private String bad(int col, String field) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        return "column '" + names[col] + "': '" + shown + "' is not a valid " + types[col].label();
    }

    /** Counts the kept row's empty numeric fields as nulls; in strict mode the first is the error. */
    private String countEmpty(CsvCursor c, Result r) {
        for (int i = 0; i < types.length; i++) {
            int f = fieldOf[i];
            if (types[i] != ColumnType.STR && c.starts[f] == c.ends[f]) {
                if (strict) {
                    return "column '" + names[i] + "' is empty (--strict rejects empty numeric fields; without it"
                            + " they are stored as " + ColumnBuffer.nullValue(types[i]) + ")";
                }
                r.nulls++;
            }
        }
        return null;
    }
}
