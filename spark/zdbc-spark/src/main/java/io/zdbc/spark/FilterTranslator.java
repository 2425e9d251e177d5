package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.api.query.CompareOp;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns Spark's V2 predicates into {@link PushedFilter}s: comparisons of a column with a literal,
 * IN, and AND/OR/NOT of those (BETWEEN reaches a source as {@code >= AND <=}). Returns null for
 * anything zdbc cannot evaluate exactly or as a superset: Spark then filters those rows itself.
 */
final class FilterTranslator {
    private final Map<String, ColumnType> types;

    FilterTranslator(Map<String, ColumnType> types) {
        this.types = types;
    }

    PushedFilter translate(Predicate p) {
        Expression[] ch = p.children();
        switch (p.name()) {
            case "AND": {
                PushedFilter l = translate((Predicate) ch[0]);
                PushedFilter r = translate((Predicate) ch[1]);
                return l == null || r == null ? null : new PushedFilter.Junction(l, r, true);
            }
            case "OR": {
                PushedFilter l = translate((Predicate) ch[0]);
                PushedFilter r = translate((Predicate) ch[1]);
                return l == null || r == null ? null : new PushedFilter.Junction(l, r, false);
            }
            case "NOT": {
                PushedFilter i = translate((Predicate) ch[0]);
                return i == null || !i.exact() ? null : new PushedFilter.Not(i);
            }
            case "IN":
                return in(ch);
            case "=":
                return compare(ch, CompareOp.EQ);
            case "<>":
                return compare(ch, CompareOp.NE);
            case "<":
                return compare(ch, CompareOp.LT);
            case "<=":
                return compare(ch, CompareOp.LE);
            case ">":
                return compare(ch, CompareOp.GT);
            case ">=":
                return compare(ch, CompareOp.GE);
            default:
                return null;
        }
    }

    private PushedFilter compare(Expression[] ch, CompareOp op) {
        if (ch.length != 2) {
            return null;
        }
        if (ch[0] instanceof Literal && ch[1] instanceof NamedReference) {
            return compare(new Expression[] {ch[1], ch[0]}, op.flip());
        }
        String column = column(ch[0]);
        if (column == null || !(ch[1] instanceof Literal)) {
            return null;
        }
        ColumnType type = types.get(column);
        Object v = ((Literal<?>) ch[1]).value();
        switch (type) {
            case I64: {
                Long l = asLong(v);
                return l == null ? null : new PushedFilter.Leaf(column, type, op, new long[] {l}, null);
            }
            case F64: {
                Double d = asDouble(v);
                return d == null || d.isNaN() ? null : new PushedFilter.Leaf(column, type, op, null, new double[] {d});
            }
            default: {
                // zdbc orders padded bytes, Spark unpadded ones: only equality agrees.
                Long s = asPackedString(v);
                if (s == null || (op != CompareOp.EQ && op != CompareOp.NE)) {
                    return null;
                }
                return new PushedFilter.Leaf(column, type, op, new long[] {s}, null);
            }
        }
    }

    private PushedFilter in(Expression[] ch) {
        String column = ch.length < 2 ? null : column(ch[0]);
        if (column == null) {
            return null;
        }
        ColumnType type = types.get(column);
        int n = ch.length - 1;
        long[] longs = new long[n];
        double[] doubles = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(ch[i + 1] instanceof Literal)) {
                return null;
            }
            Object v = ((Literal<?>) ch[i + 1]).value();
            if (type == ColumnType.F64) {
                Double d = asDouble(v);
                if (d == null || d.isNaN()) {
                    return null;
                }
                doubles[i] = d;
            } else {
                Long l = type == ColumnType.I64 ? asLong(v) : asPackedString(v);
                if (l == null) {
                    return null;
                }
                longs[i] = l;
            }
        }
        return type == ColumnType.F64
                ? new PushedFilter.Leaf(column, type, null, null, doubles)
                : new PushedFilter.Leaf(column, type, null, longs, null);
    }

    private String column(Expression e) {
        if (!(e instanceof NamedReference)) {
            return null;
        }
        String[] names = ((NamedReference) e).fieldNames();
        return names.length == 1 && types.containsKey(names[0]) ? names[0] : null;
    }

    private static Long asLong(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        return null;
    }

    private static Double asDouble(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        return null;
    }

    private static Long asPackedString(Object v) {
        if (!(v instanceof UTF8String)) {
            return null;
        }
        String s = v.toString();
        return PushedFilter.storableString(s) ? Str8.pack(s) : null;
    }
}
