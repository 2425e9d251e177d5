package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.CompareOp;
import io.zdbc.engine.Zdbc;
import io.zdbc.kernels.scalar.ScalarKernels;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A price·volume product beyond the double range: the SIMD vwap must round the product as the
 * scalar kernels do (multiply, then add). A fused multiply-add keeps the product exact, so a
 * lane holding -1.7e308 and then 0.9e308·2 stays finite where the scalar sum is +infinity.
 */
class VwapOverflowTest {
    static final int N = 1024;

    final Kernels scalar = new ScalarKernels();
    final Kernels simd = new SimdKernels();
    final Kernels fused = SimdTestAccess.alwaysFused();

    /** Every row but row 1 (price 0): the masked loops, with the same answer as no selection. */
    final Selection allButRow1 = Selection.none(N);

    VwapOverflowTest() {
        for (int k = 0; k < N; k++) {
            if (k != 1) {
                allButRow1.set(k);
            }
        }
    }

    @Test
    void anOverflowingProductGivesTheScalarAnswerOnEveryLoopAndLane() throws IOException {
        Path dir = Files.createTempDirectory("zdbc-vwap-overflow");
        try (Database db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST))) {
            // The two rows land in the same accumulator lane for some distance d, whatever the vector width.
            for (int d = 1; d <= 128; d++) {
                double[] price = new double[N];
                double[] volume = new double[N];
                Arrays.fill(volume, 1);
                price[3] = -1.7e308;
                price[3 + d] = 0.9e308;
                volume[3 + d] = 2;
                String t = "t" + d;
                db.write(t, Batch.builder().f64("p", price).f64("v", volume).build());
                try (TableSnapshot snap = db.read(t)) {
                    for (boolean heap : new boolean[] {false, true}) {
                        ColumnMemory p = ColumnMemory.of(heap ? snap.column("p").copy() : snap.column("p"));
                        ColumnMemory v = ColumnMemory.of(heap ? snap.column("v").copy() : snap.column("v"));
                        String where = "rows 3 and " + (3 + d) + ", heap=" + heap;
                        double want = scalar.vwap(p, v, null);
                        assertEquals(Double.POSITIVE_INFINITY, want, "scalar " + where);
                        assertEquals(want, simd.vwap(p, v, null), "dense " + where);
                        assertEquals(want, simd.vwap(p, v, allButRow1), "masked " + where);
                        List<Object> got = fused.filterAggregate(
                                N,
                                List.of(Condition.compareDouble(v, CompareOp.GT, 0)),
                                List.of(Aggregation.vwap(p, v)));
                        assertEquals(List.of(want), got, "fused " + where);
                    }
                }
            }
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
