package io.zdbc.csv.impl;

import io.zdbc.api.ZdbcException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads a CSV file as chunks that end at record boundaries, so each chunk parses on its own. Up
 * to the first '"' of the file every line end is a record boundary; from the chunk holding the
 * first quote on, boundaries are found by following the quotes (a quoted field may hold line
 * ends), exactly as {@link CsvCursor} reads them.
 */
final class CsvChunker {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';

    /** The longest record read, so that a quote never closed cannot take the whole file into memory. */
    static final int MAX_RECORD = 64 << 20;

    private final ReadableByteChannel in;
    private final byte delimiter;
    private byte[] carry = new byte[0];
    private int carryLen;
    private long offset;
    private boolean eof;
    private boolean quoted;

    /** One record-aligned piece of the file: {@code bytes[0..length)} starting at byte {@code offset}. */
    static final class Chunk {
        final byte[] bytes;
        final int length;
        final long offset;
        final boolean last;

        Chunk(byte[] bytes, int length, long offset, boolean last) {
            this.bytes = bytes;
            this.length = length;
            this.offset = offset;
            this.last = last;
        }
    }

    CsvChunker(ReadableByteChannel in, byte delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next chunk of about {@code size} bytes (more when one record is longer), or null at the end. */
    Chunk next(int size) throws IOException {
        if (eof && carryLen == 0) {
            return null;
        }
        int cap = Math.max(size, carryLen + 1);
        while (true) {
            byte[] buf = cap == carry.length ? carry : Arrays.copyOf(carry, cap);
            int n = carryLen;
            while (n < buf.length && !eof) {
                int r = in.read(ByteBuffer.wrap(buf, n, buf.length - n));
                if (r < 0) {
                    eof = true;
                } else {
                    n += r;
                }
            }
            if (eof && n == 0) {
                carryLen = 0;
                return null;
            }
            int end = eof ? n : boundary(buf, n);
            long start = offset;
            if (end > 0) {
                carry = Arrays.copyOfRange(buf, end, Math.max(end + 1, n));
                carryLen = n - end;
                offset += end;
                return new Chunk(buf, end, start, eof && carryLen == 0);
            }
            carry = buf; // a record longer than the buffer: read on
            carryLen = n;
            if (cap >= MAX_RECORD) {
                throw new ZdbcException("a record starting at byte " + offset + " is longer than " + (MAX_RECORD >> 20)
                        + " MiB (is a quote never closed?)");
            }
            cap = Math.min(MAX_RECORD, Math.multiplyExact(cap, 2));
        }
    }

    /** Puts a chunk back in front of what is still unread, to read it again as part of a larger one. */
    void unread(Chunk c) {
        byte[] joined = new byte[c.length + carryLen];
        System.arraycopy(c.bytes, 0, joined, 0, c.length);
        System.arraycopy(carry, 0, joined, c.length, carryLen);
        carry = joined;
        carryLen = joined.length;
        offset = c.offset;
    }

    /** The end of the last complete record in {@code buf[0..n)} (the file goes on after it), or 0. */
    private int boundary(byte[] buf, int n) {
        if (!quoted && hasQuote(buf, n)) {
            quoted = true;
        }
        if (!quoted) {
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return i + 1;
                }
            }
        }
        return followQuotes(buf, n);
    }

    /** A word-at-a-time search for '"': the common file has none, and then every line end is a boundary. */
    private static boolean hasQuote(byte[] buf, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ QUOTES;
            if (((x - ONES) & ~x & HIGHS) != 0) {
                return true;
            }
        }
        for (; i < n; i++) {
            if (buf[i] == '"') {
                return true;
            }
        }
        return false;
    }

    /** Reads fields from the start (a record boundary) and returns the end of the last complete record. */
    private int followQuotes(byte[] buf, int n) {
        int last = 0;
        boolean fieldStart = true;
        int i = 0;
        while (i < n) {
            byte c = buf[i];
            if (fieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return last; // the quoted field goes on past the buffer
                    }
                    if (buf[i] == '"') {
                        if (i + 1 >= n) {
                            return last; // an escaped quote or the closing one: the next byte decides
                        }
                        if (buf[i + 1] != '"') {
                            i++;
                            break;
                        }
                        i++;
                    }
                    i++;
                }
                fieldStart = false;
            } else if (c == delimiter) {
                fieldStart = true;
                i++;
            } else if (c == '\n') {
                i++;
                last = i;
                fieldStart = true;
            } else if (c == '\r') {
                if (i + 1 >= n) {
                    return last; // CR LF or a lone CR: the next byte decides
                }
                i += buf[i + 1] == '\n' ? 2 : 1;
                last = i;
                fieldStart = true;
            } else {
                fieldStart = false;
                i++;
            }
        }
        return last;
    }
}
