package io.zdbc.spark;

import io.zdbc.api.ColumnType;
import io.zdbc.api.Str8;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.spark.AggregateSpec.Fn;
import io.zdbc.spark.AggregateSpec.Func;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Hash aggregation of a row range on i64/str keys (compared by their raw 8 bytes), by Spark's
 * rules (NaN is the largest double). Rows go chunk by chunk: first each row's group, then one
 * tight loop per aggregate, so that no value is boxed and no function is chosen per row.
 */
final class GroupAggregator {
    private static final int CHUNK = 4096;

    private final AggregateSpec spec;
    private final RawColumn[] keys;
    private final RawColumn[] inputs;
    private final Fn[] fns;
    private final boolean[] f64;
    private final int nk;
    private int groups;
    private long[] groupKeys;
    private int[] slots; // group + 1, 0 when empty
    private long[][] longs;
    private double[][] doubles;
    private long[] counts;

    GroupAggregator(AggregateSpec spec, Map<String, ColumnMemory> memory) {
        this.spec = spec;
        nk = spec.groupBy.size();
        keys = new RawColumn[nk];
        for (int i = 0; i < nk; i++) {
            keys[i] = new RawColumn(memory.get(spec.groupBy.get(i)));
        }
        int nf = spec.funcs.size();
        inputs = new RawColumn[nf];
        fns = new Fn[nf];
        f64 = new boolean[nf];
        for (int i = 0; i < nf; i++) {
            Func f = spec.funcs.get(i);
            fns[i] = f.fn();
            f64[i] = f.type() == ColumnType.F64;
            inputs[i] = f.column() == null ? null : new RawColumn(memory.get(f.column()));
        }
        groupKeys = new long[64 * nk];
        slots = new int[256];
        longs = new long[nf][64];
        doubles = new double[nf][64];
        counts = new long[64];
    }

    /** The selected rows of {@code [from, to)} of the range, added to the groups. */
    GroupAggregator run(Selection sel, long from, long to) {
        long[] rows = new long[CHUNK];
        int[] group = new int[CHUNK];
        long[] key = new long[nk];
        long r = sel == null ? from : sel.next(from);
        while (r >= 0 && r < to) {
            int n = 0;
            while (n < CHUNK && r >= 0 && r < to) {
                rows[n++] = r;
                r = sel == null ? r + 1 : sel.next(r + 1);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nk; k++) {
                    key[k] = keys[k].raw(rows[i]);
                }
                group[i] = groupOf(key);
                counts[group[i]]++;
            }
            for (int f = 0; f < fns.length; f++) {
                accumulate(f, rows, group, n);
            }
        }
        return this;
    }

    /** Adds another range's groups to these: counts and sums add, minima and maxima combine. */
    GroupAggregator merge(GroupAggregator o) {
        long[] key = new long[nk];
        for (int h = 0; h < o.groups; h++) {
            System.arraycopy(o.groupKeys, h * nk, key, 0, nk);
            int g = groupOf(key);
            counts[g] += o.counts[h];
            for (int f = 0; f < fns.length; f++) {
                longs[f][g] = combine(fns[f], longs[f][g], o.longs[f][h]);
                doubles[f][g] = combine(fns[f], doubles[f][g], o.doubles[f][h]);
            }
        }
        return this;
    }

    private static long combine(Fn fn, long a, long v) {
        return fn == Fn.MIN ? Math.min(a, v) : fn == Fn.MAX ? Math.max(a, v) : a + v;
    }

    /** Spark's rules: NaN is the largest double, so MIN skips it unless every value is NaN. */
    private static double combine(Fn fn, double a, double v) {
        if (fn == Fn.MIN) {
            return !Double.isNaN(v) && (Double.isNaN(a) || v < a) ? v : a;
        }
        if (fn == Fn.MAX) {
            return Double.isNaN(a) || Double.isNaN(v) ? Double.NaN : Math.max(a, v);
        }
        return a + v;
    }

    private int groupOf(long[] key) {
        int mask = slots.length - 1;
        int s = slot(key) & mask;
        while (true) {
            int g = slots[s] - 1;
            if (g < 0) {
                return add(key, s);
            }
            if (sameKey(g, key)) {
                return g;
            }
            s = (s + 1) & mask;
        }
    }

    private static int slot(long[] key) {
        long h = 0;
        for (int k = 0; k < key.length; k++) {
            h = (h + key[k]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 29));
    }

    private boolean sameKey(int g, long[] key) {
        for (int k = 0; k < nk; k++) {
            if (groupKeys[g * nk + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    private int add(long[] key, int slot) {
        int g = groups++;
        if (g == counts.length) {
            grow();
        }
        System.arraycopy(key, 0, groupKeys, g * nk, nk);
        for (int f = 0; f < fns.length; f++) {
            longs[f][g] = fns[f] == Fn.MIN ? Long.MAX_VALUE : fns[f] == Fn.MAX ? Long.MIN_VALUE : 0;
            doubles[f][g] = fns[f] == Fn.MIN ? Double.NaN : fns[f] == Fn.MAX ? Double.NEGATIVE_INFINITY : 0;
        }
        slots[slot] = g + 1;
        if (groups * 2 > slots.length) {
            rehash();
        }
        return g;
    }

    private void grow() {
        int cap = counts.length * 2;
        counts = Arrays.copyOf(counts, cap);
        groupKeys = Arrays.copyOf(groupKeys, cap * nk);
        for (int f = 0; f < fns.length; f++) {
            longs[f] = Arrays.copyOf(longs[f], cap);
            doubles[f] = Arrays.copyOf(doubles[f], cap);
        }
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        long[] key = new long[nk];
        for (int g = 0; g < groups; g++) {
            System.arraycopy(groupKeys, g * nk, key, 0, nk);
            int s = slot(key) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = g + 1;
        }
    }

    private void accumulate(int f, long[] rows, int[] group, int n) {
        RawColumn c = inputs[f];
        Fn fn = fns[f];
        if (c == null || fn == Fn.COUNT) {
            return; // counts are kept per group
        }
        if (!f64[f]) {
            long[] a = longs[f];
            for (int i = 0; i < n; i++) {
                long v = c.raw(rows[i]);
                int g = group[i];
                a[g] = combine(fn, a[g], v);
            }
            return;
        }
        double[] a = doubles[f];
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(c.raw(rows[i]));
            int g = group[i];
            a[g] = combine(fn, a[g], v);
        }
    }

    /** One row per group: keys, then one value per function. */
    List<InternalRow> rows() {
        List<InternalRow> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            Object[] values = new Object[nk + fns.length];
            for (int k = 0; k < nk; k++) {
                long raw = groupKeys[g * nk + k];
                values[k] = spec.groupTypes.get(k) == ColumnType.I64 ? (Object) raw : utf8(raw);
            }
            for (int f = 0; f < fns.length; f++) {
                Object v;
                if (fns[f] == Fn.COUNT_ALL || fns[f] == Fn.COUNT) {
                    v = counts[g];
                } else if (fns[f] == Fn.AVG) {
                    v = doubles[f][g] / counts[g];
                } else {
                    v = f64[f] ? (Object) doubles[f][g] : (Object) longs[f][g];
                }
                values[nk + f] = v;
            }
            out.add(new GenericInternalRow(values));
        }
        return out;
    }

    static UTF8String utf8(long packed) {
        byte[] b = new byte[Str8.WIDTH];
        Str8.unpack(packed, b, 0);
        return UTF8String.fromBytes(b, 0, Str8.length(packed));
    }
}
