package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.CompareOp;
import io.zdbc.api.query.Predicate;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.List;

/**
 * A query's WHERE on one snapshot in the kernels' terms: a {@link Selection} of the matching rows,
 * or, for an AND of comparisons, BETWEENs and INs, the list of kernel {@link Condition}s a fused
 * call takes. Constants are checked against the column's type here, and an i64 compared with a
 * non-integral or out-of-range number is compared exactly.
 */
final class PredicateConditions {
    private final Kernels kernels;
    private final TableSnapshot snap;

    PredicateConditions(Kernels kernels, TableSnapshot snap) {
        this.kernels = kernels;
        this.snap = snap;
    }

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
    boolean conjunction(Predicate p, List<Condition> out) {
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

    private static ColumnMemory mem(ColumnView v) {
        return ColumnMemory.of(v);
    }
}
