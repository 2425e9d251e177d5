package io.zdbc.engine;

import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import java.nio.file.Path;

/**
 * Reads the appended table of {@link ConcurrencyTest} again and again and checks that every
 * snapshot is a consistent prefix: all columns the same length, row i holds i, and the row count
 * never shrinks. Also a main class for the second-process reader.
 */
public final class PrefixReader {
    private long lastRows;
    long reads;

    /** Returns the rows seen, throws AssertionError on an inconsistent snapshot. */
    long readOnce(Database db) {
        try (TableSnapshot s = db.read("events")) {
            long rows = s.rows();
            if (rows < lastRows) {
                throw new AssertionError("row count went back from " + lastRows + " to " + rows);
            }
            long[] seq = s.column("seq").toLongArray();
            double[] x = s.column("x").toDoubleArray();
            String[] tag = s.column("tag").toStringArray();
            if (seq.length != rows || x.length != rows || tag.length != rows) {
                throw new AssertionError("columns disagree with the row count " + rows);
            }
            for (int i = 0; i < rows; i++) {
                if (seq[i] != i || x[i] != i * 0.5 || !tag[i].equals(Long.toString(i % 100_000))) {
                    throw new AssertionError("row " + i + " of " + rows + " is not what was appended: " + seq[i] + ", "
                            + x[i] + ", " + tag[i]);
                }
            }
            lastRows = rows;
            reads++;
            return rows;
        } catch (NoSuchTableException e) {
            return 0;
        }
    }

    /** Second-process reader: {@code <db> <millis>}; prints "OK reads rows" or the error, exit 0/1. */
    public static void main(String[] args) {
        long until = System.currentTimeMillis() + Long.parseLong(args[1]);
        PrefixReader r = new PrefixReader();
        try (Database db = Zdbc.open(Path.of(args[0]), OpenOptions.readOnlyDefaults())) {
            long rows = 0;
            while (System.currentTimeMillis() < until) {
                rows = r.readOnce(db);
            }
            System.out.println("OK " + r.reads + " " + rows);
        } catch (Throwable t) {
            System.out.println("FAIL " + t);
            System.exit(1);
        }
    }
}
