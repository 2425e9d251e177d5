package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.ColumnType;
import io.zdbc.api.query.CompareOp;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A split scan's answer depends on the parts, not on which threads ran them: the same kernels on a
 * live pool (parts spread over 3 threads) and on a closed one (every part on the caller) give
 * bit-identical f64 answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartsDeterminismTest {
    final Workers live = new Workers(3);
    final Workers closed = new Workers(3);
    final SimdKernels spread = new SimdKernels(true, 0, live, 64);
    final SimdKernels oneThread = new SimdKernels(true, 0, closed, 64);

    PartsDeterminismTest() {
        closed.close();
    }

    @AfterAll
    void stop() {
        live.close();
    }

    @Test
    void vwapAndFusedAggregatesAreBitIdenticalWhoeverRunsTheParts() {
        for (int n : new int[] {100_003, 65_536, 5_000, 777, 130}) {
            SplittableRandom r = new SplittableRandom(n);
            double[] price = new double[n];
            long[] volume = new long[n];
            double[] weight = new double[n];
            for (int i = 0; i < n; i++) {
                price[i] = r.nextDouble(-1e6, 1e6);
                volume[i] = r.nextLong(0, 1L << 40);
                weight[i] = r.nextDouble() * 1e-3;
            }
            ColumnMemory p = heap(ColumnType.F64, price);
            ColumnMemory v = heap(ColumnType.I64, volume);
            ColumnMemory w = heap(ColumnType.F64, weight);
            assertEquals(spread.parts(n), oneThread.parts(n));
            for (int round = 0; round < 20; round++) {
                assertEquals(
                        Double.doubleToLongBits(oneThread.vwap(p, w, null)),
                        Double.doubleToLongBits(spread.vwap(p, w, null)),
                        "vwap over " + n + " rows");
                List<Condition> where = List.of(Condition.compareDouble(p, CompareOp.GT, 0));
                List<Aggregation> aggs = List.of(
                        Aggregation.sum(p),
                        Aggregation.vwap(p, v),
                        Aggregation.sum(v),
                        Aggregation.min(p),
                        Aggregation.count());
                assertEquals(
                        oneThread.filterAggregate(n, where, aggs),
                        spread.filterAggregate(n, where, aggs),
                        "fused over " + n + " rows");
            }
        }
    }

    /**
     * A selection of fewer rows than the columns (or more) limits a split scan to its own rows,
     * in every part. Small integers: every sum is exact, so the scalar kernels' answer is the
     * answer, bit for bit.
     */
    @Test
    void selectionsShorterOrLongerThanTheColumnsLimitEveryPart() {
        int n = 10_000;
        double[] price = new double[n];
        long[] volume = new long[n];
        for (int i = 0; i < n; i++) {
            price[i] = i % 97 + 1;
            volume[i] = i % 13 + 1;
        }
        ColumnMemory p = heap(ColumnType.F64, price);
        ColumnMemory v = heap(ColumnType.I64, volume);
        Kernels scalar = new ScalarKernels();
        for (int len : new int[] {n - 1, n - 64, n / 2 + 7, 200, 65, n + 100}) {
            Selection sel = Selection.none(len);
            for (int i = 0; i < len; i += 3) {
                sel.set(i);
            }
            String where = "selection of " + len + " rows over " + n;
            assertEquals(scalar.vwap(p, v, sel), spread.vwap(p, v, sel), where);
            assertEquals(scalar.vwap(p, v, sel), oneThread.vwap(p, v, sel), where);
        }
    }

    private static ColumnMemory heap(ColumnType type, Object array) {
        int rows = array instanceof long[] ? ((long[]) array).length : ((double[]) array).length;
        return new ColumnMemory() {
            @Override
            public ColumnType type() {
                return type;
            }

            @Override
            public long rows() {
                return rows;
            }

            @Override
            public long address() {
                return 0;
            }

            @Override
            public Object heapArray() {
                return array;
            }
        };
    }
}
