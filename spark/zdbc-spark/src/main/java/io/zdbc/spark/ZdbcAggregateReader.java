package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.spark.AggregateSpec.Fn;
import io.zdbc.spark.AggregateSpec.Func;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's partial aggregates, by Spark's rules (NaN is the largest double; an aggregate of
 * no rows is null, a count 0): without group keys one row computed by the kernels over the
 * partition's range, COUNT(*) from the range alone; with group keys one row per group.
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
            Selection sel = null;
            if (part.filter() != null) {
                sel = part.filter().select(k, memory, len);
                ScanCounters.filtered(len);
            }
            List<InternalRow> out = spec.groupBy.isEmpty()
                    ? List.of(total(spec, k, memory, sel, len))
                    : groups(spec, s, part.start(), sel, len);
            ScanCounters.returned(out.size());
            rows = out.iterator();
        }
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

    /** A group's key: the raw 8 bytes of each key column. */
    private record Key(long[] raw) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(raw, ((Key) o).raw);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(raw);
        }
    }

    /** One group's partial results: per function a long or a double slot. */
    private static final class Acc {
        final long[] longs;
        final double[] doubles;

        Acc(int n) {
            longs = new long[n];
            doubles = new double[n];
        }
    }

    private static List<InternalRow> groups(AggregateSpec spec, TableSnapshot s, long start, Selection sel, long len) {
        int nk = spec.groupBy.size();
        int nf = spec.funcs.size();
        ColumnView[] keys = new ColumnView[nk];
        for (int i = 0; i < nk; i++) {
            keys[i] = s.column(spec.groupBy.get(i));
        }
        ColumnView[] cols = new ColumnView[nf];
        Fn[] fns = new Fn[nf];
        boolean[] f64 = new boolean[nf];
        for (int i = 0; i < nf; i++) {
            Func f = spec.funcs.get(i);
            cols[i] = f.column() == null ? null : s.column(f.column());
            fns[i] = f.fn();
            f64[i] = f.type() == ColumnType.F64;
        }
        Map<Object, Acc> groups = new LinkedHashMap<>();
        for (long r = sel == null ? 0 : sel.next(0); r >= 0 && r < len; r = sel == null ? r + 1 : sel.next(r + 1)) {
            long row = start + r;
            Object key;
            if (nk == 1) {
                key = keys[0].getRaw(row);
            } else {
                long[] raw = new long[nk];
                for (int i = 0; i < nk; i++) {
                    raw[i] = keys[i].getRaw(row);
                }
                key = new Key(raw);
            }
            Acc acc = groups.get(key);
            boolean first = acc == null;
            if (first) {
                acc = new Acc(nf);
                groups.put(key, acc);
            }
            for (int i = 0; i < nf; i++) {
                if (fns[i] == Fn.COUNT_ALL || fns[i] == Fn.COUNT) {
                    acc.longs[i]++;
                } else if (!f64[i]) {
                    long v = cols[i].getRaw(row);
                    long a = acc.longs[i];
                    acc.longs[i] =
                            first ? v : fns[i] == Fn.SUM ? a + v : fns[i] == Fn.MIN ? Math.min(a, v) : Math.max(a, v);
                } else {
                    double v = Double.longBitsToDouble(cols[i].getRaw(row));
                    acc.doubles[i] = first ? v : step(fns[i], acc.doubles[i], v);
                }
            }
        }
        List<InternalRow> out = new ArrayList<>(groups.size());
        for (Map.Entry<Object, Acc> g : groups.entrySet()) {
            Object[] values = new Object[nk + nf];
            for (int i = 0; i < nk; i++) {
                long raw = nk == 1 ? (Long) g.getKey() : ((Key) g.getKey()).raw()[i];
                values[i] = spec.groupTypes.get(i) == ColumnType.I64 ? (Object) raw : utf8(raw);
            }
            Acc acc = g.getValue();
            for (int i = 0; i < nf; i++) {
                boolean count = fns[i] == Fn.COUNT_ALL || fns[i] == Fn.COUNT;
                values[nk + i] = f64[i] && !count ? (Object) acc.doubles[i] : (Object) acc.longs[i];
            }
            out.add(new GenericInternalRow(values));
        }
        return out;
    }

    /** Spark's rules: NaN is the largest double, so MIN skips it unless every value is NaN. */
    private static double step(Fn fn, double a, double v) {
        switch (fn) {
            case SUM:
                return a + v;
            case MIN:
                return !Double.isNaN(v) && (Double.isNaN(a) || v < a) ? v : a;
            default:
                return Double.isNaN(a) || Double.isNaN(v) ? Double.NaN : Math.max(a, v);
        }
    }

    private static UTF8String utf8(long packed) {
        byte[] b = new byte[Str8.WIDTH];
        Str8.unpack(packed, b, 0);
        return UTF8String.fromBytes(b, 0, Str8.length(packed));
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
