package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a {@link Plan} on one snapshot. Aggregates without group-by over an AND of comparisons,
 * BETWEENs and INs go to one fused kernel call ({@link Kernels#filterAggregate}). Otherwise the
 * filter becomes a {@link Selection} through the kernels, aggregates run on the selection without
 * materializing rows, group-by and projections walk the selected rows.
 */
final class Executor {
    private final Kernels kernels;
    private final TableSnapshot snap;
    private final PredicateConditions where;

    Executor(Kernels kernels, TableSnapshot snap) {
        this.kernels = kernels;
        this.snap = snap;
        this.where = new PredicateConditions(kernels, snap);
    }

    Result run(Plan plan) {
        if (plan.where() != null
                && !plan.aggregates().isEmpty()
                && plan.groupBy().isEmpty()) {
            List<Condition> conditions = new ArrayList<>();
            if (where.conjunction(plan.where(), conditions)) {
                Result r = fused(plan.aggregates(), conditions);
                return orderAndLimit(r, plan.orderBy(), plan.descending(), plan.limit());
            }
        }
        Selection sel = plan.where() == null ? null : where.filter(plan.where());
        Result r;
        if (!plan.aggregates().isEmpty() && plan.groupBy().isEmpty()) {
            r = aggregate(plan.aggregates(), sel);
        } else if (!plan.aggregates().isEmpty()) {
            r = new GroupBy(snap, plan.groupBy(), plan.aggregates()).run(sel);
        } else {
            boolean early = plan.orderBy() == null;
            r = project(plan.select(), sel, early ? plan.limit() : -1);
        }
        return orderAndLimit(r, plan.orderBy(), plan.descending(), plan.limit());
    }

    // ---------------------------------------------------------------- aggregates

    /**
     * Aggregates without group-by over a conjunction, in one fused kernel call
     * ({@link Kernels#filterAggregate}): each column is read once, no bitmap is built. MEAN is a
     * SUM and a COUNT.
     */
    private Result fused(List<Aggregate> aggs, List<Condition> where) {
        List<Aggregation> calls = new ArrayList<>();
        int[] at = new int[aggs.size()];
        int count = -1;
        for (int i = 0; i < at.length; i++) {
            Aggregate a = aggs.get(i);
            if (a.fn == Aggregate.Fn.COUNT || a.fn == Aggregate.Fn.MEAN) {
                if (count < 0) {
                    count = calls.size();
                    calls.add(Aggregation.count());
                }
                if (a.fn == Aggregate.Fn.COUNT) {
                    at[i] = count;
                    continue;
                }
            }
            ColumnView v = snap.column(a.column);
            requireNumeric(v, a);
            at[i] = calls.size();
            switch (a.fn) {
                case VWAP:
                    ColumnView vol = snap.column(a.second);
                    requireNumeric(vol, a);
                    calls.add(Aggregation.vwap(ColumnMemory.of(v), ColumnMemory.of(vol)));
                    break;
                case MIN:
                    calls.add(Aggregation.min(ColumnMemory.of(v)));
                    break;
                case MAX:
                    calls.add(Aggregation.max(ColumnMemory.of(v)));
                    break;
                default:
                    calls.add(Aggregation.sum(ColumnMemory.of(v)));
            }
        }
        List<Object> got = kernels.filterAggregate(snap.rows(), where, calls);
        long n = count < 0 ? -1 : (Long) got.get(count);
        List<String> names = new ArrayList<>();
        List<Object[]> cols = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            Aggregate a = aggs.get(i);
            Object value = got.get(at[i]);
            if (a.fn == Aggregate.Fn.MEAN) {
                // As the bitmap path: the (wrapped) sum as a double, divided by the count.
                value = n == 0 ? null : ((Number) value).doubleValue() / n;
            }
            names.add(a.name());
            cols.add(new Object[] {value});
        }
        return new Result(names, cols);
    }

    private Result aggregate(List<Aggregate> aggs, Selection sel) {
        long count = sel == null ? snap.rows() : sel.count();
        List<String> names = new ArrayList<>();
        List<Object[]> cols = new ArrayList<>();
        for (Aggregate a : aggs) {
            names.add(a.name());
            cols.add(new Object[] {aggregate(a, sel, count)});
        }
        return new Result(names, cols);
    }

    private Object aggregate(Aggregate a, Selection sel, long count) {
        if (a.fn == Aggregate.Fn.COUNT) {
            return count;
        }
        ColumnView v = snap.column(a.column);
        if (a.fn == Aggregate.Fn.VWAP) {
            ColumnView vol = snap.column(a.second);
            requireNumeric(v, a);
            requireNumeric(vol, a);
            return count == 0 ? null : kernels.vwap(ColumnMemory.of(v), ColumnMemory.of(vol), sel);
        }
        requireNumeric(v, a);
        boolean f64 = v.type() == ColumnType.F64;
        switch (a.fn) {
            case SUM:
                return f64
                        ? (Object) kernels.sumDouble(ColumnMemory.of(v), sel)
                        : (Object) kernels.sumLong(ColumnMemory.of(v), sel);
            case MEAN:
                if (count == 0) {
                    return null;
                }
                return (f64
                                ? kernels.sumDouble(ColumnMemory.of(v), sel)
                                : (double) kernels.sumLong(ColumnMemory.of(v), sel))
                        / count;
            case MIN:
                if (count == 0) {
                    return null;
                }
                return f64
                        ? (Object) kernels.minDouble(ColumnMemory.of(v), sel)
                        : (Object) kernels.minLong(ColumnMemory.of(v), sel);
            default:
                if (count == 0) {
                    return null;
                }
                return f64
                        ? (Object) kernels.maxDouble(ColumnMemory.of(v), sel)
                        : (Object) kernels.maxLong(ColumnMemory.of(v), sel);
        }
    }

    private void requireNumeric(ColumnView v, Aggregate a) {
        if (v.type() == ColumnType.STR) {
            throw new ZdbcException(a.name() + ": column '" + v.name() + "' of table '" + snap.table() + "' is str; "
                    + a.fn.name().toLowerCase() + " needs i64 or f64");
        }
    }

    // ---------------------------------------------------------------- projection

    private Result project(List<String> select, Selection sel, long limit) {
        List<ColumnView> views = new ArrayList<>();
        if (select.isEmpty()) {
            views.addAll(snap.columns());
        } else {
            for (String c : select) {
                views.add(snap.column(c));
            }
        }
        long n = sel == null ? snap.rows() : sel.count();
        if (limit >= 0) {
            n = Math.min(n, limit);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new ZdbcException("the query selects " + n + " rows, too many for one result; add a limit");
        }
        List<Object[]> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ColumnView v : views) {
            cols.add(new Object[(int) n]);
            names.add(v.name());
        }
        long row = sel == null ? 0 : sel.next(0);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < views.size(); c++) {
                cols.get(c)[i] = value(views.get(c), row);
            }
            row = sel == null ? row + 1 : sel.next(row + 1);
        }
        return new Result(names, cols);
    }

    static Object value(ColumnView v, long row) {
        switch (v.type()) {
            case I64:
                return v.getLong(row);
            case F64:
                return v.getDouble(row);
            default:
                return v.getString(row);
        }
    }

    // ---------------------------------------------------------------- order and limit

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Result orderAndLimit(Result r, String orderBy, boolean desc, long limit) {
        if (orderBy == null && (limit < 0 || limit >= r.rows())) {
            return r;
        }
        Integer[] idx = new Integer[r.rows()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (orderBy != null) {
            int c = r.names().indexOf(orderBy);
            if (c < 0) {
                throw new ZdbcException(r.missing(orderBy));
            }
            Object[] keys = r.column(c);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] instanceof String) {
                    // str orders as its 8 stored bytes, unsigned (as filters and GROUP BY compare it),
                    // not in Java's UTF-16 order: the packed bytes, big-endian.
                    keys[i] = Long.reverseBytes(Str8.pack((String) keys[i])) ^ Long.MIN_VALUE;
                }
            }
            // Nulls last; NaN after numbers (Double.compare), either direction.
            Comparator<Integer> cmp = (a, b) -> {
                Object x = keys[a];
                Object y = keys[b];
                if (x == null || y == null) {
                    return x == null ? (y == null ? 0 : 1) : -1;
                }
                int k = ((Comparable) x).compareTo(y);
                return desc ? -k : k;
            };
            Arrays.sort(idx, cmp);
        }
        int n = limit < 0 ? idx.length : (int) Math.min(limit, idx.length);
        List<Object[]> cols = new ArrayList<>();
        for (int c = 0; c < r.width(); c++) {
            Object[] col = new Object[n];
            for (int i = 0; i < n; i++) {
                col[i] = r.get(idx[i], c);
            }
            cols.add(col);
        }
        return new Result(r.names(), cols);
    }
}
