package io.zdbc.kernels.simd;

import static io.zdbc.kernels.simd.SimdFused.requireRows;

import io.zdbc.api.ColumnType;
import io.zdbc.kernels.scalar.RawColumn;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.kernel.Aggregation;
import java.util.Arrays;

/**
 * The aggregates of {@link SimdFused}: each one's columns and accumulator lanes, one set per part
 * of a split scan, merged lane by lane and reduced to the answer {@link Aggregation} describes.
 */
final class SimdFusedAggregates {
    /** The answer of an f64 MIN or MAX that only the scalar kernels can give (an infinity). */
    static final Object NEEDS_SCALAR = new Object();

    private SimdFusedAggregates() {}

    /** One aggregate: its columns and accumulator lanes. */
    static final class Acc {
        final Aggregation.Fn fn;
        final RawColumn a;
        final RawColumn b;
        final boolean f64;
        final int kind;
        final long[] lacc = new long[2 * Vec.L];
        final double[] dacc;

        Acc(Aggregation g, long rows) {
            ScalarKernels.requireKnownFunction(g);
            fn = g.fn();
            a = g.column() == null ? null : new RawColumn(g.column());
            b = g.second() == null ? null : new RawColumn(g.second());
            if (a != null) {
                a.require(ColumnType.I64, ColumnType.F64);
                requireRows(a, rows);
            }
            if (b != null) {
                b.require(ColumnType.I64, ColumnType.F64);
                requireRows(b, rows);
            }
            f64 = a != null && a.type == ColumnType.F64;
            kind = fn == Aggregation.Fn.MIN ? VecFused.MIN : fn == Aggregation.Fn.MAX ? VecFused.MAX : VecFused.SUM;
            dacc = new double[4 * Vec.L];
            fillIdentity();
        }

        /** Fresh lanes over the same, already checked, columns: one per part of a split scan. */
        Acc(Acc first) {
            fn = first.fn;
            a = first.a;
            b = first.b;
            f64 = first.f64;
            kind = first.kind;
            dacc = new double[4 * Vec.L];
            fillIdentity();
        }

        private void fillIdentity() {
            if (kind == VecFused.MIN) {
                Arrays.fill(lacc, Long.MAX_VALUE);
                Arrays.fill(dacc, Double.POSITIVE_INFINITY);
            } else if (kind == VecFused.MAX) {
                Arrays.fill(lacc, Long.MIN_VALUE);
                Arrays.fill(dacc, Double.NEGATIVE_INFINITY);
            }
        }

        /** Adds another part's lanes to these (lane by lane, as the loops would have). */
        void merge(Acc other) {
            for (int i = 0; i < lacc.length; i++) {
                lacc[i] = kind == VecFused.MIN
                        ? Math.min(lacc[i], other.lacc[i])
                        : kind == VecFused.MAX ? Math.max(lacc[i], other.lacc[i]) : lacc[i] + other.lacc[i];
            }
            for (int i = 0; i < dacc.length; i++) {
                // The loops skip NaN for MIN/MAX (identity lanes stay infinite): plain min/max is right.
                dacc[i] = kind == VecFused.MIN
                        ? Math.min(dacc[i], other.dacc[i])
                        : kind == VecFused.MAX ? Math.max(dacc[i], other.dacc[i]) : dacc[i] + other.dacc[i];
            }
        }
    }

    static Object result(Acc g, long count) {
        int l = Vec.L;
        switch (g.fn) {
            case COUNT:
                return count;
            case SUM:
                if (g.f64) {
                    double s = 0;
                    for (int i = 0; i < 2 * l; i++) {
                        s += g.dacc[i];
                    }
                    return s;
                }
                long s = 0;
                for (int i = 0; i < 2 * l; i++) {
                    s += g.lacc[i];
                }
                return s;
            case MIN:
            case MAX:
                if (count == 0) {
                    return null;
                }
                boolean min = g.fn == Aggregation.Fn.MIN;
                if (g.f64) {
                    double best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < 2 * l; i++) {
                        best = min ? Math.min(best, g.dacc[i]) : Math.max(best, g.dacc[i]);
                    }
                    return Double.isInfinite(best) && (best > 0) == min ? NEEDS_SCALAR : (Object) best;
                }
                long best = min ? Long.MAX_VALUE : Long.MIN_VALUE;
                for (int i = 0; i < 2 * l; i++) {
                    best = min ? Math.min(best, g.lacc[i]) : Math.max(best, g.lacc[i]);
                }
                return best;
            case VWAP:
                if (count == 0) {
                    return null;
                }
                double pv = 0;
                double vol = 0;
                for (int i = 0; i < 2 * l; i++) {
                    pv += g.dacc[i];
                    vol += g.dacc[2 * l + i];
                }
                return vol == 0 ? Double.NaN : pv / vol;
            default:
                throw new IllegalArgumentException("aggregate function " + g.fn);
        }
    }
}
