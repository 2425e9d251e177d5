package io.zdbc.csv.impl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the records of one record-aligned chunk the way FastCSV reads them (RFC 4180): a field
 * that starts with '"' is quoted ("" is a quote, line ends are kept), a quote anywhere else is an
 * ordinary character; CR, LF and CR LF end a record and each counts as one line; empty lines are
 * skipped. Quoted fields are unescaped in place, so the chunk's bytes are changed.
 */
final class CsvCursor {
    private final byte[] buf;
    private final int end;
    private final byte delimiter;
    private int pos;
    private long lines;
    private long quotes;

    /** The current record: its fields are {@code buf[starts[i]..ends[i])}. */
    int fields;

    int[] starts = new int[16];
    int[] ends = new int[16];
    /** Line ends before the current record (0 for a record on the chunk's first line). */
    long recordLine;
    /** Non-null when the current record is malformed: FastCSV's words for what is wrong. */
    String malformed;

    CsvCursor(byte[] buf, int from, int end, byte delimiter) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
        this.delimiter = delimiter;
    }

    byte[] bytes() {
        return buf;
    }

    /** Where the next record starts. */
    int position() {
        return pos;
    }

    /** The end of the chunk. */
    int end() {
        return end;
    }

    /** Moves past a record another reader read from {@link #position()} up to {@code next}. */
    void skip(int next, boolean lineEnded) {
        recordLine = lines;
        pos = next;
        if (lineEnded) {
            lines++;
        }
    }

    /** Line ends read so far. */
    long lines() {
        return lines;
    }

    /** '"' characters read so far, wherever they are. */
    long quotes() {
        return quotes;
    }

    /** Reads the next record; false at the end of the chunk. */
    boolean next() {
        while (true) {
            if (pos >= end) {
                return false;
            }
            byte b = buf[pos];
            if (b == '\n') {
                pos++;
            } else if (b == '\r') {
                pos += pos + 1 < end && buf[pos + 1] == '\n' ? 2 : 1;
            } else {
                break;
            }
            lines++;
        }
        recordLine = lines;
        fields = 0;
        while (true) {
            boolean more = pos < end && buf[pos] == '"' ? quotedField() : plainField();
            if (!more || malformed != null) {
                return true;
            }
        }
    }

    /** Reads an unquoted field; true if another field follows in this record. */
    private boolean plainField() {
        int s = pos;
        int p = pos;
        byte d = delimiter;
        while (p < end) {
            byte b = buf[p];
            if (b == d || b == '\n' || b == '\r') {
                break;
            }
            if (b == '"') {
                quotes++;
            }
            p++;
        }
        add(s, p);
        return terminate(p);
    }

    /** Reads a quoted field, unescaping it in place; true if another field follows in this record. */
    private boolean quotedField() {
        quotes++;
        int p = pos + 1;
        int s = p;
        int w = p;
        while (true) {
            if (p >= end) {
                add(s, w); // never closed: the field runs to the end, as in FastCSV
                pos = p;
                return false;
            }
            byte b = buf[p];
            if (b == '"') {
                quotes++;
                if (p + 1 < end && buf[p + 1] == '"') {
                    quotes++;
                    buf[w++] = '"';
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            if (b == '\r') {
                lines++;
                if (p + 1 < end && buf[p + 1] == '\n') {
                    buf[w++] = b;
                    p++;
                    b = '\n';
                }
            } else if (b == '\n') {
                lines++;
            }
            buf[w++] = b;
            p++;
        }
        add(s, w);
        if (p < end && buf[p] != delimiter && buf[p] != '\n' && buf[p] != '\r') {
            malformed = unexpected(p);
            pos = p;
            return false;
        }
        return terminate(p);
    }

    /** After a field ending at {@code p}: skips its delimiter or line end; true if a field follows. */
    private boolean terminate(int p) {
        if (p >= end) {
            pos = p;
            return false;
        }
        byte b = buf[p];
        if (b == delimiter) {
            pos = p + 1;
            return true;
        }
        pos = b == '\r' && p + 1 < end && buf[p + 1] == '\n' ? p + 2 : p + 1;
        lines++;
        return false;
    }

    private void add(int s, int e) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
        }
        starts[fields] = s;
        ends[fields] = e;
        fields++;
    }

    private String unexpected(int p) {
        char c = new String(buf, p, Math.min(4, end - p), StandardCharsets.UTF_8).charAt(0);
        return String.format("Unexpected character after closing quote: '%c' (0x%x)", c, (int) c);
    }

    /** Field {@code i} of the current record as a string. */
    String field(int i) {
        return new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }
}
