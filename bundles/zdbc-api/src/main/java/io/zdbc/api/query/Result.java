package io.zdbc.api.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The answer of a query: named columns of equal length. Values are {@code Long}, {@code Double},
 * {@code String}, or null (an aggregate of no rows, e.g. the min of an empty selection).
 */
@ProviderType
public final class Result {
    private final List<String> names;
    private final List<Object[]> columns;
    private final int rows;

    public Result(List<String> names, List<Object[]> columns) {
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + columns.size() + " columns");
        }
        this.names = List.copyOf(names);
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.rows = columns.isEmpty() ? 0 : columns.get(0).length;
        for (Object[] c : columns) {
            if (c.length != rows) {
                throw new IllegalArgumentException("result columns of unequal length");
            }
        }
    }

    public List<String> names() {
        return names;
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return names.size();
    }

    public Object get(int row, int column) {
        return columns.get(column)[row];
    }

    public Object get(int row, String column) {
        return get(row, index(column));
    }

    /**
     * The position of {@code column}.
     *
     * @throws IllegalArgumentException if the result has no such column (the message names it and
     *     the columns there are); {@link #names()} tells without throwing
     */
    public int index(String column) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(missing(column));
        }
        return i;
    }

    /** The message for a column this result does not have, naming the ones it has. */
    public String missing(String column) {
        return "the result has no column '" + column + "' (it has " + names + ")";
    }

    /** The column's values. */
    public Object[] column(int i) {
        return columns.get(i).clone();
    }

    /**
     * The single value of a one-row, one-column result.
     *
     * @throws IllegalStateException if the result has another shape
     */
    public Object value() {
        if (rows != 1 || width() != 1) {
            throw new IllegalStateException(
                    "the result has " + rows + " rows and " + width() + " columns, not one value");
        }
        return get(0, 0);
    }

    public double asDouble() {
        Object v = value();
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** @throws IllegalStateException if the value is null (an aggregate of no rows) */
    public long asLong() {
        Object v = value();
        if (v == null) {
            throw new IllegalStateException("the result is null (an aggregate of no rows)");
        }
        return ((Number) v).longValue();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.join(",", names));
        for (int r = 0; r < rows; r++) {
            sb.append('\n');
            for (int c = 0; c < width(); c++) {
                sb.append(c == 0 ? "" : ",").append(get(r, c));
            }
        }
        return sb.toString();
    }
}
