package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spark.AggregateSpec.Fn;
import io.zdbc.spark.AggregateSpec.Func;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * One partition's aggregates (partial ones Spark merges, or the whole answer), by Spark's rules
 * (NaN is the largest double; an aggregate of no rows is null, a count 0): without group keys one
 * row, computed by the kernels' fused filter+aggregate where it can be; with group keys one row per
 * group ({@link GroupAggregator}).
 */
final class ZdbcAggregateReader implements PartitionReader<InternalRow> {
    private final Iterator<InternalRow> rows;
    private InternalRow current;

    ZdbcAggregateReader(ZdbcPartition part) {
        AggregateSpec spec = part.aggregate();
        try (TableSnapshot s = PinnedVersion.open(part)) {
            ScanCounters.partition(s.columns().size());
            long len = part.end() - part.start();
            Kernels k = KernelsHolder.get();
            Map<String, ColumnMemory> memory = new HashMap<>();
            for (ColumnView v : s.columns()) {
                memory.put(v.name(), new RangeMemory(v, part.start(), len));
            }
            if (part.filter() != null) {
                ScanCounters.filtered(len);
            }
            List<InternalRow> out;
            List<Condition> conditions = spec.groupBy.isEmpty() ? conjunction(part.filter(), memory) : null;
            if (conditions != null && fusable(spec)) {
                out = List.of(fused(spec, k, memory, conditions, len));
            } else {
                Selection sel = part.filter() == null ? null : part.filter().select(k, memory, len);
                out = spec.groupBy.isEmpty()
                        ? List.of(total(spec, k, memory, sel, len))
                        : new GroupAggregator(spec, memory).run(sel, len);
            }
            ScanCounters.returned(out.size());
            rows = out.iterator();
        }
    }

    /** The filter as conditions that all hold (none for no filter), or null if it is not such an AND. */
    private static List<Condition> conjunction(PushedFilter f, Map<String, ColumnMemory> memory) {
        List<Condition> out = new ArrayList<>();
        return f == null || addTo(f, memory, out) ? out : null;
    }

    private static boolean addTo(PushedFilter f, Map<String, ColumnMemory> memory, List<Condition> out) {
        if (f instanceof PushedFilter.Junction && ((PushedFilter.Junction) f).and) {
            PushedFilter.Junction j = (PushedFilter.Junction) f;
            return addTo(j.left, memory, out) && addTo(j.right, memory, out);
        }
        if (!(f instanceof PushedFilter.Leaf) || ((PushedFilter.Leaf) f).type == ColumnType.F64) {
            return false; // f64 leaves keep NaN rows, which a condition does not
        }
        PushedFilter.Leaf l = (PushedFilter.Leaf) f;
        ColumnMemory c = memory.get(l.column);
        out.add(l.op == null ? Condition.inLongs(c, l.longs) : Condition.compareLong(c, l.op, l.longs[0]));
        return true;
    }

    /** The fused kernel skips NaN in MAX, where Spark answers NaN. */
    private static boolean fusable(AggregateSpec spec) {
        for (Func f : spec.funcs) {
            if (f.fn() == Fn.MAX && f.type() == ColumnType.F64) {
                return false;
            }
        }
        return true;
    }

    private static InternalRow fused(
            AggregateSpec spec, Kernels k, Map<String, ColumnMemory> memory, List<Condition> where, long len) {
        List<Aggregation> aggs = new ArrayList<>();
        aggs.add(Aggregation.count());
        for (Func f : spec.funcs) {
            ColumnMemory c = f.column() == null ? null : memory.get(f.column());
            switch (f.fn()) {
                case SUM:
                case AVG:
                    aggs.add(Aggregation.sum(c));
                    break;
                case MIN:
                    aggs.add(Aggregation.min(c));
                    break;
                case MAX:
                    aggs.add(Aggregation.max(c));
                    break;
                default:
                    aggs.add(Aggregation.count());
            }
        }
        List<Object> r = k.filterAggregate(len, where, aggs);
        long count = (Long) r.get(0);
        Object[] values = new Object[spec.funcs.size()];
        for (int i = 0; i < values.length; i++) {
            Fn fn = spec.funcs.get(i).fn();
            Object v = r.get(i + 1);
            if (fn == Fn.COUNT_ALL || fn == Fn.COUNT) {
                values[i] = v;
            } else if (count == 0) {
                values[i] = null;
            } else {
                values[i] = fn == Fn.AVG ? (Object) ((Double) v / count) : v;
            }
        }
        return new GenericInternalRow(values);
    }

    private static InternalRow total(
            AggregateSpec spec, Kernels k, Map<String, ColumnMemory> memory, Selection sel, long len) {
        long count = sel == null ? len : sel.count();
        Object[] values = new Object[spec.funcs.size()];
        for (int i = 0; i < values.length; i++) {
            Func f = spec.funcs.get(i);
            ColumnMemory c = f.column() == null ? null : memory.get(f.column());
            boolean f64 = f.type() == ColumnType.F64;
            if (f.fn() == Fn.COUNT_ALL || f.fn() == Fn.COUNT) {
                values[i] = count;
            } else if (count == 0) {
                values[i] = null;
            } else if (f.fn() == Fn.SUM) {
                values[i] = f64 ? (Object) k.sumDouble(c, sel) : (Object) k.sumLong(c, sel);
            } else if (f.fn() == Fn.AVG) {
                values[i] = k.sumDouble(c, sel) / count;
            } else if (f.fn() == Fn.MIN) {
                values[i] = f64 ? (Object) k.minDouble(c, sel) : (Object) k.minLong(c, sel);
            } else if (!f64) {
                values[i] = k.maxLong(c, sel);
            } else {
                Selection numbers = k.betweenDouble(c, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                long numeric = sel == null ? numbers.count() : numbers.and(sel).count();
                values[i] = numeric < count ? Double.NaN : k.maxDouble(c, sel); // Spark: NaN is the largest
            }
        }
        return new GenericInternalRow(values);
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) {
            return false;
        }
        current = rows.next();
        return true;
    }

    @Override
    public InternalRow get() {
        return current;
    }

    @Override
    public void close() {
        // the snapshot was closed when the rows were computed
    }
}
