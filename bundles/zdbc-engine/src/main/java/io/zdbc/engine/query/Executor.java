package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.Predicate;
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

    Executor(Kernels kernels, TableSnapshot snap) {
        this.kernels = kernels;
        this.snap = snap;
    }

    Result run(Plan plan) {
        if (plan.where() != null
                && !plan.aggregates().isEmpty()
                && plan.groupBy().isEmpty()) {
            List<Condition> conditions = new ArrayList<>();
            if (conjunction(plan.where(), conditions)) {
                Result r = fused(plan.aggregates(), conditions);
                return orderAndLimit(r, plan.orderBy(), plan.descending(), plan.limit());
            }
        }
        Selection sel = plan.where() == null ? null : filter(plan.where());
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

    // ---------------------------------------------------------------- filters

    Selection filter(Predicate p) {
        if (p instanceof Predicate.And) {
            return filter(((Predicate.And) p).left()).and(filter(((Predicate.And) p).right()));
        }
        if (p instanceof Predicate.Or) {
            return filter(((Predicate.Or) p).left()).or(filter(((Predicate.Or) p).right()));
        }
        if (p instanceof Predicate.Not) {
            return filter(((Predicate.Not) p).inner()).not();
        }
        Object c = leaf(p);
        if (c instanceof Boolean) {
            return (Boolean) c ? Selection.all(snap.rows()) : Selection.none(snap.rows());
        }
        return kernels.select((Condition) c);
    }

    /**
     * A comparison, BETWEEN or IN as a kernel {@link Condition}, or {@code Boolean} when it holds
     * for every row ({@code TRUE}) or none ({@code FALSE}) whatever the data.
     */
    private Object leaf(Predicate p) {
        if (p instanceof Predicate.Compare) {
            Predicate.Compare c = (Predicate.Compare) p;
            return compare(c.column(), c.op(), c.value());
        }
        if (p instanceof Predicate.Between) {
            Predicate.Between b = (Predicate.Between) p;
            ColumnView v = snap.column(b.column());
            switch (v.type()) {
                case F64:
                    return Condition.betweenDouble(
                            mem(v),
                            number(v, b.low()).doubleValue(),
                            number(v, b.high()).doubleValue());
                case I64:
                    // i64 between non-integral bounds: the integers inside them.
                    Long low = lowBound(number(v, b.low()));
                    Long high = highBound(number(v, b.high()));
                    return low == null || high == null ? Boolean.FALSE : Condition.betweenLong(mem(v), low, high);
                default:
                    return Condition.betweenLong(mem(v), packed(v, b.low()), packed(v, b.high()));
            }
        }
        Predicate.In in = (Predicate.In) p;
        ColumnView v = snap.column(in.column());
        if (v.type() == ColumnType.F64) {
            double[] ds = in.values().stream()
                    .mapToDouble(x -> number(v, x).doubleValue())
                    .toArray();
            return Condition.inDoubles(mem(v), ds);
        }
        long[] ls = in.values().stream()
                .filter(x -> v.type() == ColumnType.STR || isIntegral(number(v, x)))
                .mapToLong(x ->
                        v.type() == ColumnType.STR ? packed(v, x) : number(v, x).longValue())
                .toArray();
        return Condition.inLongs(mem(v), ls);
    }

    private Object compare(String column, CompareOp op, Object value) {
        ColumnView v = snap.column(column);
        switch (v.type()) {
            case F64:
                return Condition.compareDouble(mem(v), op, number(v, value).doubleValue());
            case STR:
                return Condition.compareLong(mem(v), op, packed(v, value));
            default:
                Number n = number(v, value);
                if (isIntegral(n)) {
                    return Condition.compareLong(mem(v), op, n.longValue());
                }
                double d = n.doubleValue();
                if (d != d) {
                    return op == CompareOp.NE; // NaN: no i64 is equal, less or greater
                }
                if (d >= I64_END || d < I64_MIN) {
                    // Beyond the i64 range every value is on one side of it.
                    boolean above = d >= I64_END;
                    return op == CompareOp.NE
                            || (above
                                    ? op == CompareOp.LT || op == CompareOp.LE
                                    : op == CompareOp.GT || op == CompareOp.GE);
                }
                // An i64 against a non-integral constant: move the bound to the integers around it.
                switch (op) {
                    case EQ:
                        return Boolean.FALSE;
                    case NE:
                        return Boolean.TRUE;
                    case LT:
                    case LE:
                        return Condition.compareLong(mem(v), CompareOp.LE, floor(n));
                    default:
                        return Condition.compareLong(mem(v), CompareOp.GE, (long) Math.ceil(d));
                }
        }
    }

    /**
     * Adds the conditions of an AND of comparisons, BETWEENs and INs to {@code out}; false (and
     * {@code out} is to be ignored) when the predicate has another shape (OR, NOT) or a leaf that
     * holds for no row, which the bitmap path answers.
     */
    private boolean conjunction(Predicate p, List<Condition> out) {
        if (p instanceof Predicate.And) {
            return conjunction(((Predicate.And) p).left(), out) && conjunction(((Predicate.And) p).right(), out);
        }
        if (!(p instanceof Predicate.Compare || p instanceof Predicate.Between || p instanceof Predicate.In)) {
            return false;
        }
        Object c = leaf(p);
        if (c instanceof Boolean) {
            return (Boolean) c;
        }
        out.add((Condition) c);
        return true;
    }

    /** The i64 range as doubles, [-2^63, 2^63): every integral double inside converts to a long exactly. */
    private static final double I64_MIN = -0x1p63;

    private static final double I64_END = 0x1p63;

    /** A Long, or a double that is an i64 value exactly. */
    private static boolean isIntegral(Number n) {
        double d = n.doubleValue();
        return n instanceof Long || d == Math.rint(d) && d >= I64_MIN && d < I64_END;
    }

    /** A non-integral double inside the i64 range, rounded down. */
    private static long floor(Number n) {
        return n instanceof Long ? n.longValue() : (long) Math.floor(n.doubleValue());
    }

    /** The least i64 at or above {@code n}; null if there is none (NaN, or above the range). */
    private static Long lowBound(Number n) {
        double d = n.doubleValue();
        if (n instanceof Long) {
            return n.longValue();
        }
        return d != d || d >= I64_END ? null : d < I64_MIN ? Long.MIN_VALUE : (long) Math.ceil(d);
    }

    /** The greatest i64 at or below {@code n}; null if there is none (NaN, or below the range). */
    private static Long highBound(Number n) {
        double d = n.doubleValue();
        if (n instanceof Long) {
            return n.longValue();
        }
        return d != d || d < I64_MIN ? null : d >= I64_END ? Long.MAX_VALUE : (long) Math.floor(d);
    }

    private Number number(ColumnView v, Object value) {
        if (value instanceof Number) {
            return (Number) value;
        }
        throw new ZdbcException("column '" + v.name() + "' of table '" + snap.table() + "' is "
                + v.type().label() + "; compare it with a number, not '" + value + "'");
    }

    private long packed(ColumnView v, Object value) {
        if (!(value instanceof String)) {
            throw new ZdbcException("column '" + v.name() + "' of table '" + snap.table()
                    + "' is str; compare it with a string, not " + value);
        }
        return Str8.pack((String) value);
    }

    static ColumnMemory mem(ColumnView v) {
        return ColumnMemory.of(v);
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
                    calls.add(Aggregation.vwap(mem(v), mem(vol)));
                    break;
                case MIN:
                    calls.add(Aggregation.min(mem(v)));
                    break;
                case MAX:
                    calls.add(Aggregation.max(mem(v)));
                    break;
                default:
                    calls.add(Aggregation.sum(mem(v)));
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
            return count == 0 ? null : kernels.vwap(mem(v), mem(vol), sel);
        }
        requireNumeric(v, a);
        boolean f64 = v.type() == ColumnType.F64;
        switch (a.fn) {
            case SUM:
                return f64 ? (Object) kernels.sumDouble(mem(v), sel) : (Object) kernels.sumLong(mem(v), sel);
            case MEAN:
                if (count == 0) {
                    return null;
                }
                return (f64 ? kernels.sumDouble(mem(v), sel) : (double) kernels.sumLong(mem(v), sel)) / count;
            case MIN:
                if (count == 0) {
                    return null;
                }
                return f64 ? (Object) kernels.minDouble(mem(v), sel) : (Object) kernels.minLong(mem(v), sel);
            default:
                if (count == 0) {
                    return null;
                }
                return f64 ? (Object) kernels.maxDouble(mem(v), sel) : (Object) kernels.maxLong(mem(v), sel);
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
