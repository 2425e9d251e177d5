package io.zdbc.engine.fuzz;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.TableInfo;
import io.zdbc.api.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A table as committed: version, types, one hash per row, and its rows to write back. */
record TableState(String table, long version, List<ColumnType> types, long[] rowHashes, Batch data) {
    static TableState of(Database db, String table) {
        TableInfo info = db.info(table);
        try (TableSnapshot s = db.read(table)) {
            Batch.Builder b = Batch.builder();
            for (ColumnView c : s.columns()) {
                switch (c.type()) {
                    case I64:
                        b.i64(c.name(), c.toLongArray());
                        break;
                    case F64:
                        b.f64(c.name(), c.toDoubleArray());
                        break;
                    default:
                        b.str(c.name(), c.toStringArray());
                }
            }
            return new TableState(
                    table,
                    info.version(),
                    info.columns().stream().map(d -> d.type()).toList(),
                    hashes(s, 0),
                    b.build());
        }
    }

    long rows() {
        return rowHashes.length;
    }

    boolean sameTypes(TableState other) {
        return types.equals(other.types);
    }

    /** One hash per row from {@code from} on, over every column's value. */
    static long[] hashes(TableSnapshot s, long from) {
        long[] h = new long[(int) (s.rows() - from)];
        for (ColumnView c : s.columns()) {
            for (long r = from; r < s.rows(); r++) {
                long v;
                switch (c.type()) {
                    case I64:
                        v = c.getLong(r);
                        break;
                    case F64:
                        v = Double.doubleToLongBits(c.getDouble(r));
                        break;
                    default:
                        v = c.getString(r).hashCode();
                }
                int i = (int) (r - from);
                h[i] = h[i] * 0x100000001B3L + v;
            }
        }
        return h;
    }

    /** Checks this state is {@code before} plus {@code added} rows; returns the added rows' hashes. */
    long[] checkAppended(TableState before, long added, String label, List<String> problems) {
        if (added > 0 && version <= before.version) {
            problems.add(label + ": the append did not commit a new version of '" + table + "'");
        }
        if (rows() != before.rows() + added) {
            problems.add(label + ": '" + table + "' has " + rows() + " rows after appending " + added + " to "
                    + before.rows());
            return null;
        }
        if (!Arrays.equals(rowHashes, 0, (int) before.rows(), before.rowHashes, 0, (int) before.rows())) {
            problems.add(label + ": the append changed the rows '" + table + "' already had");
        }
        return Arrays.copyOfRange(rowHashes, (int) before.rows(), rowHashes.length);
    }

    void checkSameRows(long[] appended, String label, List<String> problems) {
        if (!Arrays.equals(rowHashes, appended)) {
            problems.add(label + ": the new table's rows differ from the rows the same file appended");
        }
    }

    void checkUnchanged(Database db, String label, List<String> problems) {
        TableState now = of(db, table);
        if (now.version != version || !now.types.equals(types) || !Arrays.equals(now.rowHashes, rowHashes)) {
            problems.add(label + ": '" + table + "' changed (version " + version + " -> " + now.version + ", rows "
                    + rows() + " -> " + now.rows() + ")");
        }
    }

    /** Every file under {@code dir} except {@code input}. */
    static Set<String> files(Path dir, Path input) {
        try (Stream<Path> all = Files.walk(dir)) {
            Set<String> out = new TreeSet<>();
            all.filter(p -> !p.equals(input) && !p.equals(dir))
                    .forEach(p -> out.add(dir.relativize(p).toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where an unexpected exception came from, for the report. */
    static String at(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        StackTraceElement[] st = c.getStackTrace();
        return st.length == 0 ? "" : " (" + c.getClass().getSimpleName() + " at " + st[0] + ")";
    }
}
