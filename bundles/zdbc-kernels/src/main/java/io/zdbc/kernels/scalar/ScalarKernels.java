package io.zdbc.kernels.scalar;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.osgi.service.component.annotations.Component;

/**
 * The portable kernels: plain loops over mapped memory (via {@code sun.misc.Unsafe}) or heap
 * arrays, written so the JIT can unroll them. The semantics every implementation shares are in
 * {@link Kernels}.
 */
@Component(
        service = Kernels.class,
        property = {"service.ranking:Integer=0", "zdbc.kernels=scalar"})
public final class ScalarKernels implements Kernels {
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    // ------------------------------------------------------------------ aggregates

    @Override
    public long sumLong(ColumnMemory column, Selection sel) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64);
        long sum = 0;
        if (sel == null) {
            if (m.mapped()) {
                long a = m.address;
                long end = a + (m.rows << 3);
                for (; a < end; a += 8) {
                    sum += RawColumn.UNSAFE.getLong(a);
                }
                return RawColumn.LITTLE_ENDIAN ? sum : sumSlow(m, null);
            }
            for (long v : m.longs) {
                sum += v;
            }
            return sum;
        }
        return sumSlow(m, sel);
    }

    private static long sumSlow(RawColumn m, Selection sel) {
        long sum = 0;
        if (sel == null) {
            for (long r = 0; r < m.rows; r++) {
                sum += m.raw(r);
            }
            return sum;
        }
        long[] words = sel.words();
        for (int w = 0; w < words.length; w++) {
            long base = (long) w << 6;
            // Visit only the set bits: a selection of 1 row in 8 costs 1/8 of the loads.
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                sum += m.raw(base + Long.numberOfTrailingZeros(bits));
            }
        }
        return sum;
    }

    @Override
    public double sumDouble(ColumnMemory column, Selection sel) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.F64);
        if (sel == null && m.mapped() && RawColumn.LITTLE_ENDIAN) {
            // Four accumulators: independent add chains, as the SIMD kernels do with lanes.
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            long a = m.address;
            long end4 = a + ((m.rows & ~3L) << 3);
            for (; a < end4; a += 32) {
                s0 += RawColumn.UNSAFE.getDouble(a);
                s1 += RawColumn.UNSAFE.getDouble(a + 8);
                s2 += RawColumn.UNSAFE.getDouble(a + 16);
                s3 += RawColumn.UNSAFE.getDouble(a + 24);
            }
            long end = m.address + (m.rows << 3);
            for (; a < end; a += 8) {
                s0 += RawColumn.UNSAFE.getDouble(a);
            }
            return (s0 + s1) + (s2 + s3);
        }
        double sum = 0;
        if (sel == null) {
            for (long r = 0; r < m.rows; r++) {
                sum += m.f64(r);
            }
            return sum;
        }
        long[] words = sel.words();
        for (int w = 0; w < words.length; w++) {
            long base = (long) w << 6;
            for (long bits = words[w]; bits != 0; bits &= bits - 1) {
                sum += m.f64(base + Long.numberOfTrailingZeros(bits));
            }
        }
        return sum;
    }

    @Override
    public long minLong(ColumnMemory column, Selection sel) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64);
        boolean any = false;
        long min = Long.MAX_VALUE;
        for (long r = first(sel), n = m.rows; r >= 0 && r < n; r = next(sel, r, n)) {
            min = Math.min(min, m.raw(r));
            any = true;
        }
        if (!any) {
            throw new NoSuchElementException("min of no rows");
        }
        return min;
    }

    @Override
    public long maxLong(ColumnMemory column, Selection sel) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64);
        boolean any = false;
        long max = Long.MIN_VALUE;
        for (long r = first(sel), n = m.rows; r >= 0 && r < n; r = next(sel, r, n)) {
            max = Math.max(max, m.raw(r));
            any = true;
        }
        if (!any) {
            throw new NoSuchElementException("max of no rows");
        }
        return max;
    }

    @Override
    public double minDouble(ColumnMemory column, Selection sel) {
        return extreme(column, sel, true);
    }

    @Override
    public double maxDouble(ColumnMemory column, Selection sel) {
        return extreme(column, sel, false);
    }

    /** Skips NaN; NaN only if nothing else is selected. -0.0 is less than 0.0, as Math.min says. */
    private static double extreme(ColumnMemory column, Selection sel, boolean min) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.F64);
        double best = Double.NaN;
        for (long r = first(sel), n = m.rows; r >= 0 && r < n; r = next(sel, r, n)) {
            double v = m.f64(r);
            if (v != v) {
                continue;
            }
            best = best != best ? v : min ? Math.min(best, v) : Math.max(best, v);
        }
        return best;
    }

    @Override
    public double vwap(ColumnMemory price, ColumnMemory volume, Selection sel) {
        RawColumn p = new RawColumn(price);
        RawColumn v = new RawColumn(volume);
        p.require(ColumnType.F64, ColumnType.I64);
        v.require(ColumnType.F64, ColumnType.I64);
        if (p.rows != v.rows) {
            throw new IllegalArgumentException("price has " + p.rows + " rows, volume " + v.rows);
        }
        double pv = 0;
        double vol = 0;
        if (sel == null && p.mapped() && v.mapped() && p.type == ColumnType.F64 && RawColumn.LITTLE_ENDIAN) {
            long pa = p.address;
            long va = v.address;
            long n = p.rows << 3;
            long n4 = (p.rows & ~3L) << 3;
            // Four independent pairs of sums: each add no longer waits for the one before.
            double pv0 = 0, pv1 = 0, pv2 = 0, pv3 = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0;
            long i = 0;
            if (v.type == ColumnType.I64) {
                for (; i < n4; i += 32) {
                    double w0 = RawColumn.UNSAFE.getLong(va + i), w1 = RawColumn.UNSAFE.getLong(va + i + 8);
                    double w2 = RawColumn.UNSAFE.getLong(va + i + 16), w3 = RawColumn.UNSAFE.getLong(va + i + 24);
                    pv0 += RawColumn.UNSAFE.getDouble(pa + i) * w0;
                    pv1 += RawColumn.UNSAFE.getDouble(pa + i + 8) * w1;
                    pv2 += RawColumn.UNSAFE.getDouble(pa + i + 16) * w2;
                    pv3 += RawColumn.UNSAFE.getDouble(pa + i + 24) * w3;
                    v0 += w0;
                    v1 += w1;
                    v2 += w2;
                    v3 += w3;
                }
            } else {
                for (; i < n4; i += 32) {
                    double w0 = RawColumn.UNSAFE.getDouble(va + i), w1 = RawColumn.UNSAFE.getDouble(va + i + 8);
                    double w2 = RawColumn.UNSAFE.getDouble(va + i + 16), w3 = RawColumn.UNSAFE.getDouble(va + i + 24);
                    pv0 += RawColumn.UNSAFE.getDouble(pa + i) * w0;
                    pv1 += RawColumn.UNSAFE.getDouble(pa + i + 8) * w1;
                    pv2 += RawColumn.UNSAFE.getDouble(pa + i + 16) * w2;
                    pv3 += RawColumn.UNSAFE.getDouble(pa + i + 24) * w3;
                    v0 += w0;
                    v1 += w1;
                    v2 += w2;
                    v3 += w3;
                }
            }
            for (; i < n; i += 8) {
                double w = v.type == ColumnType.I64
                        ? (double) RawColumn.UNSAFE.getLong(va + i)
                        : RawColumn.UNSAFE.getDouble(va + i);
                pv0 += RawColumn.UNSAFE.getDouble(pa + i) * w;
                v0 += w;
            }
            pv = (pv0 + pv1) + (pv2 + pv3);
            vol = (v0 + v1) + (v2 + v3);
        } else {
            for (long r = first(sel), n = p.rows; r >= 0 && r < n; r = next(sel, r, n)) {
                double w = v.asDouble(r);
                pv += p.asDouble(r) * w;
                vol += w;
            }
        }
        return vol == 0 ? Double.NaN : pv / vol;
    }

    /** Fused: conditions and aggregates chunk by chunk through an L1-resident mask ({@link ScalarFused}). */
    @Override
    public List<Object> filterAggregate(long rows, List<Condition> where, List<Aggregation> aggregates) {
        return ScalarFused.run(rows, where, aggregates);
    }

    /**
     * Rejects an aggregate function the fused kernels do not compute (one a later
     * {@link Aggregation.Fn} adds) before any work, rather than answering it as another function.
     * By identity, as a switch sends a constant it was not compiled with to its default.
     *
     * @throws IllegalArgumentException naming the function
     */
    public static void requireKnownFunction(Aggregation a) {
        Aggregation.Fn fn = a.fn();
        if (fn != Aggregation.Fn.COUNT
                && fn != Aggregation.Fn.SUM
                && fn != Aggregation.Fn.MIN
                && fn != Aggregation.Fn.MAX
                && fn != Aggregation.Fn.VWAP) {
            throw new IllegalArgumentException(
                    "filterAggregate does not know the aggregate function " + fn + " (" + a + ")");
        }
    }

    // ------------------------------------------------------------------ filters

    /**
     * Bit k of an op's table says whether the op holds for comparison outcome k:
     * 1 = less, 2 = equal, 4 = greater, 0 = unordered (NaN). Looking the answer up this way keeps
     * the inner loops free of branches, which random data would mispredict.
     */
    private static int table(CompareOp op) {
        switch (op) {
            case EQ:
                return 1 << 2;
            case NE:
                return ~(1 << 2) & 0xFF;
            case LT:
                return 1 << 1;
            case LE:
                return (1 << 1) | (1 << 2);
            case GT:
                return 1 << 4;
            default:
                return (1 << 2) | (1 << 4);
        }
    }

    @Override
    public Selection compareLong(ColumnMemory column, CompareOp op, long value) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64, ColumnType.STR);
        boolean str = m.type == ColumnType.STR;
        long key = str ? order(value) : value;
        int table = table(op);
        long[] words = new long[Selection.wordCount(m.rows)];
        for (int w = 0; w < words.length; w++) {
            long base = (long) w << 6;
            int n = (int) Math.min(64, m.rows - base);
            long bits = 0;
            for (int j = 0; j < n; j++) {
                long x = m.raw(base + j);
                if (str) {
                    x = order(x);
                }
                int outcome = (x < key ? 1 : 0) | (x == key ? 2 : 0) | (x > key ? 4 : 0);
                bits |= (long) ((table >>> outcome) & 1) << j;
            }
            words[w] = bits;
        }
        return Selection.ofWords(m.rows, words);
    }

    /** Packed str to a long whose signed order is the bytes' unsigned lexicographic order. */
    public static long order(long packed) {
        return Long.reverseBytes(packed) ^ Long.MIN_VALUE;
    }

    @Override
    public Selection compareDouble(ColumnMemory column, CompareOp op, double value) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.F64);
        int table = table(op);
        long[] words = new long[Selection.wordCount(m.rows)];
        for (int w = 0; w < words.length; w++) {
            long base = (long) w << 6;
            int n = (int) Math.min(64, m.rows - base);
            long bits = 0;
            for (int j = 0; j < n; j++) {
                double x = m.f64(base + j);
                // NaN on either side: outcome 0, which only NE's table accepts (IEEE 754).
                int outcome = (x < value ? 1 : 0) | (x == value ? 2 : 0) | (x > value ? 4 : 0);
                bits |= (long) ((table >>> outcome) & 1) << j;
            }
            words[w] = bits;
        }
        return Selection.ofWords(m.rows, words);
    }

    @Override
    public Selection betweenLong(ColumnMemory column, long low, long high) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64, ColumnType.STR);
        boolean str = m.type == ColumnType.STR;
        long lo = str ? order(low) : low;
        long hi = str ? order(high) : high;
        long[] words = new long[Selection.wordCount(m.rows)];
        for (long r = 0; r < m.rows; r++) {
            long x = str ? order(m.raw(r)) : m.raw(r);
            if (x >= lo && x <= hi) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(m.rows, words);
    }

    @Override
    public Selection betweenDouble(ColumnMemory column, double low, double high) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.F64);
        long[] words = new long[Selection.wordCount(m.rows)];
        for (long r = 0; r < m.rows; r++) {
            double x = m.f64(r);
            if (x >= low && x <= high) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(m.rows, words);
    }

    @Override
    public Selection inLongs(ColumnMemory column, long[] values) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.I64, ColumnType.STR);
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] words = new long[Selection.wordCount(m.rows)];
        for (long r = 0; r < m.rows; r++) {
            if (Arrays.binarySearch(sorted, m.raw(r)) >= 0) {
                words[(int) (r >>> 6)] |= 1L << r;
            }
        }
        return Selection.ofWords(m.rows, words);
    }

    @Override
    public Selection inDoubles(ColumnMemory column, double[] values) {
        RawColumn m = new RawColumn(column);
        m.require(ColumnType.F64);
        long[] words = new long[Selection.wordCount(m.rows)];
        for (long r = 0; r < m.rows; r++) {
            double x = m.f64(r);
            for (double v : values) {
                if (x == v) {
                    words[(int) (r >>> 6)] |= 1L << r;
                    break;
                }
            }
        }
        return Selection.ofWords(m.rows, words);
    }

    // ------------------------------------------------------------------ iteration over a selection

    private static long first(Selection sel) {
        return sel == null ? 0 : sel.next(0);
    }

    private static long next(Selection sel, long r, long rows) {
        return sel == null ? r + 1 : sel.next(r + 1);
    }
}
