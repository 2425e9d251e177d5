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

    /** One row per group of the selected rows of {@code [0, len)}: keys, then one value per function. */
    List<InternalRow> run(Selection sel, long len) {
        long[] rows = new long[CHUNK];
        int[] group = new int[CHUNK];
        long r = sel == null ? 0 : sel.next(0);
        while (r >= 0 && r < len) {
            int n = 0;
            while (n < CHUNK && r >= 0 && r < len) {
                rows[n++] = r;
                r = sel == null ? r + 1 : sel.next(r + 1);
            }
            for (int i = 0; i < n; i++) {
                group[i] = groupOf(rows[i]);
                counts[group[i]]++;
            }
            for (int f = 0; f < fns.length; f++) {
                accumulate(f, rows, group, n);
            }
        }
        return rowsOut();
    }

    private int groupOf(long row) {
        long h = 0;
        for (int k = 0; k < nk; k++) {
            h = (h + keys[k].raw(row)) * 0x9E3779B97F4A7C15L;
        }
        int mask = slots.length - 1;
        int s = (int) (h ^ (h >>> 29)) & mask;
        while (true) {
            int g = slots[s] - 1;
            if (g < 0) {
                return add(row, s);
            }
            if (sameKey(g, row)) {
                return g;
            }
            s = (s + 1) & mask;
        }
    }

    private boolean sameKey(int g, long row) {
        for (int k = 0; k < nk; k++) {
            if (groupKeys[g * nk + k] != keys[k].raw(row)) {
                return false;
            }
        }
        return true;
    }

    private int add(long row, int slot) {
        int g = groups++;
        if (g == counts.length) {
            grow();
        }
        for (int k = 0; k < nk; k++) {
            groupKeys[g * nk + k] = keys[k].raw(row);
        }
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
        for (int g = 0; g < groups; g++) {
            long h = 0;
            for (int k = 0; k < nk; k++) {
                h = (h + groupKeys[g * nk + k]) * 0x9E3779B97F4A7C15L;
            }
            int s = (int) (h ^ (h >>> 29)) & mask;
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
                a[g] = fn == Fn.SUM ? a[g] + v : fn == Fn.MIN ? Math.min(a[g], v) : Math.max(a[g], v);
            }
            return;
        }
        double[] a = doubles[f];
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(c.raw(rows[i]));
            int g = group[i];
            if (fn == Fn.SUM || fn == Fn.AVG) {
                a[g] += v;
            } else if (fn == Fn.MIN) {
                a[g] = !Double.isNaN(v) && (Double.isNaN(a[g]) || v < a[g]) ? v : a[g];
            } else {
                a[g] = Double.isNaN(a[g]) || Double.isNaN(v) ? Double.NaN : Math.max(a[g], v);
            }
        }
    }

    private List<InternalRow> rowsOut() {
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
