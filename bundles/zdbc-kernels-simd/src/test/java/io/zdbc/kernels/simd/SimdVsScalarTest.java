package io.zdbc.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.ColumnView;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.Str8;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIMD kernels against the scalar bundle's on larger random data (about 10^5 rows, one size a
 * multiple of the chunk, one not), every operation, mapped and heap columns, selections from empty
 * to full through sparse (row-by-row chunks), clustered and dense.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimdVsScalarTest {
    static final String[] WORDS = {"", "a", "AAPL", "MSFT", "zzzzzzzz", "Zoë", "b ", "aa", "é", "\u00ff"};

    final Kernels simd = new SimdKernels();
    final Kernels ref = new ScalarKernels();
    Path dir;
    Database db;
    final Map<Integer, Data> data = new LinkedHashMap<>();

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("zdbc-simd");
        db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST));
        for (int n : sizes()) {
            data.put(n, new Data(n, 1000 + n));
        }
    }

    @AfterAll
    void close() throws IOException {
        data.values().forEach(Data::close);
        db.close();
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static int[] sizes() {
        return new int[] {100_003, 98_304};
    }

    static Stream<Object[]> cases() {
        List<Object[]> l = new ArrayList<>();
        for (int n : sizes()) {
            l.add(new Object[] {n, false});
            l.add(new Object[] {n, true});
        }
        return l.stream();
    }

    final class Data implements AutoCloseable {
        final int n;
        final long[] i;
        final double[] f;
        final double[] g;
        final double[] h;
        final double[] nan;
        final String[] s;
        final long[] packed;
        final long[] v;
        final double[] vd;
        final long[] ip;
        final TableSnapshot snap;

        Data(int n, long seed) {
            this.n = n;
            SplittableRandom r = new SplittableRandom(seed);
            i = new long[n];
            f = new double[n];
            g = new double[n];
            h = new double[n];
            nan = new double[n];
            s = new String[n];
            packed = new long[n];
            v = new long[n];
            vd = new double[n];
            ip = new long[n];
            double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
            for (int k = 0; k < n; k++) {
                int pick = r.nextInt(16);
                i[k] = pick == 0
                        ? Long.MAX_VALUE - r.nextInt(3)
                        : pick == 1
                                ? Long.MIN_VALUE + r.nextInt(3)
                                : pick == 2 ? r.nextLong() : r.nextLong(-1000, 1000);
                f[k] = r.nextInt(50) == 0 ? special[r.nextInt(special.length)] : r.nextDouble(-1e6, 1e6);
                g[k] = r.nextDouble(-1e3, 1e3);
                h[k] = r.nextInt(1000) == 0
                        ? (r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY)
                        : Double.NaN;
                nan[k] = Double.NaN;
                s[k] = r.nextInt(3) == 0 ? randomWord(r) : WORDS[r.nextInt(WORDS.length)];
                packed[k] = pack(s[k]);
                v[k] = r.nextInt(100) == 0 ? 0 : r.nextLong(0, 1000);
                vd[k] = r.nextInt(100) == 0 ? 0 : r.nextDouble(0, 1000);
                ip[k] = r.nextLong(1, 1_000_000);
            }
            String t = "t" + n;
            db.write(
                    t,
                    Batch.builder()
                            .i64("i", i)
                            .f64("f", f)
                            .f64("g", g)
                            .f64("h", h)
                            .f64("nan", nan)
                            .str("s", s)
                            .i64("v", v)
                            .f64("vd", vd)
                            .i64("ip", ip)
                            .build());
            snap = db.read(t);
        }

        ColumnMemory col(String name, boolean heap) {
            ColumnView view = snap.column(name);
            return ColumnMemory.of(heap ? view.copy() : view);
        }

        @Override
        public void close() {
            snap.close();
        }
    }

    static String randomWord(SplittableRandom r) {
        String alphabet = "aAbZz ~\u007f";
        StringBuilder b = new StringBuilder();
        for (int k = r.nextInt(9); k > 0; k--) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static long pack(String s) {
        byte[] b = Str8.encode(s);
        long x = 0;
        for (int k = 7; k >= 0; k--) {
            x = (x << 8) | (b[k] & 0xFF);
        }
        return x;
    }

    static Map<String, Selection> selections(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Selection> m = new LinkedHashMap<>();
        m.put("null", null);
        m.put("all", Selection.all(n));
        m.put("none", Selection.none(n));
        for (double p : new double[] {0.5, 0.002, 0.03, 0.2, 0.97}) {
            Selection s = Selection.none(n);
            for (int k = 0; k < n; k++) {
                if (r.nextDouble() < p) {
                    s.set(k);
                }
            }
            m.put("random " + p, s);
        }
        Selection runs = Selection.none(n);
        boolean on = false;
        for (int k = 0; k < n; ) {
            int len = 1 + r.nextInt(3000);
            if (on) {
                for (int x = k; x < Math.min(n, k + len); x++) {
                    runs.set(x);
                }
            }
            on = !on;
            k += len;
        }
        m.put("runs", runs);
        Selection last = Selection.none(n);
        last.set(n - 1);
        m.put("last row", last);
        Selection firstWord = Selection.none(n);
        for (int k = 0; k < 64; k++) {
            firstWord.set(k);
        }
        m.put("first word", firstWord);
        return m;
    }

    static boolean in(Selection sel, int k) {
        return sel == null || sel.get(k);
    }

    /** Sums compared within what reordering the additions can change: 1e-12 of Σ|x|. */
    static void assertSum(double want, double got, double absSum, String what) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, got, what);
        } else {
            assertEquals(want, got, 1e-12 * absSum + 1e-300, what);
        }
    }

    static <T> void same(Supplier<T> want, Supplier<T> got, String what) {
        T w;
        try {
            w = want.get();
        } catch (NoSuchElementException e) {
            assertThrows(NoSuchElementException.class, got::get, what);
            return;
        }
        assertEquals(w, got.get(), what);
    }

    @ParameterizedTest(name = "{0} rows, heap={1}")
    @MethodSource("cases")
    void aggregates(int n, boolean heap) {
        Data d = data.get(n);
        for (Map.Entry<String, Selection> e : selections(n, n).entrySet()) {
            Selection sel = e.getValue();
            String where = n + " rows, heap=" + heap + ", selection " + e.getKey();
            same(
                    () -> ref.sumLong(d.col("i", heap), sel),
                    () -> simd.sumLong(d.col("i", heap), sel),
                    where + " sumLong");
            same(
                    () -> ref.minLong(d.col("i", heap), sel),
                    () -> simd.minLong(d.col("i", heap), sel),
                    where + " minLong");
            same(
                    () -> ref.maxLong(d.col("i", heap), sel),
                    () -> simd.maxLong(d.col("i", heap), sel),
                    where + " maxLong");
            same(
                    () -> ref.sumLong(d.col("v", heap), sel),
                    () -> simd.sumLong(d.col("v", heap), sel),
                    where + " sumLong v");
            for (String c : new String[] {"f", "g", "h", "nan"}) {
                double[] x = c.equals("f") ? d.f : c.equals("g") ? d.g : c.equals("h") ? d.h : d.nan;
                double abs = 0;
                for (int k = 0; k < n; k++) {
                    if (in(sel, k)) {
                        abs += Math.abs(x[k]);
                    }
                }
                assertSum(
                        ref.sumDouble(d.col(c, heap), sel),
                        simd.sumDouble(d.col(c, heap), sel),
                        abs,
                        where + " sumDouble " + c);
                assertEquals(
                        ref.minDouble(d.col(c, heap), sel),
                        simd.minDouble(d.col(c, heap), sel),
                        where + " minDouble " + c);
                assertEquals(
                        ref.maxDouble(d.col(c, heap), sel),
                        simd.maxDouble(d.col(c, heap), sel),
                        where + " maxDouble " + c);
            }
            // VWAP: every type pair, and mapped price with heap volume (mixed paths).
            // i: full-range i64 (past 2^51 the i64 -> f64 conversion takes its scalar path).
            for (String[] pv : new String[][] {
                {"f", "v"}, {"g", "v"}, {"g", "vd"}, {"ip", "v"}, {"ip", "vd"}, {"f", "vd"}, {"i", "v"}, {"g", "i"}
            }) {
                double[] p = columnAsDoubles(d, pv[0]);
                double[] w = columnAsDoubles(d, pv[1]);
                double absDot = 0;
                double vol = 0;
                for (int k = 0; k < n; k++) {
                    if (in(sel, k)) {
                        absDot += Math.abs(p[k] * w[k]);
                        vol += w[k];
                    }
                }
                for (boolean mixed : new boolean[] {false, true}) {
                    double want = ref.vwap(d.col(pv[0], heap), d.col(pv[1], heap ^ mixed), sel);
                    double got = simd.vwap(d.col(pv[0], heap), d.col(pv[1], heap ^ mixed), sel);
                    assertSum(
                            want,
                            got,
                            vol == 0 ? 0 : absDot / Math.abs(vol),
                            where + " vwap " + pv[0] + "," + pv[1] + " mixed=" + mixed);
                }
            }
        }
    }

    static double[] columnAsDoubles(Data d, String name) {
        switch (name) {
            case "f":
                return d.f;
            case "g":
                return d.g;
            case "vd":
                return d.vd;
            case "v":
                return toDoubles(d.v);
            case "ip":
                return toDoubles(d.ip);
            default:
                return toDoubles(d.i);
        }
    }

    static double[] toDoubles(long[] x) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k];
        }
        return d;
    }

    @ParameterizedTest(name = "{0} rows, heap={1}")
    @MethodSource("cases")
    void filters(int n, boolean heap) {
        Data d = data.get(n);
        SplittableRandom r = new SplittableRandom(n);
        String where = n + " rows, heap=" + heap;
        long[] longProbes = {
            0,
            7,
            -1000,
            999,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE - 1,
            Long.MIN_VALUE + 1,
            d.i[r.nextInt(n)],
            d.i[r.nextInt(n)]
        };
        double[] doubleProbes = {
            0.0,
            -0.0,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            12.5,
            Double.MIN_VALUE,
            -Double.MAX_VALUE,
            d.f[r.nextInt(n)],
            d.g[r.nextInt(n)]
        };
        List<Long> strProbes = new ArrayList<>();
        for (String w : WORDS) {
            strProbes.add(pack(w));
        }
        for (int k = 0; k < 6; k++) {
            strProbes.add(d.packed[r.nextInt(n)]);
        }
        for (CompareOp op : CompareOp.values()) {
            for (long p : longProbes) {
                assertEquals(
                        ref.compareLong(d.col("i", heap), op, p),
                        simd.compareLong(d.col("i", heap), op, p),
                        where + " i " + op + " " + p);
            }
            for (double p : doubleProbes) {
                for (String c : new String[] {"f", "h"}) {
                    assertEquals(
                            ref.compareDouble(d.col(c, heap), op, p),
                            simd.compareDouble(d.col(c, heap), op, p),
                            where + " " + c + " " + op + " " + p);
                }
            }
            for (long p : strProbes) {
                assertEquals(
                        ref.compareLong(d.col("s", heap), op, p),
                        simd.compareLong(d.col("s", heap), op, p),
                        where + " s " + op + " '" + Str8.decode(p) + "'");
            }
        }
        long[][] longRanges = {
            {-10, 10},
            {Long.MIN_VALUE, Long.MAX_VALUE},
            {5, -5},
            {Long.MIN_VALUE, 0},
            {0, Long.MAX_VALUE},
            {d.i[7], d.i[7]}
        };
        for (long[] b : longRanges) {
            assertEquals(
                    ref.betweenLong(d.col("i", heap), b[0], b[1]),
                    simd.betweenLong(d.col("i", heap), b[0], b[1]),
                    where + " between " + b[0] + " " + b[1]);
        }
        double[][] doubleRanges = {
            {-0.0, 50},
            {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
            {Double.NaN, 1},
            {1, Double.NaN},
            {0.0, 0.0},
            {-1e6, -1e5},
            {d.f[3], d.f[3]}
        };
        for (double[] b : doubleRanges) {
            assertEquals(
                    ref.betweenDouble(d.col("f", heap), b[0], b[1]),
                    simd.betweenDouble(d.col("f", heap), b[0], b[1]),
                    where + " betweenD " + b[0] + " " + b[1]);
        }
        String[][] strRanges = {{"AAPL", "Zoë"}, {"", "zzzzzzzz"}, {"b", "a"}, {"a", "a"}, {"Z", "\u00ff"}};
        for (String[] b : strRanges) {
            long lo = pack(b[0]);
            long hi = pack(b[1]);
            assertEquals(
                    ref.betweenLong(d.col("s", heap), lo, hi),
                    simd.betweenLong(d.col("s", heap), lo, hi),
                    where + " betweenS '" + b[0] + "' '" + b[1] + "'");
        }
        for (int size : new int[] {0, 1, 3, 8, 9, 40}) {
            long[] set = new long[size];
            long[] strSet = new long[size];
            double[] dSet = new double[size];
            for (int k = 0; k < size; k++) {
                set[k] = k == 1 ? Long.MAX_VALUE : d.i[r.nextInt(n)];
                strSet[k] = k == 1 ? pack("AAPL") : d.packed[r.nextInt(n)];
                dSet[k] = k == 1 ? Double.NaN : k == 2 ? -0.0 : d.f[r.nextInt(n)];
            }
            assertEquals(
                    ref.inLongs(d.col("i", heap), set), simd.inLongs(d.col("i", heap), set), where + " in " + size);
            assertEquals(
                    ref.inLongs(d.col("s", heap), strSet),
                    simd.inLongs(d.col("s", heap), strSet),
                    where + " inS " + size);
            assertEquals(
                    ref.inDoubles(d.col("f", heap), dSet),
                    simd.inDoubles(d.col("f", heap), dSet),
                    where + " inD " + size);
        }
    }

    @Test
    void theVectorLoopsRunHere() {
        // The contract tests would pass on the scalar fallback too: make sure it is not that.
        assertTrue(Vec.USABLE, "vector loops unusable: " + Vec.LS);
        assertTrue(simd.toString().contains("lanes"), simd.toString());
        assertEquals("simd", simd.name());
        assertEquals(100, simd.ranking());
    }

    @Test
    void filterWordsAreByteForByteTheScalarOnesOnAllSpecialValues() {
        // Every pair of special values, long enough for vector words and a partial tail, and for
        // the loops to be C2-compiled (intrinsics) before the last rounds.
        double[] sp = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            1.0,
            -1.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.longBitsToDouble(0x7ff0000000000001L),
            Double.longBitsToDouble(0xfff8000000000000L)
        };
        int n = 20_011;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = sp[(k * 7 + k / 13) % sp.length];
        }
        db.write("special", Batch.builder().f64("x", x).build());
        Map<String, Selection> sels = selections(n, 5);
        try (TableSnapshot snap = db.read("special")) {
            for (int round = 0; round < 6; round++) {
                for (boolean heap : new boolean[] {false, true}) {
                    ColumnMemory c = ColumnMemory.of(heap ? snap.column("x").copy() : snap.column("x"));
                    checkSpecials(c, sp, sels, "round " + round + " heap=" + heap);
                }
            }
        }
    }

    private void checkSpecials(ColumnMemory c, double[] sp, Map<String, Selection> sels, String where) {
        for (CompareOp op : CompareOp.values()) {
            for (double p : sp) {
                assertEquals(ref.compareDouble(c, op, p), simd.compareDouble(c, op, p), where + " " + op + " " + p);
            }
        }
        for (double lo : sp) {
            for (double hi : sp) {
                assertEquals(ref.betweenDouble(c, lo, hi), simd.betweenDouble(c, lo, hi), where + " " + lo + ".." + hi);
            }
        }
        for (Map.Entry<String, Selection> e : sels.entrySet()) {
            Selection sel = e.getValue();
            String w = where + " selection " + e.getKey();
            assertEquals(
                    Double.doubleToRawLongBits(ref.minDouble(c, sel)),
                    Double.doubleToRawLongBits(simd.minDouble(c, sel)),
                    w);
            assertEquals(
                    Double.doubleToRawLongBits(ref.maxDouble(c, sel)),
                    Double.doubleToRawLongBits(simd.maxDouble(c, sel)),
                    w);
            // NaN payloads may differ (which NaN an addition keeps depends on the order): not raw bits.
            assertEquals(ref.sumDouble(c, sel), simd.sumDouble(c, sel), w);
        }
    }

    @Test
    void longToDoubleConversionIsExactInRangeAndRefusesOutside() {
        SplittableRandom r = new SplittableRandom(9);
        long[] edge = {
            0, -1, 1, (1L << 51) - 1, -(1L << 51), (1L << 50) + 12345, -(1L << 50) - 777, 1L << 32, -(1L << 32)
        };
        long[] src = new long[256];
        double[] dst = new double[256];
        for (int round = 0; round < 2000; round++) {
            for (int k = 0; k < src.length; k++) {
                src[k] = r.nextInt(4) == 0 ? edge[r.nextInt(edge.length)] : r.nextLong(-(1L << 51), 1L << 51);
            }
            assertTrue(Vec.toDoubles(src, dst, src.length));
            for (int k = 0; k < src.length; k++) {
                assertEquals(
                        Double.doubleToRawLongBits((double) src[k]), Double.doubleToRawLongBits(dst[k]), src[k] + "");
            }
            long out = new long[] {1L << 51, -(1L << 51) - 1, Long.MAX_VALUE, Long.MIN_VALUE}[round & 3];
            src[r.nextInt(src.length)] = out;
            assertTrue(!Vec.toDoubles(src, dst, src.length), out + " is outside the exact range");
        }
    }

    @Test
    void negativeZeroAgainstZeroInMinAndMax() {
        // Math.min(0.0, -0.0) is -0.0 whichever lane or chunk each one lands in.
        for (int at : new int[] {0, 1, 7, 8, 63, 64, 255, 256, 999}) {
            double[] x = new double[1000];
            x[at] = -0.0;
            double[] y = new double[1000];
            Arrays.fill(y, -0.0);
            y[at] = 0.0;
            String t = "z" + at;
            db.write(t, Batch.builder().f64("x", x).f64("y", y).build());
            try (TableSnapshot snap = db.read(t)) {
                for (boolean heap : new boolean[] {false, true}) {
                    ColumnMemory cx = ColumnMemory.of(heap ? snap.column("x").copy() : snap.column("x"));
                    ColumnMemory cy = ColumnMemory.of(heap ? snap.column("y").copy() : snap.column("y"));
                    assertEquals(
                            Double.doubleToRawLongBits(-0.0),
                            Double.doubleToRawLongBits(simd.minDouble(cx, null)),
                            "min at " + at);
                    assertEquals(
                            Double.doubleToRawLongBits(0.0),
                            Double.doubleToRawLongBits(simd.maxDouble(cy, null)),
                            "max at " + at);
                    assertEquals(
                            Double.doubleToRawLongBits(0.0),
                            Double.doubleToRawLongBits(simd.maxDouble(cx, null)),
                            "max x at " + at);
                    assertEquals(
                            Double.doubleToRawLongBits(-0.0),
                            Double.doubleToRawLongBits(simd.minDouble(cy, null)),
                            "min y at " + at);
                }
            }
        }
    }
}
