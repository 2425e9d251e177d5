package io.zdbc.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rows to write or append, column by column: every column has the same number of rows.
 *
 * <pre>{@code
 * Batch b = Batch.builder()
 *         .i64("id", new long[] {1, 2})
 *         .str("name", new String[] {"Alice", "Bob"})
 *         .f64("score", new double[] {9.5, 7.25})
 *         .build();
 * }</pre>
 */
@ProviderType
public final class Batch {
    private final List<ColumnData> columns;
    private final int rows;

    private Batch(List<ColumnData> columns) {
        this.columns = Collections.unmodifiableList(columns);
        this.rows = columns.isEmpty() ? 0 : columns.get(0).rows();
        Set<String> seen = new HashSet<>();
        for (ColumnData c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice in the batch");
            }
            if (c.rows() != rows) {
                throw new ColumnLengthMismatchException(null, columns.get(0).name(), rows, c.name(), c.rows());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Batch of(List<ColumnData> columns) {
        return new Batch(new ArrayList<>(columns));
    }

    public List<ColumnData> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** The column definitions in batch order. */
    public List<ColumnDef> defs() {
        List<ColumnDef> defs = new ArrayList<>(columns.size());
        for (ColumnData c : columns) {
            defs.add(c.def());
        }
        return defs;
    }

    /** The column of that name, or {@code null}. */
    public ColumnData column(String name) {
        for (ColumnData c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Total number of str inputs that were trimmed to 8 bytes. */
    public long trimmed() {
        long t = 0;
        for (ColumnData c : columns) {
            t += c.trimmed();
        }
        return t;
    }

    @ProviderType
    public static final class Builder {
        private final List<ColumnData> columns = new ArrayList<>();

        public Builder i64(String name, long... values) {
            return add(ColumnData.ofLongs(name, values));
        }

        public Builder f64(String name, double... values) {
            return add(ColumnData.ofDoubles(name, values));
        }

        public Builder str(String name, String... values) {
            return add(ColumnData.ofStrings(name, values));
        }

        public Builder add(ColumnData column) {
            columns.add(column);
            return this;
        }

        public Batch build() {
            return new Batch(columns);
        }
    }
}
