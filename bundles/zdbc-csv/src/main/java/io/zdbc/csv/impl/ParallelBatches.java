package io.zdbc.csv.impl;

import io.zdbc.api.Batch;
import io.zdbc.api.ZdbcException;
import io.zdbc.spi.connector.BatchIterator;
import io.zdbc.spi.connector.TransferOptions;
import io.zdbc.spi.connector.TransferReport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of a CSV import, parsed on worker threads chunk by chunk and handed to the writer
 * in file order. A chunk's problem is raised when the writer reaches that chunk, so the first bad
 * row of the file is the one reported, with its line in the file; the writer then discards
 * everything, as it does for the sequential reader.
 */
final class ParallelBatches extends BatchIterator implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final CsvChunker chunker;
    private final ChunkParser parser;
    private final TransferOptions options;
    private final long size;
    private final int chunkBytes;
    private final ExecutorService pool;
    private final int window;
    private final ArrayDeque<Future<ChunkParser.Result>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Long> offsets = new ArrayDeque<>();
    private CsvChunker.Chunk first;
    private int firstFrom;
    private ChunkParser.Result current;
    private long currentOffset;
    private int nextBatch;
    private long lineBase;
    private long quotes;
    private long lastLine = 1;
    private long rows;
    private long skipped;
    private long nulls;
    private long trimmed;

    /**
     * Starts after the header: {@code first} is the chunk holding it, {@code from} where its data
     * starts and {@code headerLines} the line ends before that.
     */
    ParallelBatches(
            CsvChunker chunker,
            CsvChunker.Chunk first,
            int from,
            long headerLines,
            long headerQuotes,
            ChunkParser parser,
            TransferOptions options,
            long size,
            int chunkBytes,
            int threads) {
        this.chunker = chunker;
        this.first = first;
        this.firstFrom = from;
        this.lineBase = headerLines;
        this.quotes = headerQuotes;
        this.parser = parser;
        this.options = options;
        this.size = size;
        this.chunkBytes = chunkBytes;
        this.window = threads <= 1 ? 1 : Math.min(2 * threads, threads + 4); // bounds the memory held ahead
        int id = POOLS.incrementAndGet();
        this.pool = threads <= 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "zdbc-csv-import-" + id);
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    protected Batch fill() throws IOException {
        while (true) {
            if (current != null && nextBatch < current.batches.size()) {
                Batch b = current.batches.get(nextBatch);
                options.progress().update(currentOffset + current.batchEnds.get(nextBatch), size);
                current.batches.set(nextBatch++, null);
                rows += b.rows();
                return b;
            }
            submit();
            if (inFlight.isEmpty()) {
                if ((quotes & 1) != 0) {
                    throw new ZdbcException("line " + lastLine + ": a quote is never closed (the file has an odd"
                            + " number of '\"' characters; the last record runs to the end of the file)");
                }
                return null;
            }
            currentOffset = offsets.poll();
            current = WorkerResults.await(inFlight.poll(), "parsing");
            nextBatch = 0;
            absorb(current);
        }
    }

    /** Keeps up to {@code window} chunks being parsed ahead of the writer. */
    private void submit() throws IOException {
        while (inFlight.size() < window) {
            CsvChunker.Chunk c;
            int from = 0;
            if (first != null) {
                c = first;
                from = firstFrom;
                first = null;
            } else {
                c = chunker.next(chunkBytes);
                if (c == null) {
                    return;
                }
            }
            int start = from;
            offsets.add(c.offset);
            inFlight.add(
                    pool == null
                            ? CompletableFuture.completedFuture(parser.parse(c.bytes, start, c.length))
                            : pool.submit(() -> parser.parse(c.bytes, start, c.length)));
        }
    }

    /** Adds a chunk's counts; raises its problem, with its line in the file. */
    private void absorb(ChunkParser.Result r) {
        if (r.error != null) {
            long line = lineBase + r.errorLine + 1;
            switch (r.errorKind) {
                case ROW:
                    throw new ZdbcException(
                            "line " + line + ": " + r.error + " (use --skip-bad-rows to skip such rows)");
                case STRICT:
                    throw new ZdbcException("line " + line + ": " + r.error);
                default:
                    throw new ZdbcException("malformed CSV: " + r.error + " (record starting at line " + line + ")");
            }
        }
        if (r.lastRecordLine >= 0) {
            lastLine = lineBase + r.lastRecordLine + 1;
        }
        lineBase += r.lines;
        quotes += r.quotes;
        skipped += r.skipped;
        nulls += r.nulls;
        trimmed += r.trimmed;
    }

    TransferReport report(String table) {
        return new TransferReport(table, rows, trimmed, nulls, skipped);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
