package io.zdbc.sql.impl;

import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts a result's columns in SELECT-list order under their SQL names (aliases). */
final class ReorderedResult implements LazyResult {
    private final LazyResult inner;
    private final List<String> order;
    private final Map<String, String> names;

    ReorderedResult(LazyResult inner, List<String> order, Map<String, String> names) {
        this.inner = inner;
        this.order = order;
        this.names = names;
    }

    @Override
    public Result collect() {
        Result r = inner.collect();
        List<String> outNames = new ArrayList<>();
        List<Object[]> cols = new ArrayList<>();
        for (String c : order) {
            outNames.add(names.getOrDefault(c, c));
            cols.add(r.column(r.index(c)));
        }
        return new Result(outNames, cols);
    }

    @Override
    public LazyResult orderBy(String column, boolean descending) {
        return new ReorderedResult(inner.orderBy(column, descending), order, names);
    }

    @Override
    public LazyResult limit(long n) {
        return new ReorderedResult(inner.limit(n), order, names);
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
