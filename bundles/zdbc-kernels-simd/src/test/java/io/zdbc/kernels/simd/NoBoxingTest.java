package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.CompareOp;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Once C2 has compiled the vector loops, a kernel call allocates only its chunk buffers and its
 * result, not a box per vector. Boxed vectors (a loop compiled without the Vector API
 * intrinsics, or a vector left to an out-of-line helper) keep the answers right but make the
 * kernels 3-50x slower than scalar code, which no differential test notices.
 *
 * <p>The workload ({@link #main}) runs in a fresh JVM with this one's flags, so what the other
 * tests left in the JIT does not decide the outcome. The calls alternate between operations the
 * way that once left VWAP boxed for good (every row for a while, then with a selection). On JDK
 * 19+ the child also runs with {@code -XX:-UseTypeProfile}: the loops must compile to vector
 * code without any type profile (see {@link Vec}), and one child must pass. JDK 17's incubator
 * API needs profiles inside its own code, so there the child uses the default flags, and a
 * compilation race can still leave one loop boxed in an otherwise clean JVM (seen once in CI:
 * {@code maxLong} with a selection at 3.5 bytes a row, after earlier runs of the same code had
 * passed; not reproduced on this machine in dozens of runs): there (and on JDK 18, the same
 * incubator API), up to {@value #JDK17_TRIES}
 * fresh JVMs are tried, so the test still fails on boxing that every JVM shows. Needs C2:
 * skipped under -Xint or a lower tier stop.
 */
class NoBoxingTest {
    static final int N = 20_000;
    /** Bytes per row a call may allocate: buffers and result words are ~0.2; boxing is >= 8. */
    static final double LIMIT = 1.0;

    static final int JDK17_TRIES = 3;

    @Test
    void steadyStateKernelsDoNotBoxVectors() throws Exception {
        boolean jdk19 = Runtime.version().feature() >= 19;
        List<String> flags = jdk19 ? List.of("-XX:-UseTypeProfile") : List.of();
        int tries = jdk19 ? 1 : JDK17_TRIES;
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= tries; attempt++) {
            Probe p = probe(flags);
            if (p.exit == 0) {
                return;
            }
            failures.append("\nJVM ")
                    .append(attempt)
                    .append(" (exit ")
                    .append(p.exit)
                    .append("): ")
                    .append(p.output);
        }
        fail("boxing probe failed in " + tries + " fresh JVM(s):" + failures);
    }

    /** Under 256 bits the kernels must run the scalar loops, which allocate nothing per row. */
    @Test
    void narrowVectorsFallBackToScalarLoops() throws Exception {
        List<String> flags = new ArrayList<>(List.of("-XX:MaxVectorSize=16"));
        if (Runtime.version().feature() >= 19) {
            flags.add("-XX:-UseTypeProfile");
        }
        Probe p = probe(flags);
        assertEquals(0, p.exit, p.output);
        assertTrue(p.output.contains("scalar fallback"), p.output);
    }

    private record Probe(int exit, String output) {}

    /** Runs {@link #main} in a fresh JVM with this one's flags plus {@code extra}. */
    private static Probe probe(List<String> extra) throws Exception {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assumeTrue(
                args.stream().noneMatch(a -> a.equals("-Xint") || a.startsWith("-XX:TieredStopAtLevel")),
                "needs the C2 compiler");
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean, "needs per-thread allocation counters");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : args) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-javaagent")) {
                cmd.add(a);
            }
        }
        cmd.addAll(extra);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoBoxingTest.class.getName());
        Path log = Files.createTempFile("zdbc-boxing", ".log");
        try {
            Process child = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!child.waitFor(150, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("boxing probe did not finish: " + Files.readString(log));
            }
            return new Probe(child.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The workload: exits 0 once a round of every operation stays under {@link #LIMIT}, else 1. */
    public static void main(String[] unused) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("zdbc-simd-boxing");
        try (Database db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST))) {
            SplittableRandom r = new SplittableRandom(4);
            double[] p = new double[N];
            long[] v = new long[N];
            String[] s = new String[N];
            Selection half = Selection.none(N);
            for (int k = 0; k < N; k++) {
                p[k] = r.nextDouble(10, 500);
                v[k] = r.nextLong(1, 10_000);
                s[k] = r.nextBoolean() ? "AAPL" : "MSFT";
                if (r.nextBoolean()) {
                    half.set(k);
                }
            }
            db.write("t", Batch.builder().f64("p", p).i64("v", v).str("s", s).build());
            try (TableSnapshot snap = db.read("t")) {
                ColumnMemory price = ColumnMemory.of(snap.column("p"));
                ColumnMemory volume = ColumnMemory.of(snap.column("v"));
                ColumnMemory heap = ColumnMemory.of(snap.column("p").copy());
                ColumnMemory str = ColumnMemory.of(snap.column("s"));
                long aapl = SimdVsScalarTest.pack("AAPL");
                Map<String, ToDoubleFunction<Kernels>> ops = new LinkedHashMap<>();
                ops.put("vwap", k -> k.vwap(price, volume, null));
                ops.put("vwap selection", k -> k.vwap(price, volume, half));
                ops.put("vwap f64 volume", k -> k.vwap(price, price, null));
                ops.put("sumDouble", k -> k.sumDouble(price, null));
                ops.put("sumDouble selection", k -> k.sumDouble(price, half));
                ops.put("minDouble", k -> k.minDouble(price, null));
                ops.put("maxDouble heap selection", k -> k.maxDouble(heap, half));
                ops.put("sumLong", k -> k.sumLong(volume, null));
                ops.put("maxLong selection", k -> k.maxLong(volume, half));
                ops.put(
                        "compareDouble <",
                        k -> k.compareDouble(price, CompareOp.LT, 100).count());
                ops.put(
                        "compareDouble >=",
                        k -> k.compareDouble(heap, CompareOp.GE, 100).count());
                ops.put(
                        "compareLong =",
                        k -> k.compareLong(volume, CompareOp.EQ, 5).count());
                ops.put("str <", k -> k.compareLong(str, CompareOp.LT, aapl).count());
                ops.put("betweenDouble", k -> k.betweenDouble(price, 50, 60).count());
                // The fused filter-then-aggregate loops (VecFused), which tables this small reach
                // only split over threads: here with the fused path forced, on the caller's thread.
                Kernels fused = new SimdKernels(true, 0, null, ScanParts.PARALLEL_MIN_PART_ROWS);
                List<Condition> where = List.of(
                        Condition.compareLong(str, CompareOp.EQ, aapl),
                        Condition.compareDouble(price, CompareOp.GT, 100));
                List<Aggregation> aggs =
                        List.of(Aggregation.sum(volume), Aggregation.max(price), Aggregation.vwap(price, volume));
                if (Vec.USABLE) {
                    // (The scalar fallback answers through bitmaps of the table: 1.3 bytes a row, no boxing.)
                    ops.put(
                            "fused filter+aggregates",
                            k -> ((Number) fused.filterAggregate(N, where, aggs).get(0)).doubleValue());
                }
                Kernels simd = new SimdKernels();
                long tid = Thread.currentThread().getId();
                long deadline = System.nanoTime() + Long.getLong("zdbc.boxing.seconds", 90) * 1_000_000_000L;
                Map<String, Double> last = new LinkedHashMap<>();
                for (int round = 0; ; round++) {
                    last.clear();
                    for (Map.Entry<String, ToDoubleFunction<Kernels>> op : ops.entrySet()) {
                        double sink = 0;
                        long before = threads.getThreadAllocatedBytes(tid);
                        for (int i = 0; i < 200; i++) {
                            sink += op.getValue().applyAsDouble(simd);
                        }
                        double perRow = (threads.getThreadAllocatedBytes(tid) - before) / 200.0 / N;
                        last.put(op.getKey(), perRow + (sink == 0.125 ? 1e-9 : 0));
                    }
                    if (round >= 3 && last.values().stream().allMatch(b -> b < LIMIT)) {
                        System.out.println(
                                simd + ": no boxing after " + (round + 1) + " rounds (bytes per row): " + last);
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        System.out.println(
                                simd + ": vector loops still allocate after the deadline (bytes per row, limit " + LIMIT
                                        + "): " + last);
                        System.exit(1);
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
