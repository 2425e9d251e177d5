package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Avg;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An aggregation Spark pushed down: the group keys (i64 or str columns) and COUNT, SUM, MIN, MAX
 * and (of f64 columns) AVG. Computed per partition as partial results Spark merges (it splits AVG
 * into SUM and COUNT itself then), or completely by one task ({@link #complete}).
 */
final class AggregateSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Fn {
        COUNT_ALL,
        COUNT,
        SUM,
        MIN,
        MAX,
        AVG
    }

    record Func(Fn fn, String column, ColumnType type) implements Serializable {
        @Override
        public String toString() {
            return fn == Fn.COUNT_ALL ? "COUNT(*)" : fn.name() + "(" + column + ")";
        }
    }

    final List<String> groupBy;
    final List<ColumnType> groupTypes;
    final List<Func> funcs;
    /** One task computes the whole answer: Spark neither merges partitions nor aggregates again. */
    final boolean complete;

    private AggregateSpec(List<String> groupBy, List<ColumnType> groupTypes, List<Func> funcs, boolean complete) {
        this.groupBy = groupBy;
        this.groupTypes = groupTypes;
        this.funcs = funcs;
        this.complete = complete;
    }

    /** This aggregation computed completely by one task. */
    AggregateSpec completed() {
        return new AggregateSpec(groupBy, groupTypes, funcs, true);
    }

    /** The spec, or null if zdbc cannot compute this aggregation exactly as Spark would. */
    static AggregateSpec of(Aggregation a, Map<String, ColumnType> types) {
        List<String> keys = new ArrayList<>();
        List<ColumnType> keyTypes = new ArrayList<>();
        for (Expression e : a.groupByExpressions()) {
            String c = column(e, types);
            if (c == null || types.get(c) == ColumnType.F64) {
                return null; // zdbc groups by i64 and str only
            }
            keys.add(c);
            keyTypes.add(types.get(c));
        }
        List<Func> funcs = new ArrayList<>();
        for (AggregateFunc f : a.aggregateExpressions()) {
            Func fn = func(f, types);
            if (fn == null) {
                return null;
            }
            funcs.add(fn);
        }
        return new AggregateSpec(List.copyOf(keys), List.copyOf(keyTypes), List.copyOf(funcs), false);
    }

    private static Func func(AggregateFunc f, Map<String, ColumnType> types) {
        if (f instanceof CountStar) {
            return new Func(Fn.COUNT_ALL, null, null);
        }
        if (f instanceof Count && !((Count) f).isDistinct()) {
            String c = column(((Count) f).column(), types);
            return c == null ? null : new Func(Fn.COUNT, c, types.get(c));
        }
        if (f instanceof Sum && !((Sum) f).isDistinct()) {
            String c = column(((Sum) f).column(), types);
            return c == null || types.get(c) == ColumnType.STR ? null : new Func(Fn.SUM, c, types.get(c));
        }
        if (f instanceof Avg && !((Avg) f).isDistinct()) {
            // of i64 Spark sums doubles, which zdbc's exact i64 sum would not match
            String c = column(((Avg) f).column(), types);
            return c == null || types.get(c) != ColumnType.F64 ? null : new Func(Fn.AVG, c, ColumnType.F64);
        }
        boolean min = f instanceof Min;
        if (min || f instanceof Max) {
            String c = column(min ? ((Min) f).column() : ((Max) f).column(), types);
            // str orders by padded bytes in zdbc, unpadded in Spark
            return c == null || types.get(c) == ColumnType.STR
                    ? null
                    : new Func(min ? Fn.MIN : Fn.MAX, c, types.get(c));
        }
        return null;
    }

    private static String column(Expression e, Map<String, ColumnType> types) {
        if (!(e instanceof NamedReference)) {
            return null;
        }
        String[] n = ((NamedReference) e).fieldNames();
        return n.length == 1 && types.containsKey(n[0]) ? n[0] : null;
    }

    /** The columns the aggregation reads. */
    List<String> columns() {
        List<String> cols = new ArrayList<>(groupBy);
        for (Func f : funcs) {
            if (f.column() != null && !cols.contains(f.column())) {
                cols.add(f.column());
            }
        }
        return cols;
    }

    /** Group keys, then one partial result per function, as Spark expects the scan's rows. */
    StructType schema() {
        StructType s = new StructType();
        for (int i = 0; i < groupBy.size(); i++) {
            s = s.add(groupBy.get(i), Schemas.toSpark(groupTypes.get(i)), false);
        }
        for (int i = 0; i < funcs.size(); i++) {
            Func f = funcs.get(i);
            DataType t = f.fn() == Fn.COUNT_ALL || f.fn() == Fn.COUNT ? DataTypes.LongType : Schemas.toSpark(f.type());
            s = s.add("agg" + i + "_" + f.fn().name().toLowerCase(Locale.ROOT), t, true);
        }
        return s;
    }

    @Override
    public String toString() {
        return "PushedAggregates: " + funcs + ", PushedGroupBy: " + groupBy + (complete ? " (complete, one task)" : "");
    }
}
