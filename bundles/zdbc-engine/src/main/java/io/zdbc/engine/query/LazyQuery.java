package io.zdbc.engine.query;

import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Predicate;
import io.zdbc.api.query.Query;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The DSL's builder: each call returns a new query over a new plan. */
public final class LazyQuery implements Query {
    private final QueryContext ctx;
    private final Plan plan;

    public LazyQuery(QueryContext ctx, String table) {
        this(ctx, Plan.scan(Objects.requireNonNull(table, "table")));
    }

    private LazyQuery(QueryContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    @Override
    public String table() {
        return plan.table();
    }

    @Override
    public Query where(Predicate p) {
        return new LazyQuery(ctx, plan.withWhere(Objects.requireNonNull(p, "predicate")));
    }

    @Override
    public Query select(String... columns) {
        return new LazyQuery(ctx, plan.withSelect(Arrays.asList(columns)));
    }

    @Override
    public Query groupBy(String... keys) {
        return new LazyQuery(ctx, plan.withGroupBy(Arrays.asList(keys)));
    }

    @Override
    public LazyResult agg(Aggregate... aggregates) {
        if (aggregates.length == 0) {
            throw new IllegalArgumentException("agg() needs at least one aggregate");
        }
        return new CachedResult(ctx, plan.withAggregates(Arrays.asList(aggregates)));
    }

    @Override
    public LazyResult rows() {
        if (!plan.groupBy().isEmpty()) {
            throw new ZdbcException("groupBy(" + plan.groupBy() + ") needs agg(...), not rows()");
        }
        return new CachedResult(ctx, plan.withRows());
    }

    private String single(String fn) {
        List<String> s = plan.select();
        if (s.size() != 1) {
            throw new ZdbcException(
                    fn + "() needs exactly one selected column, e.g. select(\"price\")." + fn + "(); selected: " + s);
        }
        return s.get(0);
    }

    @Override
    public LazyResult sum() {
        return agg(Aggregate.sum(single("sum")));
    }

    @Override
    public LazyResult min() {
        return agg(Aggregate.min(single("min")));
    }

    @Override
    public LazyResult max() {
        return agg(Aggregate.max(single("max")));
    }

    @Override
    public LazyResult mean() {
        return agg(Aggregate.mean(single("mean")));
    }

    @Override
    public LazyResult count() {
        // The most frequent query, and a 100 ns one: no varargs array, list or aggregate to make.
        return new CachedResult(ctx, plan.withAggregates(COUNT));
    }

    private static final List<Aggregate> COUNT = List.of(Aggregate.count());

    @Override
    public LazyResult vwap(String price, String volume) {
        return agg(Aggregate.vwap(price, volume));
    }

    @Override
    public String explain() {
        return plan.explain();
    }

    @Override
    public String toString() {
        return explain();
    }
}
