package io.zdbc.format.impl;

import io.zdbc.api.ColumnDef;
import io.zdbc.api.ColumnType;
import io.zdbc.api.CorruptDatabaseException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one check that a table's column files hold the rows its metadata promises (FORMAT.md,
 * "Readers" step 2, "append" steps 1 and 2, "Recovery"): a file that does not would make a reader
 * map past its end or answer COUNT(*) for rows that are not there, and an append write after a gap.
 */
final class ColumnFileCheck {
    /**
     * Who promises the rows, which decides the rule and the message's wording. The wordings
     * differ because callers and users already match on each of them; the rule is one.
     */
    enum Promise {
        /** A reader of a committed table: at least {@code rows × 8} bytes. */
        COMMIT_RECORD(false),
        /** A reader of a table only the original library wrote: at least {@code rows × 8} bytes. */
        SCHEMA(false),
        /** An append to a committed table, checked before its intent so a refusal changes nothing. */
        COMMITTED_APPEND(false),
        /** Adopting a table of the original library: exactly {@code rows × 8} bytes, as it becomes the first generation. */
        ADOPTION(true);

        private final boolean exact;

        Promise(boolean exact) {
            this.exact = exact;
        }

        private String missing(String what, long rows, long bytes) {
            return switch (this) {
                case COMMIT_RECORD, SCHEMA -> what + " is missing (" + says(rows, bytes) + ")";
                case COMMITTED_APPEND -> what + " is missing, but " + rows + " rows are committed";
                case ADOPTION -> what + " is missing";
            };
        }

        private String wrongSize(String what, long size, long rows, long bytes) {
            return switch (this) {
                case COMMIT_RECORD, SCHEMA -> what + " has " + size + " bytes, but " + says(rows, bytes);
                case COMMITTED_APPEND ->
                    "column file has " + size + " bytes but " + rows + " rows are committed (" + bytes + " bytes)";
                case ADOPTION -> "column file has " + size + " bytes, but " + says(rows, bytes);
            };
        }

        private String says(long rows, long bytes) {
            return (this == COMMIT_RECORD ? "the commit record says " : "the schema says ") + rows + " rows × 8 = "
                    + bytes;
        }
    }

    private ColumnFileCheck() {}

    /**
     * The problem with the first of {@code files} (one per column, in order) that is missing or
     * does not hold {@code rows × 8} bytes as {@code promise} requires, or null if none.
     */
    static CorruptDatabaseException firstProblem(
            FileOps fs, String table, List<ColumnDef> columns, List<Path> files, long rows, Promise promise)
            throws IOException {
        long bytes = Math.multiplyExact(rows, (long) ColumnType.WIDTH); // the codecs bound rows to 2^60
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String what = "column file of '" + table + "." + columns.get(i).name() + "'";
            long size;
            try {
                size = fs.size(f);
            } catch (NoSuchFileException e) {
                return new CorruptDatabaseException(f, promise.missing(what, rows, bytes));
            }
            if (size < bytes || (promise.exact && size != bytes)) {
                return new CorruptDatabaseException(f, promise.wrongSize(what, size, rows, bytes));
            }
        }
        return null;
    }

    /** Throws the problem {@link #firstProblem} finds, if any. */
    static void require(FileOps fs, String table, List<ColumnDef> columns, List<Path> files, long rows, Promise promise)
            throws IOException {
        CorruptDatabaseException bad = firstProblem(fs, table, columns, files, rows, promise);
        if (bad != null) {
            throw bad;
        }
    }
}
