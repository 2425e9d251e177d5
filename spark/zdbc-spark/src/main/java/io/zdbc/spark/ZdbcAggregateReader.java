package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.CompareOp;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
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
    /** A complete aggregate gives each thread at least this many rows (tests lower it to split small tables). */
    static volatile long rowsPerThread = 1L << 20;

    private final Iterator<InternalRow> rows;
    private InternalRow current;

    ZdbcAggregateReader(ZdbcPartition part) {
        AggregateSpec spec = part.aggregate();
        try (TableSnapshot s = PinnedVersion.open(part)) {
            ScanCounters.partition(s.columns().size());
            long len = part.end() - part.start();
            Kernels k = KernelsHolder.get();
            Map<String, ColumnMemory> memory = memory(s, part.start(), len);
            if (part.filter() != null) {
                ScanCounters.filtered(len);
            }
            // a complete aggregate is this scan's only task: its rows are split over the JVM's cores
            int parts = spec.complete
                    ? (int) Math.max(1, Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, len / rowsPerThread))
                    : 1;
            long step = Math.max(1, (len + parts - 1) / parts);
            List<InternalRow> out;
            if (spec.groupBy.isEmpty() && fusable(spec) && conjunction(part.filter(), memory) != null) {
                List<List<Object>> partials = IntStream.range(0, parts)
                        .parallel()
                        .mapToObj(i -> {
                            long from = Math.min(len, i * step);
                            long n = Math.min(step, len - from);
                            Map<String, ColumnMemory> m = memory(s, part.start() + from, n);
                            return k.filterAggregate(n, conjunction(part.filter(), m), aggregations(spec, m));
                        })
                        .toList();
                out = List.of(finish(spec, merge(spec, partials)));
            } else {
                Selection sel = part.filter() == null ? null : part.filter().select(k, memory, len);
                if (spec.groupBy.isEmpty()) {
                    out = List.of(total(spec, k, memory, sel, len));
                } else {
                    out = IntStream.range(0, parts)
                            .parallel()
                            .mapToObj(i -> new GroupAggregator(spec, memory)
                                    .run(sel, Math.min(len, i * step), Math.min(len, (i + 1) * step)))
                            .reduce(GroupAggregator::merge)
                            .orElseThrow()
                            .rows();
                }
            }
            ScanCounters.returned(out.size());
            rows = out.iterator();
        }
    }

    /**
     * The filter as conditions that all hold (none for no filter), or null if it is not such an
     * AND; an i64 column's lower and upper bounds become one between (one pass, not two).
     */
    private static List<Condition> conjunction(PushedFilter f, Map<String, ColumnMemory> memory) {
        List<PushedFilter.Leaf> leaves = new ArrayList<>();
        if (f != null && !leaves(f, leaves)) {
            return null;
        }
        Map<String, long[]> ranges = new LinkedHashMap<>();
        List<Condition> out = new ArrayList<>();
        for (PushedFilter.Leaf l : leaves) {
            ColumnMemory c = memory.get(l.column);
            boolean range = l.type == ColumnType.I64 && l.op != null && l.op != CompareOp.EQ && l.op != CompareOp.NE;
            long v = range ? l.longs[0] : 0;
            if (range && (l.op == CompareOp.GT && v == Long.MAX_VALUE || l.op == CompareOp.LT && v == Long.MIN_VALUE)) {
                out.add(Condition.compareLong(c, l.op, v)); // no bound to tighten: the kernels say no row
            } else if (range) {
                long[] r = ranges.computeIfAbsent(l.column, x -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
                switch (l.op) {
                    case GT -> r[0] = Math.max(r[0], v + 1);
                    case GE -> r[0] = Math.max(r[0], v);
                    case LT -> r[1] = Math.min(r[1], v - 1);
                    default -> r[1] = Math.min(r[1], v);
                }
            } else {
                out.add(l.op == null ? Condition.inLongs(c, l.longs) : Condition.compareLong(c, l.op, l.longs[0]));
            }
        }
        for (Map.Entry<String, long[]> r : ranges.entrySet()) {
            out.add(Condition.betweenLong(memory.get(r.getKey()), r.getValue()[0], r.getValue()[1]));
        }
        return out;
    }

    private static boolean leaves(PushedFilter f, List<PushedFilter.Leaf> out) {
        if (f instanceof PushedFilter.Junction && ((PushedFilter.Junction) f).and) {
            PushedFilter.Junction j = (PushedFilter.Junction) f;
            return leaves(j.left, out) && leaves(j.right, out);
        }
        if (!(f instanceof PushedFilter.Leaf) || ((PushedFilter.Leaf) f).type == ColumnType.F64) {
            return false; // f64 leaves keep NaN rows, which a condition does not
        }
        out.add((PushedFilter.Leaf) f);
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

    private static Map<String, ColumnMemory> memory(TableSnapshot s, long from, long rows) {
        Map<String, ColumnMemory> memory = new HashMap<>();
        for (ColumnView v : s.columns()) {
            memory.put(v.name(), new RangeMemory(v, from, rows));
        }
        return memory;
    }

    /** The kernels' aggregates: the selected rows' count, then one per function. */
    private static List<Aggregation> aggregations(AggregateSpec spec, Map<String, ColumnMemory> memory) {
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
        return aggs;
    }

    /** The kernels' answers of several row ranges as one: the kernels' min skips NaN, as Spark's does. */
    private static Object[] merge(AggregateSpec spec, List<List<Object>> partials) {
        Object[] acc = partials.get(0).toArray();
        for (List<Object> p : partials.subList(1, partials.size())) {
            acc[0] = (Long) acc[0] + (Long) p.get(0);
            for (int i = 1; i < acc.length; i++) {
                Object a = acc[i];
                Object v = p.get(i);
                Fn fn = spec.funcs.get(i - 1).fn();
                if (a == null || v == null) {
                    acc[i] = a == null ? v : a;
                } else if (a instanceof Long) {
                    long x = (Long) a;
                    long y = (Long) v;
                    acc[i] = fn == Fn.MIN ? Math.min(x, y) : fn == Fn.MAX ? Math.max(x, y) : x + y;
                } else {
                    double x = (Double) a;
                    double y = (Double) v;
                    acc[i] = fn != Fn.MIN ? x + y : Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.min(x, y);
                }
            }
        }
        return acc;
    }

    private static InternalRow finish(AggregateSpec spec, Object[] r) {
        long count = (Long) r[0];
        Object[] values = new Object[spec.funcs.size()];
        for (int i = 0; i < values.length; i++) {
            Fn fn = spec.funcs.get(i).fn();
            Object v = r[i + 1];
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
