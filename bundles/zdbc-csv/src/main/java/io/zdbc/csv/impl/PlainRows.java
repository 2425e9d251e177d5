package io.zdbc.csv.impl;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the common record in one pass, scanning and converting at once: no quotes, no empty
 * numeric field, plain integers, decimals of up to 15 digits, ASCII strings, the header's field
 * count. Anything else is left to {@link CsvCursor} and {@link ChunkParser}, which read it again
 * from its start and decide what it is.
 */
final class PlainRows {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long PADS = 0x0101010101010101L * Str8.PAD;

    private final byte delimiter;
    private final int width;
    /** For each field of the file, the imported column it fills, or -1. */
    private final int[] columnOf;

    private final ColumnType[] types;

    PlainRows(byte delimiter, int width, int[] fieldOf, ColumnType[] types) {
        this.delimiter = delimiter;
        this.width = width;
        this.types = types;
        this.columnOf = new int[width];
        Arrays.fill(columnOf, -1);
        for (int i = 0; i < fieldOf.length; i++) {
            columnOf[fieldOf[i]] = i;
        }
    }

    /**
     * Reads the record at the cursor into row {@code n} and moves the cursor past it; returns how
     * many str values were trimmed, or -1 (the cursor not moved) when the record is not plain.
     */
    int read(CsvCursor c, Object[] cols, int n) {
        byte[] b = c.bytes();
        int end = c.end();
        int p = c.position();
        if (p >= end || b[p] == '\n' || b[p] == '\r') {
            return -1; // the end, or a blank line
        }
        int trimmed = 0;
        byte d = delimiter;
        for (int f = 0; f < width; f++) {
            int col = columnOf[f];
            int s = p;
            ColumnType t = col < 0 ? ColumnType.STR : types[col];
            if (t == ColumnType.I64) {
                boolean neg = p < end && b[p] == '-';
                if (neg || p < end && b[p] == '+') {
                    p++;
                }
                int digits = p;
                long v = 0;
                while (p < end) {
                    int x = b[p] - '0';
                    if (x < 0 || x > 9) {
                        break;
                    }
                    v = v * 10 + x;
                    p++;
                }
                if (p == digits || p - digits > 18) {
                    return -1;
                }
                ((long[]) cols[col])[n] = neg ? -v : v;
            } else if (t == ColumnType.F64) {
                boolean neg = p < end && b[p] == '-';
                if (neg || p < end && b[p] == '+') {
                    p++;
                }
                long m = 0;
                int significant = 0;
                int frac = 0;
                boolean any = false;
                boolean dot = false;
                while (p < end) {
                    int x = b[p] - '0';
                    if (x >= 0 && x <= 9) {
                        any = true;
                        if (m != 0 || x != 0) {
                            significant++;
                            m = m * 10 + x;
                        }
                        frac += dot ? 1 : 0;
                    } else if (b[p] == '.' && !dot) {
                        dot = true;
                    } else {
                        break;
                    }
                    p++;
                }
                if (!any || significant > 15 || frac >= FieldValues.POW10.length) {
                    return -1;
                }
                double v = (double) m / FieldValues.POW10[frac];
                ((double[]) cols[col])[n] = neg ? -v : v;
            } else {
                while (p < end) {
                    byte x = b[p];
                    if (x == d || x == '\n' || x == '\r') {
                        break;
                    }
                    if (x == '"' || x < 0) {
                        return -1;
                    }
                    p++;
                }
                if (col >= 0) {
                    trimmed += pack(b, s, p - s, (byte[]) cols[col], n * Str8.WIDTH);
                }
            }
            boolean last = f == width - 1;
            if (p >= end) {
                if (!last) {
                    return -1;
                }
                c.skip(p, false);
                return trimmed;
            }
            byte x = b[p];
            if (x == d && !last) {
                p++;
            } else if ((x == '\n' || x == '\r') && last) {
                c.skip(x == '\r' && p + 1 < end && b[p + 1] == '\n' ? p + 2 : p + 1, true);
                return trimmed;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** An ASCII str value: up to 8 bytes as one padded word, longer ones trimmed; 1 if trimmed. */
    private static int pack(byte[] b, int s, int len, byte[] dst, int off) {
        if (len > Str8.WIDTH) {
            System.arraycopy(b, s, dst, off, Str8.WIDTH);
            return 1;
        }
        long v;
        if (s + Str8.WIDTH <= b.length) {
            // One 8-byte load; the bytes past the value are masked off and become padding.
            long mask = len == Str8.WIDTH ? -1L : (1L << (len << 3)) - 1;
            v = ((long) LONGS.get(b, s) & mask) | (PADS & ~mask);
        } else {
            v = 0;
            for (int k = len - 1; k >= 0; k--) {
                v = (v << 8) | b[s + k];
            }
            if (len < Str8.WIDTH) {
                v |= PADS << (len << 3);
            }
        }
        LONGS.set(dst, off, v);
        return 0;
    }
}
