package io.zdbc.csv.impl;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.spi.connector.TransferOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a table's rows as CSV text for a one-byte ASCII separator: blocks of rows are encoded on
 * worker threads, column by column in bulk, and written in order. The text is what FastCSV's
 * writer makes of the same values (quotes only where needed, a leading '#' quoted, LF line ends).
 */
final class ChunkedCsvExport {
    /** Rows per encoded block, and between progress reports. */
    static final int BLOCK_ROWS = 1 << 16;

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;

    ChunkedCsvExport(int threads) {
        this.threads = threads;
    }

    /** Writes rows {@code [0, n)} of {@code cols}, after the header the caller wrote. */
    void write(List<ColumnView> cols, long n, OutputStream out, TransferOptions options) throws IOException {
        byte delimiter = (byte) options.delimiter();
        int id = POOLS.incrementAndGet();
        ExecutorService pool = threads <= 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "zdbc-csv-export-" + id);
                    t.setDaemon(true);
                    return t;
                });
        try {
            ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
            int window = threads <= 1 ? 1 : 2 * threads;
            long next = 0;
            long done = 0;
            while (done < n) {
                while (next < n && inFlight.size() < window) {
                    long from = next;
                    int len = (int) Math.min(BLOCK_ROWS, n - from);
                    next += len;
                    inFlight.add(
                            pool == null
                                    ? CompletableFuture.completedFuture(encode(cols, from, len, delimiter))
                                    : pool.submit(() -> encode(cols, from, len, delimiter)));
                }
                Block block = WorkerResults.await(inFlight.poll(), "encoding");
                out.write(block.bytes, 0, block.length);
                done = Math.min(n, done + BLOCK_ROWS);
                options.progress().update(done, n);
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Encoded text: {@code bytes[0..length)}. */
    static final class Block {
        final byte[] bytes;
        final int length;

        Block(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    /** The text of rows {@code [from, from+len)}. */
    static Block encode(List<ColumnView> cols, long from, int len, byte delimiter) {
        int width = cols.size();
        long[][] raw = new long[width][];
        double[][] doubles = new double[width][];
        for (int c = 0; c < width; c++) {
            ColumnView v = cols.get(c);
            if (v.type() == ColumnType.F64) {
                doubles[c] = new double[len];
                v.readDoubles(from, doubles[c], 0, len);
            } else if (v.type() == ColumnType.I64) {
                raw[c] = new long[len];
                v.readLongs(from, raw[c], 0, len);
            } else {
                long[] s = new long[len];
                for (int r = 0; r < len; r++) {
                    s[r] = v.getRaw(from + r);
                }
                raw[c] = s;
            }
        }
        int rowMax = width * (2 * NumberText.MAX_LENGTH + 2) + 1; // a quoted str doubles at most 24 bytes
        byte[] buf = new byte[(int) Math.min(1 << 26, Math.max(1024L, (long) len * (width * 12 + 1)))];
        int pos = 0;
        byte[] scratch = new byte[Str8.WIDTH];
        for (int r = 0; r < len; r++) {
            if (buf.length - pos < rowMax) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + rowMax));
            }
            for (int c = 0; c < width; c++) {
                if (c > 0) {
                    buf[pos++] = delimiter;
                }
                ColumnType t = cols.get(c).type();
                if (t == ColumnType.I64) {
                    pos = NumberText.writeLong(raw[c][r], buf, pos);
                } else if (t == ColumnType.F64) {
                    pos = NumberText.writeDouble(doubles[c][r], buf, pos);
                } else {
                    pos = writeStr(raw[c][r], c == 0, delimiter, buf, pos, scratch);
                }
            }
            buf[pos++] = '\n';
        }
        return new Block(buf, pos);
    }

    /** A str value without its padding, quoted (quotes doubled) when FastCSV would quote it. */
    private static int writeStr(long packed, boolean firstField, byte delimiter, byte[] dst, int pos, byte[] scratch) {
        int n = Str8.length(packed);
        Str8.unpack(packed, scratch, 0);
        byte[] b = scratch;
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                // Not ASCII: through a string, as before, so invalid UTF-8 becomes U+FFFD the same way.
                b = Str8.decode(packed).getBytes(StandardCharsets.UTF_8);
                n = b.length;
                break;
            }
        }
        boolean quote = firstField && n > 0 && b[0] == '#';
        for (int i = 0; i < n && !quote; i++) {
            byte c = b[i];
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            System.arraycopy(b, 0, dst, pos, n);
            return pos + n;
        }
        dst[pos++] = '"';
        for (int i = 0; i < n; i++) {
            if (b[i] == '"') {
                dst[pos++] = '"';
            }
            dst[pos++] = b[i];
        }
        dst[pos++] = '"';
        return pos;
    }
}
