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
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A rough timing, not a benchmark harness (no JMH, no pinning; the median of a few runs after a
 * warm-up of a second): SIMD against scalar kernels on mapped columns of 10^7 rows (memory-bound)
 * and 10^5 rows (in L2). Not run by the build (the name does not match Surefire's patterns):
 * {@code ./mvnw -o test -pl bundles/zdbc-kernels-simd -Dtest=SimdBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints a table and writes it to
 * {@code target/simd-benchmark.txt}.
 */
class SimdBenchmark {
    @Test
    void rough() throws IOException {
        Path dir = Files.createTempDirectory("zdbc-simd-bench");
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "java %s, %s; ms per call, median of 21 (10^7) or 301 (10^5) after >= 1 s warm-up%n",
                Runtime.version(), new SimdKernels()));
        try (Database db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST))) {
            for (int n : new int[] {10_000_000, 100_000}) {
                SplittableRandom r = new SplittableRandom(n);
                double[] price = new double[n];
                long[] volume = new long[n];
                for (int k = 0; k < n; k++) {
                    price[k] = r.nextDouble(10, 500);
                    volume[k] = r.nextLong(1, 10_000);
                }
                db.write(
                        "t" + n,
                        Batch.builder().f64("p", price).i64("v", volume).build());
                price = null;
                volume = null;
                Selection half = Selection.none(n);
                for (int k = 0; k < n; k++) {
                    if (r.nextBoolean()) {
                        half.set(k);
                    }
                }
                try (TableSnapshot snap = db.read("t" + n)) {
                    ColumnMemory p = ColumnMemory.of(snap.column("p"));
                    ColumnMemory v = ColumnMemory.of(snap.column("v"));
                    Kernels scalar = new ScalarKernels();
                    Kernels simd = new SimdKernels();
                    out.append(String.format("%,d rows mapped          scalar      simd   speed-up%n", n));
                    row(out, "sumDouble", n, k -> k.sumDouble(p, null), scalar, simd);
                    row(out, "vwap(f64, i64)", n, k -> k.vwap(p, v, null), scalar, simd);
                    row(out, "sumLong", n, k -> k.sumLong(v, null), scalar, simd);
                    row(out, "maxDouble", n, k -> k.maxDouble(p, null), scalar, simd);
                    row(out, "minLong", n, k -> k.minLong(v, null), scalar, simd);
                    row(
                            out,
                            "compareDouble <",
                            n,
                            k -> k.compareDouble(p, CompareOp.LT, 100).count(),
                            scalar,
                            simd);
                    row(out, "betweenLong", n, k -> k.betweenLong(v, 100, 5000).count(), scalar, simd);
                    row(out, "sumDouble, 50% sel", n, k -> k.sumDouble(p, half), scalar, simd);
                    row(out, "vwap, 50% sel", n, k -> k.vwap(p, v, half), scalar, simd);
                    row(out, "minLong, 50% sel", n, k -> k.minLong(v, half), scalar, simd);
                }
            }
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.print(out);
        Files.writeString(Path.of("target", "simd-benchmark.txt"), out);
    }

    private static void row(
            StringBuilder out, String what, int n, ToDoubleFunction<Kernels> op, Kernels scalar, Kernels simd) {
        int reps = n >= 1_000_000 ? 21 : 301;
        double a = time(op, scalar, reps);
        double b = time(op, simd, reps);
        double x = op.applyAsDouble(scalar);
        double y = op.applyAsDouble(simd);
        assertEquals(x, y, Math.abs(x) * 1e-9, what);
        out.append(String.format("  %-20s %9.3f %9.3f %8.2fx%n", what, a, b, a / b));
    }

    private static double time(ToDoubleFunction<Kernels> op, Kernels k, int reps) {
        double sink = 0;
        // Warm-up: at least a second and 10 calls, so C2 has compiled the loops on a busy machine.
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 10 || System.nanoTime() < until; i++) {
            sink += op.applyAsDouble(k);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            sink += op.applyAsDouble(k);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == 42.4242) {
            System.out.print("");
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
