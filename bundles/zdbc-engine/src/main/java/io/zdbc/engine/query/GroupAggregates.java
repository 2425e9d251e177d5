package io.zdbc.engine.query;

import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.query.Aggregate;
import java.util.Arrays;
import java.util.List;

/**
 * The aggregates of one group-by part: one array per aggregate and state, indexed by group id,
 * filled a chunk at a time (one tight loop per aggregate), and merged part into part at the end.
 * Semantics are the engine's: i64 sums wrap, f64 min/max skip NaN (NaN only if every value is),
 * vwap is Σ(p·v) / Σv with each product rounded, NaN when Σv is 0.
 */
final class GroupAggregates {
    private final List<Aggregate> aggs;
    private final ColumnView[] inputs;
    private final ColumnView[] volumes;
    private final long[] lbuf;
    private final double[] dbuf;
    private final double[] vbuf;
    private long[] count = new long[0];
    /** Per aggregate: sums, minima or maxima as longs (i64) or doubles (f64), and Σv of a vwap. */
    private final long[][] lacc;

    private final double[][] dacc;
    private final double[][] vol;

    GroupAggregates(List<Aggregate> aggs, ColumnView[] inputs, ColumnView[] volumes, int chunk) {
        this.aggs = aggs;
        this.inputs = inputs;
        this.volumes = volumes;
        lbuf = new long[chunk];
        dbuf = new double[chunk];
        vbuf = new double[chunk];
        lacc = new long[aggs.size()][];
        dacc = new double[aggs.size()][];
        vol = new double[aggs.size()][];
        for (int i = 0; i < aggs.size(); i++) {
            if (!reads(i)) {
                continue;
            }
            if (isVwap(i)) {
                dacc[i] = new double[0];
                vol[i] = new double[0];
            } else if (inputs[i].type() == ColumnType.I64) {
                lacc[i] = new long[0];
            } else {
                dacc[i] = new double[0];
            }
        }
    }

    /** COUNT needs only the group's row count, whatever column it names. */
    private boolean reads(int i) {
        return inputs[i] != null && aggs.get(i).fn != Aggregate.Fn.COUNT;
    }

    private boolean isVwap(int i) {
        return aggs.get(i).fn == Aggregate.Fn.VWAP;
    }

    /** Makes room for group ids below {@code groups}, new ones at their aggregates' start values. */
    void ensure(int groups) {
        int old = count.length;
        if (groups <= old) {
            return;
        }
        int n = Math.max(groups, old * 2);
        count = Arrays.copyOf(count, n);
        for (int i = 0; i < aggs.size(); i++) {
            Aggregate.Fn fn = aggs.get(i).fn;
            if (lacc[i] != null) {
                lacc[i] = Arrays.copyOf(lacc[i], n);
                long start = fn == Aggregate.Fn.MIN ? Long.MAX_VALUE : fn == Aggregate.Fn.MAX ? Long.MIN_VALUE : 0;
                Arrays.fill(lacc[i], old, n, start);
            }
            if (dacc[i] != null) {
                dacc[i] = Arrays.copyOf(dacc[i], n);
                boolean minMax = fn == Aggregate.Fn.MIN || fn == Aggregate.Fn.MAX;
                Arrays.fill(dacc[i], old, n, minMax ? Double.NaN : 0.0);
            }
            if (vol[i] != null) {
                vol[i] = Arrays.copyOf(vol[i], n);
            }
        }
    }

    /**
     * Adds the {@code m} selected rows {@code from + idx[j]} of the chunk starting at row
     * {@code from} ({@code len} rows) to groups {@code gid[j]}.
     */
    void add(long from, int len, int[] idx, int[] gid, int m) {
        for (int j = 0; j < m; j++) {
            count[gid[j]]++;
        }
        for (int i = 0; i < aggs.size(); i++) {
            if (!reads(i)) {
                continue;
            }
            Aggregate.Fn fn = aggs.get(i).fn;
            if (isVwap(i)) {
                readDoubles(inputs[i], from, len, dbuf);
                readDoubles(volumes[i], from, len, vbuf);
                double[] pv = dacc[i];
                double[] v = vol[i];
                for (int j = 0; j < m; j++) {
                    int r = idx[j];
                    double w = vbuf[r];
                    pv[gid[j]] += dbuf[r] * w;
                    v[gid[j]] += w;
                }
            } else if (lacc[i] != null) {
                inputs[i].readLongs(from, lbuf, 0, len);
                addLongs(fn, lacc[i], idx, gid, m);
            } else {
                inputs[i].readDoubles(from, dbuf, 0, len);
                addDoubles(fn, dacc[i], idx, gid, m);
            }
        }
    }

