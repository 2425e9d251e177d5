package io.zdbc.spark;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the scans of this JVM read: rows handed to Spark, rows examined by pushed filters, and
 * column reads (one per column per partition). Lets tests and users check that pushdowns work.
 */
public final class ScanCounters {
    private static final AtomicLong ROWS_RETURNED = new AtomicLong();
    private static final AtomicLong ROWS_FILTERED = new AtomicLong();
    private static final AtomicLong COLUMNS_READ = new AtomicLong();
    private static final AtomicLong PARTITIONS = new AtomicLong();

    private ScanCounters() {}

    static void partition(int columns) {
        PARTITIONS.incrementAndGet();
        COLUMNS_READ.addAndGet(columns);
    }

    static void returned(long rows) {
        ROWS_RETURNED.addAndGet(rows);
    }

    static void filtered(long rows) {
        ROWS_FILTERED.addAndGet(rows);
    }

    /** Rows the scans of this JVM handed to Spark. */
    public static long rowsReturned() {
        return ROWS_RETURNED.get();
    }

    /** Rows pushed filters examined (before filtering). */
    public static long rowsFiltered() {
        return ROWS_FILTERED.get();
    }

    /** Column views opened by scan partitions (pruned columns are never opened). */
    public static long columnsRead() {
        return COLUMNS_READ.get();
    }

    public static long partitions() {
        return PARTITIONS.get();
    }

    public static void reset() {
        ROWS_RETURNED.set(0);
        ROWS_FILTERED.set(0);
        COLUMNS_READ.set(0);
        PARTITIONS.set(0);
    }
}
