package io.zdbc.kernels.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnType;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Str8;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.TypeMismatchException;
import io.zdbc.api.query.CompareOp;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.Kernels;
import io.zdbc.spi.kernel.Aggregation;
import io.zdbc.spi.kernel.ColumnMemory;
import io.zdbc.spi.kernel.Condition;
import io.zdbc.spi.kernel.Selection;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Kernels} implementation must answer, checked against a naive reference on
 * random data: every length from 0 to 1000 that sits around a vector width, NaN, ±inf and -0.0,
 * mapped and heap columns, no selection, random, all-true and all-false selections.
 * Implementations extend it and supply {@link #kernels()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KernelContract {
    static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    static final String[] WORDS = {"", "a", "AAPL", "MSFT", "zzzzzzzz", "Zoë", "b ", "aa"};

    Path dir;
    Database db;

    protected abstract Kernels kernels();

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("zdbc-kernels");
        db = Zdbc.open(dir.resolve("kdb"), OpenOptions.defaults().withDurability(Durability.FAST));
    }

    @AfterAll
    void close() throws IOException {
        db.close();
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Stream<Integer> lengths() {
        List<Integer> l = new ArrayList<>();
        for (int w : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}) {
            for (int d = -1; d <= 1; d++) {
                if (w + d >= 0) {
                    l.add(w + d);
                }
            }
        }
        l.add(0);
        l.add(1000);
        SplittableRandom r = new SplittableRandom(3);
        IntStream.range(0, 8).forEach(i -> l.add(r.nextInt(1001)));
        return l.stream().distinct();
    }

    /** One table of random data and its expected answers. */
    final class Data implements AutoCloseable {
        final long[] i;
        final double[] f;
        final String[] s;
        final long[] packed;
        final long[] v;
        final TableSnapshot snap;
        final boolean heap;

        Data(int n, long seed, boolean heap) {
            SplittableRandom r = new SplittableRandom(seed);
            i = new long[n];
            f = new double[n];
            s = new String[n];
            packed = new long[n];
            v = new long[n];
            for (int k = 0; k < n; k++) {
                i[k] = r.nextInt(4) == 0
                        ? (r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE) - r.nextInt(3)
                        : r.nextLong(-50, 50);
                f[k] = r.nextInt(6) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble(-100, 100);
                s[k] = WORDS[r.nextInt(WORDS.length)];
                packed[k] = pack(s[k]);
                v[k] = r.nextLong(0, 1000);
            }
            String t = "t" + n + "_" + seed;
            db.write(
                    t,
                    Batch.builder()
                            .i64("i", i)
                            .f64("f", f)
                            .str("s", s)
                            .i64("v", v)
                            .build());
            snap = db.read(t);
            this.heap = heap;
        }

        ColumnMemory col(String name) {
            ColumnView view = snap.column(name);
            return ColumnMemory.of(heap ? view.copy() : view);
        }

        @Override
        public void close() {
            snap.close();
        }
    }

    static long pack(String s) {
        return ColumnMemoryPacking.pack(Str8.encode(s));
    }

    static Stream<Object[]> cases() {
        return lengths().flatMap(n -> Stream.of(new Object[] {n, false}, new Object[] {n, true}));
    }

    static List<Selection> selections(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Selection random = Selection.none(n);
        for (int k = 0; k < n; k++) {
            if (r.nextBoolean()) {
                random.set(k);
            }
        }
        List<Selection> out = new ArrayList<>();
        out.add(null);
        out.add(random);
        out.add(Selection.all(n));
        out.add(Selection.none(n));
        return out;
    }

    static boolean in(Selection sel, int k) {
        return sel == null || sel.get(k);
    }

    @ParameterizedTest(name = "{0} rows, heap={1}")
    @MethodSource("cases")
    void aggregatesMatchTheReference(int n, boolean heap) {
        try (Data d = new Data(n, 11 + n, heap)) {
            Kernels k = kernels();
            for (Selection sel : selections(n, n)) {
                long sum = 0;
                double fsum = 0;
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                double fmin = Double.NaN;
                double fmax = Double.NaN;
                double pv = 0;
                double vol = 0;
                int count = 0;
                for (int r = 0; r < n; r++) {
                    if (!in(sel, r)) {
                        continue;
                    }
                    count++;
                    sum += d.i[r];
                    fsum += d.f[r];
                    min = Math.min(min, d.i[r]);
                    max = Math.max(max, d.i[r]);
                    double x = d.f[r];
                    if (x == x) {
                        fmin = fmin != fmin ? x : Math.min(fmin, x);
                        fmax = fmax != fmax ? x : Math.max(fmax, x);
                    }
                    pv += d.f[r] * d.v[r];
                    vol += d.v[r];
                }
                String where = n + " rows, " + sel;
                assertEquals(sum, k.sumLong(d.col("i"), sel), where);
                assertClose(fsum, k.sumDouble(d.col("f"), sel), where + " sumDouble");
                assertEquals(fmin, k.minDouble(d.col("f"), sel), where + " minDouble");
                assertEquals(fmax, k.maxDouble(d.col("f"), sel), where + " maxDouble");
                assertClose(vol == 0 ? Double.NaN : pv / vol, k.vwap(d.col("f"), d.col("v"), sel), where + " vwap");
                if (count == 0) {
                    assertThrows(NoSuchElementException.class, () -> k.minLong(d.col("i"), sel));
                } else {
                    assertEquals(min, k.minLong(d.col("i"), sel), where);
                    assertEquals(max, k.maxLong(d.col("i"), sel), where);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} rows, heap={1}")
    @MethodSource("cases")
    void filtersMatchTheReference(int n, boolean heap) {
        try (Data d = new Data(n, 7 + n, heap)) {
            Kernels k = kernels();
            SplittableRandom r = new SplittableRandom(n);
            long[] longProbes = {0, 7, -50, Long.MAX_VALUE, Long.MIN_VALUE, n > 0 ? d.i[r.nextInt(n)] : 1};
            double[] doubleProbes = {
                0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 12.5, n > 0 ? d.f[r.nextInt(n)] : 1
            };
            for (CompareOp op : CompareOp.values()) {
                for (long p : longProbes) {
                    expect(
                            n,
                            k.compareLong(d.col("i"), op, p),
                            x -> op.test(Long.compare(d.i[(int) x], p)),
                            op + " " + p);
                }
                for (double p : doubleProbes) {
                    expect(n, k.compareDouble(d.col("f"), op, p), x -> cmp(op, d.f[(int) x], p), op + " " + p);
                }
                for (String w : WORDS) {
                    long p = pack(w);
                    expect(
                            n,
                            k.compareLong(d.col("s"), op, p),
                            x -> op.test(compareBytes(d.packed[(int) x], p)),
                            "str " + op + " '" + w + "'");
                }
            }
            expect(n, k.betweenLong(d.col("i"), -10, 10), x -> d.i[(int) x] >= -10 && d.i[(int) x] <= 10, "between");
            expect(
                    n,
                    k.betweenDouble(d.col("f"), -0.0, 50),
                    x -> d.f[(int) x] >= -0.0 && d.f[(int) x] <= 50,
                    "betweenD");
            long a = pack("AAPL");
            long z = pack("Zoë");
            expect(
                    n,
                    k.betweenLong(d.col("s"), a, z),
                    x -> compareBytes(d.packed[(int) x], a) >= 0 && compareBytes(d.packed[(int) x], z) <= 0,
                    "betweenS");
            long[] set = {3, -7, Long.MAX_VALUE};
            expect(n, k.inLongs(d.col("i"), set), x -> contains(set, d.i[(int) x]), "in");
            long[] strs = {pack("MSFT"), pack("")};
            expect(n, k.inLongs(d.col("s"), strs), x -> contains(strs, d.packed[(int) x]), "inS");
            double[] ds = {0.0, Double.NaN, Double.NEGATIVE_INFINITY};
            expect(
                    n,
                    k.inDoubles(d.col("f"), ds),
                    x -> d.f[(int) x] == 0.0 || d.f[(int) x] == Double.NEGATIVE_INFINITY,
                    "inD");
        }
    }

    // ---------------------------------------------------------------- fused filter + aggregate

    /** The contract's lengths plus some across the fused kernels' chunks (256 rows SIMD, 1024 scalar). */
    static Stream<Object[]> fusedCases() {
        Stream<Integer> more = Stream.of(1023, 1024, 1025, 2047, 2048, 2049, 4095, 4097, 5000);
        return Stream.concat(lengths(), more)
                .distinct()
                .flatMap(n -> Stream.of(new Object[] {n, false}, new Object[] {n, true}));
    }

    /** A condition and the row test it must equal. */
    static final class Term {
        final Condition condition;
        final LongPredicate test;

        Term(Condition condition, LongPredicate test) {
            this.condition = condition;
            this.test = test;
        }

        @Override
        public String toString() {
            return condition.toString();
        }
    }

    /** Every kind of condition on every column type, with probes that select all, none and some rows. */
    List<Term> terms(Data d, int n) {
        SplittableRandom r = new SplittableRandom(n + 1);
        List<Term> t = new ArrayList<>();
        long[] longProbes = {0, -50, Long.MAX_VALUE, Long.MIN_VALUE, n > 0 ? d.i[r.nextInt(n)] : 1};
        double[] doubleProbes = {
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            12.5,
            n > 0 ? d.f[r.nextInt(n)] : 1
        };
        for (CompareOp op : CompareOp.values()) {
            for (long p : longProbes) {
                t.add(new Term(Condition.compareLong(d.col("i"), op, p), x -> op.test(Long.compare(d.i[(int) x], p))));
            }
            for (double p : doubleProbes) {
                t.add(new Term(Condition.compareDouble(d.col("f"), op, p), x -> cmp(op, d.f[(int) x], p)));
            }
            for (String w : new String[] {"", "AAPL", "Zoë", "zzzzzzzz", "b"}) {
                long p = pack(w);
                t.add(new Term(
                        Condition.compareLong(d.col("s"), op, p), x -> op.test(compareBytes(d.packed[(int) x], p))));
            }
        }
        t.add(new Term(Condition.betweenLong(d.col("i"), -10, 10), x -> d.i[(int) x] >= -10 && d.i[(int) x] <= 10));
        t.add(new Term(Condition.betweenLong(d.col("i"), Long.MIN_VALUE, Long.MAX_VALUE), x -> true));
        t.add(new Term(Condition.betweenLong(d.col("i"), 10, -10), x -> false));
        t.add(new Term(Condition.betweenDouble(d.col("f"), -0.0, 50), x -> d.f[(int) x] >= -0.0 && d.f[(int) x] <= 50));
        t.add(new Term(
                Condition.betweenDouble(d.col("f"), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
                x -> d.f[(int) x] == d.f[(int) x]));
        t.add(new Term(Condition.betweenDouble(d.col("f"), Double.NaN, 50), x -> false));
        long a = pack("AAPL");
        long z = pack("Zoë");
        t.add(new Term(
                Condition.betweenLong(d.col("s"), a, z),
                x -> compareBytes(d.packed[(int) x], a) >= 0 && compareBytes(d.packed[(int) x], z) <= 0));
        long[] set = {3, -7, Long.MAX_VALUE};
        t.add(new Term(Condition.inLongs(d.col("i"), set), x -> contains(set, d.i[(int) x])));
        t.add(new Term(Condition.inLongs(d.col("i")), x -> false));
        long[] big = LongStream.range(-25, 25).toArray(); // long enough for binary search
        t.add(new Term(Condition.inLongs(d.col("i"), big), x -> contains(big, d.i[(int) x])));
        long[] strs = {pack("MSFT"), pack("")};
        t.add(new Term(Condition.inLongs(d.col("s"), strs), x -> contains(strs, d.packed[(int) x])));
        double[] ds = {0.0, Double.NaN, Double.NEGATIVE_INFINITY};
        t.add(new Term(
                Condition.inDoubles(d.col("f"), ds),
                x -> d.f[(int) x] == 0.0 || d.f[(int) x] == Double.NEGATIVE_INFINITY));
        double[] many = new double[40];
        for (int k = 0; k < many.length; k++) {
            many[k] = n > 0 ? d.f[r.nextInt(n)] : k;
        }
        t.add(new Term(Condition.inDoubles(d.col("f"), many), x -> {
            for (double m : many) {
                if (m == d.f[(int) x]) {
                    return true;
                }
            }
            return false;
        }));
        return t;
    }

    List<Aggregation> aggregations(Data d) {
        return List.of(
                Aggregation.count(),
                Aggregation.sum(d.col("i")),
                Aggregation.sum(d.col("f")),
                Aggregation.min(d.col("i")),
                Aggregation.max(d.col("i")),
                Aggregation.min(d.col("f")),
                Aggregation.max(d.col("f")),
                Aggregation.vwap(d.col("f"), d.col("v")),
                Aggregation.sum(d.col("v")),
                Aggregation.vwap(d.col("v"), d.col("v")));
    }

    /** The answers {@link Aggregation} defines, row by row. */
    static List<Object> reference(Data d, int n, LongPredicate keep) {
        long count = 0;
        long sum = 0;
        double fsum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        double fmin = Double.NaN;
        double fmax = Double.NaN;
        double pv = 0;
        double vol = 0;
        double pv2 = 0;
        double vol2 = 0;
        long vsum = 0;
        for (int r = 0; r < n; r++) {
            if (!keep.test(r)) {
                continue;
            }
            count++;
            sum += d.i[r];
            fsum += d.f[r];
            min = Math.min(min, d.i[r]);
            max = Math.max(max, d.i[r]);
            double x = d.f[r];
            if (x == x) {
                fmin = fmin != fmin ? x : Math.min(fmin, x);
                fmax = fmax != fmax ? x : Math.max(fmax, x);
            }
            pv += d.f[r] * d.v[r];
            vol += d.v[r];
            pv2 += (double) d.v[r] * d.v[r];
            vol2 += d.v[r];
            vsum += d.v[r];
        }
        boolean any = count > 0;
        return Arrays.asList(
                count,
                sum,
                fsum,
                any ? min : null,
                any ? max : null,
                any ? fmin : null,
                any ? fmax : null,
                any ? (vol == 0 ? Double.NaN : pv / vol) : null,
                vsum,
                any ? (vol2 == 0 ? Double.NaN : pv2 / vol2) : null);
    }

    static void expectAggregates(List<Object> want, List<Object> got, String what) {
        assertEquals(want.size(), got.size(), what);
        for (int k = 0; k < want.size(); k++) {
            Object w = want.get(k);
            Object g = got.get(k);
            String where = what + ", aggregate " + k;
            if (w == null || g == null) {
                assertEquals(w, g, where);
            } else if (w instanceof Double && (k == 2 || k == 7 || k == 9)) {
                assertEquals(Double.class, g.getClass(), where);
                assertClose((Double) w, (Double) g, where);
            } else {
                assertEquals(w, g, where);
            }
        }
    }

    /** Only the bitmap kernels of {@link #kernels()}: {@code filterAggregate} is the interface's default. */
    Kernels composed() {
        Kernels k = kernels();
        return (Kernels) Proxy.newProxyInstance(
                Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class}, (proxy, m, args) -> {
                    if (m.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, m, args);
                    }
                    try {
                        return m.invoke(k, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @ParameterizedTest(name = "{0} rows, heap={1}")
    @MethodSource("fusedCases")
    void fusedFilterAggregateMatchesTheReference(int n, boolean heap) {
        try (Data d = new Data(n, 5 + n, heap)) {
            List<Kernels> impls = n <= 300 ? List.of(kernels(), composed()) : List.of(kernels());
            List<Term> terms = terms(d, n);
            List<Aggregation> aggs = aggregations(d);
            SplittableRandom r = new SplittableRandom(n + 2);
            for (Kernels k : impls) {
                String who = k == impls.get(0) ? "fused" : "default";
                expectAggregates(reference(d, n, x -> true), k.filterAggregate(n, List.of(), aggs), who + " no filter");
                for (Term t : terms) {
                    expectAggregates(
                            reference(d, n, t.test),
                            k.filterAggregate(n, List.of(t.condition), aggs),
                            who + " " + n + " rows where " + t);
                }
                // Conjunctions of 2 and 3 terms on different columns and the same one.
                for (int c = 0; c < 60; c++) {
                    int size = 2 + r.nextInt(2);
                    List<Term> and = new ArrayList<>();
                    for (int e = 0; e < size; e++) {
                        and.add(terms.get(r.nextInt(terms.size())));
                    }
                    List<Condition> conds = new ArrayList<>();
                    for (Term t : and) {
                        conds.add(t.condition);
                    }
                    expectAggregates(
                            reference(d, n, x -> and.stream().allMatch(t -> t.test.test(x))),
                            k.filterAggregate(n, conds, aggs),
                            who + " " + n + " rows where " + and);
                }
            }
            // The filter+sum query of the benchmarks: sym = 'AAPL' AND f > 0, sum(v).
            List<Condition> seed = List.of(
                    Condition.compareLong(d.col("s"), CompareOp.EQ, pack("AAPL")),
                    Condition.compareDouble(d.col("f"), CompareOp.GT, 0));
            long want = 0;
            for (int x = 0; x < n; x++) {
                if (d.s[x].equals("AAPL") && d.f[x] > 0) {
                    want += d.v[x];
                }
            }
            assertEquals(List.of(want), kernels().filterAggregate(n, seed, List.of(Aggregation.sum(d.col("v")))));
            if (n > 0) {
                Kernels k = kernels();
                assertThrows(
                        IllegalArgumentException.class,
                        () -> k.filterAggregate(n + 1, List.of(), List.of(Aggregation.sum(d.col("i")))));
                assertThrows(
                        TypeMismatchException.class,
                        () -> k.filterAggregate(n, List.of(), List.of(Aggregation.sum(d.col("s")))));
                assertThrows(
                        TypeMismatchException.class,
                        () -> k.filterAggregate(
                                n,
                                List.of(Condition.compareDouble(d.col("i"), CompareOp.EQ, 1)),
                                List.of(Aggregation.count())));
                assertThrows(
                        TypeMismatchException.class,
                        () -> k.filterAggregate(
                                n,
                                List.of(Condition.compareLong(d.col("f"), CompareOp.EQ, 1)),
                                List.of(Aggregation.count())));
                assertEquals(ColumnType.STR, d.col("s").type());
            }
        }
    }

    @Test
    void anAggregateFunctionTheKernelsDoNotKnowIsAnErrorNamingItNotAnotherFunctionsAnswer() {
        int n = 300;
        try (Data d = new Data(n, 11, true)) {
            Aggregation later = LaterAggregateFunction.of("MEDIAN", d.col("f"));
            for (Kernels k : List.of(kernels(), composed())) {
                for (List<Condition> where :
                        List.of(List.<Condition>of(), List.of(Condition.compareDouble(d.col("f"), CompareOp.GT, 0)))) {
                    IllegalArgumentException e = assertThrows(
                            IllegalArgumentException.class,
                            () -> k.filterAggregate(n, where, List.of(Aggregation.count(), later)),
                            k + " where " + where);
                    assertTrue(e.getMessage().contains("aggregate function MEDIAN"), e.getMessage());
                }
            }
        }
    }

    static boolean cmp(CompareOp op, double x, double p) {
        switch (op) {
            case EQ:
                return x == p;
            case NE:
                return x != p;
            case LT:
                return x < p;
            case LE:
                return x <= p;
            case GT:
                return x > p;
            default:
                return x >= p;
        }
    }

    static int compareBytes(long a, long b) {
        for (int i = 0; i < 8; i++) {
            int x = (int) (a >>> (8 * i)) & 0xFF;
            int y = (int) (b >>> (8 * i)) & 0xFF;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    static boolean contains(long[] set, long x) {
        for (long s : set) {
            if (s == x) {
                return true;
            }
        }
        return false;
    }

    static void expect(int n, Selection got, LongPredicate want, String what) {
        assertEquals(n, got.rows(), what);
        for (int r = 0; r < n; r++) {
            assertEquals(want.test(r), got.get(r), what + ", row " + r + " of " + n);
        }
        long[] w = got.words();
        if (n % 64 != 0 && w.length > 0) {
            assertEquals(0, w[w.length - 1] >>> (n % 64), what + ": bits past the last row must be 0");
        }
    }

    static void assertClose(double want, double got, String what) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, got, what);
        } else {
            assertEquals(want, got, Math.max(1e-9, Math.abs(want) * 1e-12), what);
        }
    }
}
