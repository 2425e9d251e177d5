package io.zdbc.itest;

import static io.zdbc.api.query.Expressions.col;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.DatabaseService;
import io.zdbc.api.query.LazyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Stops the SIMD kernels bundle while queries run: they go on, with the same answers, through the
 * scalar kernels, and switch back when the bundle starts again; the SIMD kernels' worker threads
 * stop with their bundle.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class KernelSwapTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Timeouts.SERVICE_MS)
    DatabaseService service;

    @TempDir
    Path dir;

    @Test
    void queriesKeepAnsweringThroughTheScalarKernelsWhileTheSimdBundleIsStopped() throws Exception {
        Bundle simd = bundle("io.zdbc.kernels.simd");
        assertEquals(
                Bundle.ACTIVE,
                simd.getState(),
                "the SIMD kernels resolve on this JVM (--add-modules jdk.incubator.vector)");
        int n = 100_000;
        SplittableRandom r = new SplittableRandom(1);
        String[] sym = new String[n];
        double[] price = new double[n];
        long[] volume = new long[n];
        long wantSum = 0;
        double pv = 0;
        double v = 0;
        for (int i = 0; i < n; i++) {
            sym[i] = r.nextBoolean() ? "AAPL" : "MSFT";
            price[i] = 14_000 + r.nextInt(2_000);
            volume[i] = 1 + r.nextInt(100);
            if (sym[i].equals("AAPL") && price[i] > 15_000) {
                wantSum += volume[i];
            }
            pv += price[i] * volume[i];
            v += volume[i];
        }
        double wantVwap = pv / v;
        long expectedSum = wantSum;
        try (Database db = service.open(dir.resolve("swap.db"))) {
            db.write(
                    "trades",
                    Batch.builder()
                            .str("sym", sym)
                            .f64("price", price)
                            .i64("volume", volume)
                            .build());
            Map<String, Integer> answeredBy = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(
                    () -> {
                        while (!stop.get()) {
                            try {
                                // A new lazy result each time, so every iteration runs on the kernels of the moment.
                                LazyResult sum = db.table("trades")
                                        .where(col("sym")
                                                .eq("AAPL")
                                                .and(col("price").gt(15_000)))
                                        .select("volume")
                                        .sum();
                                LazyResult vwap = db.table("trades").vwap("price", "volume");
                                long s = sum.collect().asLong();
                                double w = vwap.collect().asDouble();
                                if (s != expectedSum || Math.abs(w - wantVwap) > 1e-9 * wantVwap) {
                                    wrong.add("sum " + s + " vwap " + w + " by " + by(sum));
                                }
                                answeredBy.merge(by(sum), 1, Integer::sum);
                            } catch (RuntimeException e) {
                                wrong.add(e.toString());
                            }
                        }
                    },
                    "query-load");
            load.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy.getOrDefault("simd", 0) > 5);
                // The kernels' own default (ScanParts.THREADS): one thread per processor, at most 8.
                if (Integer.getInteger(
                                "zdbc.kernels.threads",
                                Math.min(8, Runtime.getRuntime().availableProcessors()))
                        > 1) {
                    assertFalse(
                            kernelThreads().isEmpty(),
                            "10^5-row scans are split over the SIMD kernels' worker threads");
                }
                simd.stop();
                // The workers stop with the bundle: a thread left running would keep its class loader.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> kernelThreads().isEmpty());
                int scalarBefore = answeredBy.getOrDefault("scalar", 0);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> answeredBy.getOrDefault("scalar", 0) > scalarBefore + 5);
                int simdBefore = answeredBy.get("simd");
                simd.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredBy.get("simd") > simdBefore + 5);
            } finally {
                stop.set(true);
                load.join();
                if (simd.getState() != Bundle.ACTIVE) {
                    simd.start();
                }
            }
            assertEquals(List.of(), new ArrayList<>(wrong), "every answer right, none failed");
            assertTrue(answeredBy.get("scalar") > 5 && answeredBy.get("simd") > 10, answeredBy.toString());
        }
    }

    /** The SIMD kernels' worker threads alive now. */
    private static List<String> kernelThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("zdbc-kernels-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static String by(LazyResult r) {
        String e = r.explain();
        int i = e.indexOf("computed by ");
        return i < 0 ? "?" : e.substring(i + "computed by ".length(), e.indexOf(" kernels", i));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + bsn + " is not installed");
    }
}
