package io.zdbc.api.query;

import io.zdbc.api.ZdbcException;
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

    public int index(String column) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new ZdbcException("the result has no column '" + column + "' (it has " + names + ")");
        }
        return i;
    }

    /** The column's values. */
    public Object[] column(int i) {
        return columns.get(i).clone();
    }

    /** The single value of a one-row, one-column result. */
    public Object value() {
        if (rows != 1 || width() != 1) {
            throw new ZdbcException("the result has " + rows + " rows and " + width() + " columns, not one value");
        }
        return get(0, 0);
    }

    public double asDouble() {
        Object v = value();
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    public long asLong() {
        Object v = value();
        if (v == null) {
            throw new ZdbcException("the result is null (an aggregate of no rows)");
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
