package io.zdbc.sql.impl;

import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a result's columns in SELECT-list order under their SQL names (aliases), and answers
 * NULL for a sum of no rows, as SQL does (the DSL answers 0).
 */
final class ReorderedResult implements LazyResult {
    private final LazyResult inner;
    private final List<String> order;
    private final List<String> names;
    private final List<Boolean> nullIfNoRows;
    private final String count;

    /**
     * Output {@code i} is the inner column {@code order[i]} named {@code names[i]}; it is null
     * where {@code nullIfNoRows[i]} and the inner column {@code count} is 0.
     */
    ReorderedResult(
            LazyResult inner, List<String> order, List<String> names, List<Boolean> nullIfNoRows, String count) {
        this.inner = inner;
        this.order = order;
        this.names = names;
        this.nullIfNoRows = nullIfNoRows;
        this.count = count;
    }

    @Override
    public Result collect() {
        Result r = inner.collect();
        boolean noRows = nullIfNoRows.contains(Boolean.TRUE)
                && r.rows() == 1
                && Long.valueOf(0).equals(r.get(0, count));
        List<Object[]> cols = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            int at = r.names().indexOf(order.get(i));
            if (at < 0) {
                throw new ZdbcException(r.missing(order.get(i)));
            }
            Object[] col = r.column(at);
            if (noRows && nullIfNoRows.get(i)) {
                col[0] = null;
            }
            cols.add(col);
        }
        return new Result(names, cols);
    }

    @Override
    public LazyResult orderBy(String column, boolean descending) {
        return new ReorderedResult(inner.orderBy(column, descending), order, names, nullIfNoRows, count);
    }

    @Override
    public LazyResult limit(long n) {
        return new ReorderedResult(inner.limit(n), order, names, nullIfNoRows, count);
    }

    @Override
    public String explain() {
        return inner.explain();
    }

    @Override
    public boolean isCached() {
        return inner.isCached();
    }
}
