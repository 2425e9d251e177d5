package io.zdbc.kernels.simd;

import java.util.function.IntConsumer;

/**
 * The threading policy of the SIMD kernels: how many parts a scan is split into, and who runs
 * them ({@link Workers}, shared by every instance in this class loader unless a test passes its
 * own). Scans of {@code 2 x }{@value #PARALLEL_MIN_PART_ROWS} rows or more are split; the parts
 * are merged in part order, so an f64 answer depends on the row count and the thread setting,
 * never on which thread ran what.
 */
final class ScanParts {
    /**
     * Scans of at least twice this many rows are split into parts that {@link Workers} run on
     * several threads; smaller ones run on the caller's thread (the hand-over would cost more).
     */
    static final long PARALLEL_MIN_PART_ROWS = 1L << 14;
    /**
     * Scans of at least this many rows (8 MB a column: past the caches) are split into
     * {@link #PARTS_PER_THREAD} parts per thread, so that a part a busy or late thread takes is
     * small enough not to hold the scan up; smaller ones into one part per thread, which keeps
     * each thread on the same rows, in its own core's cache, call after call.
     */
    static final long MANY_PARTS_MIN_ROWS = 1L << 20;

    static final int PARTS_PER_THREAD = 4;
    /**
     * Threads a scan uses, the caller's included: system property {@code zdbc.kernels.threads},
     * default the processors the JVM sees (at most 8; the property at most 256). 1 runs every scan
     * on the caller's thread.
     */
    static final int THREADS = Math.max(
            1,
            Math.min(
                    256,
                    Integer.getInteger(
                            "zdbc.kernels.threads",
                            Math.min(8, Runtime.getRuntime().availableProcessors()))));

    private static Workers sharedWorkers;

    /** Null: the shared workers. */
    private final Workers workers;

    private final long minPartRows;
    private volatile boolean deactivated;

    /**
     * {@code workers}: null for the threads shared by every instance in this class loader;
     * {@code minPartRows}: the smallest part of a split scan (tests pass a few words).
     */
    ScanParts(Workers workers, long minPartRows) {
        this.workers = workers;
        this.minPartRows = Math.max(64, minPartRows);
    }

    /**
     * Stops the shared worker threads with the component (bundle stopped or updated): a thread of
     * this bundle left running would keep its class loader, and the old code, alive.
     */
    void deactivate() {
        Workers stopping;
        synchronized (ScanParts.class) {
            deactivated = true;
            stopping = sharedWorkers;
            sharedWorkers = null;
        }
        // Outside the lock: a late call must not wait for the threads to end.
        if (stopping != null) {
            stopping.close();
        }
    }

    /**
     * The workers to split scans over, or null once deactivated: a call that comes late (the
     * engine's drain of running operations is bounded) runs its parts on its own thread rather
     * than start threads that nothing would stop.
     */
    private Workers workers() {
        if (workers != null) {
            return workers;
        }
        synchronized (ScanParts.class) {
            if (deactivated) {
                return null;
            }
            if (sharedWorkers == null) {
                sharedWorkers = new Workers(THREADS);
            }
            return sharedWorkers;
        }
    }

    /**
     * Parts a scan of {@code rows} rows is split into: 1 below two parts' worth, else one per
     * thread, or {@link #PARTS_PER_THREAD} per thread from {@link #MANY_PARTS_MIN_ROWS} rows, fewer
     * if they would be smaller than {@code minPartRows}. A function of the row count and thread
     * setting only, so f64 sums come out the same whichever threads ran the parts.
     */
    int parts(long rows) {
        if (rows < 2 * minPartRows) {
            return 1;
        }
        int threads = workers != null ? workers.threads() : THREADS;
        if (threads == 1) {
            return 1;
        }
        int perThread = rows >= MANY_PARTS_MIN_ROWS ? PARTS_PER_THREAD : 1;
        return (int) Math.min((long) threads * perThread, rows / minPartRows);
    }

    /** Runs {@code part} for every part in {@code [0, parts)}, on the worker threads when more than one. */
    void forEachPart(int parts, IntConsumer part) {
        Workers w = parts == 1 ? null : workers();
        if (w != null) {
            w.run(parts, part);
        } else {
            for (int i = 0; i < parts; i++) {
                part.accept(i);
            }
        }
    }

    /** The first of {@code total} words (or rows) of part {@code i} of {@code parts}. */
    static long partStart(long total, int parts, int i) {
        return total * i / parts;
    }
}
