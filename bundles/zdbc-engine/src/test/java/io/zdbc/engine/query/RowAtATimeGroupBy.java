package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.spi.kernel.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group-by as zdbc ran it before it was split into chunks and parts: one row at a time,
 * every group in a {@code HashMap}. It is the reference the chunked, parallel {@link GroupBy}
 * must match.
 */
final class RowAtATimeGroupBy {
    private final TableSnapshot snap;
    private final List<ColumnView> keys = new ArrayList<>();
    private final List<Aggregate> aggs;
    private final ColumnView[] inputs;
    private final ColumnView[] volumes;

    RowAtATimeGroupBy(TableSnapshot snap, List<String> keyNames, List<Aggregate> aggs) {
        this.snap = snap;
        this.aggs = aggs;
        for (String k : keyNames) {
            ColumnView v = snap.column(k);
            if (v.type() == ColumnType.F64) {
                throw new ZdbcException("cannot group by f64 column '" + k + "' of table '" + snap.table()
                        + "'; group by i64 or str columns");
            }
            keys.add(v);
        }
        inputs = new ColumnView[aggs.size()];
        volumes = new ColumnView[aggs.size()];
        for (int i = 0; i < aggs.size(); i++) {
            Aggregate a = aggs.get(i);
            if (a.column != null) {
                inputs[i] = snap.column(a.column);
                if (inputs[i].type() == ColumnType.STR) {
                    throw new ZdbcException(a.name() + ": column '" + a.column + "' is str; it needs i64 or f64");
                }
            }
            if (a.second != null) {
                volumes[i] = snap.column(a.second);
            }
        }
    }

    /** Per group and aggregate: count, long sum, double sum, min, max, Σp·v, Σv. */
    private static final class Acc {
        long count;
        long lsum;
        double dsum;
        double dmin = Double.NaN;
        double dmax = Double.NaN;
        long lmin = Long.MAX_VALUE;
        long lmax = Long.MIN_VALUE;
        double pv;
        double vol;
    }

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

    Result run(Selection sel) {
        Map<Key, Acc[]> groups = new HashMap<>();
        long rows = snap.rows();
        for (long r = sel == null ? 0 : sel.next(0); r >= 0 && r < rows; r = sel == null ? r + 1 : sel.next(r + 1)) {
            long[] raw = new long[keys.size()];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = keys.get(k).getRaw(r);
            }
            Acc[] acc = groups.computeIfAbsent(new Key(raw), x -> newAccs());
            for (int i = 0; i < acc.length; i++) {
                add(acc[i], i, r);
            }
        }
        List<Key> ordered = new ArrayList<>(groups.keySet());
        ordered.sort((a, b) -> {
            for (int k = 0; k < keys.size(); k++) {
                int c = keys.get(k).type() == ColumnType.STR
                        ? Long.compareUnsigned(Long.reverseBytes(a.raw[k]), Long.reverseBytes(b.raw[k]))
                        : Long.compare(a.raw[k], b.raw[k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        List<String> names = new ArrayList<>();
        List<Object[]> cols = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            names.add(keys.get(k).name());
            Object[] col = new Object[ordered.size()];
            for (int g = 0; g < col.length; g++) {
                long raw = ordered.get(g).raw[k];
                col[g] = keys.get(k).type() == ColumnType.STR ? Str8.decode(raw) : (Object) raw;
            }
            cols.add(col);
        }
        for (int i = 0; i < aggs.size(); i++) {
            names.add(aggs.get(i).name());
            Object[] col = new Object[ordered.size()];
            for (int g = 0; g < col.length; g++) {
                col[g] = finish(groups.get(ordered.get(g))[i], i);
            }
            cols.add(col);
        }
        return new Result(names, cols);
    }

    private Acc[] newAccs() {
        Acc[] a = new Acc[aggs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new Acc();
        }
        return a;
    }

    private void add(Acc acc, int i, long r) {
        acc.count++;
        ColumnView in = inputs[i];
        if (in == null) {
            return;
        }
        if (aggs.get(i).fn == Aggregate.Fn.VWAP) {
            double p = asDouble(in, r);
            double w = asDouble(volumes[i], r);
            acc.pv += p * w;
            acc.vol += w;
        } else if (in.type() == ColumnType.I64) {
            long x = in.getLong(r);
            acc.lsum += x;
            acc.lmin = Math.min(acc.lmin, x);
            acc.lmax = Math.max(acc.lmax, x);
        } else {
            double x = in.getDouble(r);
            acc.dsum += x;
            if (x == x) {
                acc.dmin = acc.dmin != acc.dmin ? x : Math.min(acc.dmin, x);
                acc.dmax = acc.dmax != acc.dmax ? x : Math.max(acc.dmax, x);
            }
        }
    }

    private static double asDouble(ColumnView v, long r) {
        return v.type() == ColumnType.F64 ? v.getDouble(r) : (double) v.getLong(r);
    }

    private Object finish(Acc acc, int i) {
        Aggregate a = aggs.get(i);
        boolean f64 = inputs[i] != null && inputs[i].type() == ColumnType.F64;
        switch (a.fn) {
            case COUNT:
                return acc.count;
            case SUM:
                return f64 ? (Object) acc.dsum : (Object) acc.lsum;
            case MEAN:
                return (f64 ? acc.dsum : (double) acc.lsum) / acc.count;
            case MIN:
                return f64 ? (Object) acc.dmin : (Object) acc.lmin;
            case MAX:
                return f64 ? (Object) acc.dmax : (Object) acc.lmax;
            default:
                return acc.vol == 0 ? Double.NaN : acc.pv / acc.vol;
        }
    }
}