    private void addLongs(Aggregate.Fn fn, long[] acc, int[] idx, int[] gid, int m) {
        if (fn == Aggregate.Fn.MIN) {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] = Math.min(acc[gid[j]], lbuf[idx[j]]);
            }
        } else if (fn == Aggregate.Fn.MAX) {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] = Math.max(acc[gid[j]], lbuf[idx[j]]);
            }
        } else {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] += lbuf[idx[j]];
            }
        }
    }

    private void addDoubles(Aggregate.Fn fn, double[] acc, int[] idx, int[] gid, int m) {
        if (fn == Aggregate.Fn.MIN) {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] = minSkippingNaN(acc[gid[j]], dbuf[idx[j]]);
            }
        } else if (fn == Aggregate.Fn.MAX) {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] = maxSkippingNaN(acc[gid[j]], dbuf[idx[j]]);
            }
        } else {
            for (int j = 0; j < m; j++) {
                acc[gid[j]] += dbuf[idx[j]];
            }
        }
    }

    /** NaN in {@code acc} means "no number yet"; a NaN value changes nothing. */
    private static double minSkippingNaN(double acc, double x) {
        return x != x ? acc : acc != acc ? x : Math.min(acc, x);
    }

    private static double maxSkippingNaN(double acc, double x) {
        return x != x ? acc : acc != acc ? x : Math.max(acc, x);
    }

    /** An i64 input of a vwap converts through {@code lbuf}. */
    private void readDoubles(ColumnView v, long from, int len, double[] dst) {
        if (v.type() == ColumnType.F64) {
            v.readDoubles(from, dst, 0, len);
        } else {
            v.readLongs(from, lbuf, 0, len);
            for (int j = 0; j < len; j++) {
                dst[j] = lbuf[j];
            }
        }
    }

    /** Adds {@code other}'s groups into this part's: other's group g is this part's {@code remap[g]}. */
    void merge(GroupAggregates other, int[] remap, int groups) {
        ensure(groups);
        for (int g = 0; g < remap.length; g++) {
            count[remap[g]] += other.count[g];
        }
        for (int i = 0; i < aggs.size(); i++) {
            Aggregate.Fn fn = aggs.get(i).fn;
            for (int g = 0; g < remap.length; g++) {
                int t = remap[g];
                if (lacc[i] != null) {
                    long x = other.lacc[i][g];
                    lacc[i][t] = fn == Aggregate.Fn.MIN
                            ? Math.min(lacc[i][t], x)
                            : fn == Aggregate.Fn.MAX ? Math.max(lacc[i][t], x) : lacc[i][t] + x;
                }
                if (dacc[i] != null) {
                    double x = other.dacc[i][g];
                    dacc[i][t] = fn == Aggregate.Fn.MIN
                            ? minSkippingNaN(dacc[i][t], x)
                            : fn == Aggregate.Fn.MAX ? maxSkippingNaN(dacc[i][t], x) : dacc[i][t] + x;
                }
                if (vol[i] != null) {
                    vol[i][t] += other.vol[i][g];
                }
            }
        }
    }

    /** Aggregate {@code i} of group {@code g}: Long or Double as the engine answers. */
    Object finish(int i, int g) {
        Aggregate.Fn fn = aggs.get(i).fn;
        switch (fn) {
            case COUNT:
                return count[g];
            case MEAN:
                return (lacc[i] != null ? (double) lacc[i][g] : dacc[i][g]) / count[g];
            case VWAP:
                return vol[i][g] == 0 ? Double.NaN : dacc[i][g] / vol[i][g];
            case SUM:
            case MIN:
            case MAX:
                return lacc[i] != null ? (Object) lacc[i][g] : (Object) dacc[i][g];
            default:
                throw new IllegalArgumentException("group-by does not know the aggregate function " + fn);
        }
    }
}
