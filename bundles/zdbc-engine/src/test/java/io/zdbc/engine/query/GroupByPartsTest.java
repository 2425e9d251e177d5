package io.zdbc.engine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.Durability;
import io.zdbc.api.OpenOptions;
import io.zdbc.api.TableSnapshot;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import io.zdbc.spi.kernel.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chunked group-by, on one thread and split into parts, against the row-at-a-time one on
 * random tables with every edge value: on one thread bit for bit; in parts, i64 results and
 * counts exactly and f64 sums within what reordering the additions can change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupByPartsTest {
    static final String[] WORDS = {"", "a", "AAPL", "MSFT", "zzzzzzzz", "Zoë", "b ", "abcdefg€", "é", "\u00ff"};
    static final long[] KEYS = {Long.MIN_VALUE, -1, 0, 1, 7, Long.MAX_VALUE};
    static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
    static final List<Aggregate> AGGS = List.of(
            Aggregate.count(),
            Aggregate.sum("i"),
            Aggregate.min("i"),
            Aggregate.max("i"),
            Aggregate.mean("i"),
            Aggregate.sum("f"),
            Aggregate.min("f"),
            Aggregate.max("f"),
            Aggregate.mean("f"),
            Aggregate.vwap("f", "v"),
            Aggregate.vwap("i", "w"),
            Aggregate.sum("g"));
    static final List<List<String>> KEY_SETS =
            List.of(List.of("k"), List.of("s"), List.of("k", "s"), List.of("s", "k"), List.of("many"));

    Path dir;
    Database db;
    final Map<Integer, TableSnapshot> tables = new LinkedHashMap<>();

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("zdbc-groupby");
        db = Zdbc.open(dir.resolve("db"), OpenOptions.defaults().withDurability(Durability.FAST));
        for (int n : new int[] {0, 1, 100, 2048, 5_000, 20_001}) {
            tables.put(n, write(n, new SplittableRandom(n)));
        }
    }

    @AfterAll
    void close() throws IOException {
        tables.values().forEach(TableSnapshot::close);
        db.close();
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private TableSnapshot write(int n, SplittableRandom r) {
        long[] k = new long[n];
        long[] many = new long[n];
        String[] s = new String[n];
        long[] i = new long[n];
        double[] f = new double[n];
        double[] g = new double[n];
        long[] v = new long[n];
        double[] w = new double[n];
        for (int x = 0; x < n; x++) {
            k[x] = KEYS[r.nextInt(KEYS.length)];
            many[x] = r.nextLong(0, Math.max(1, n / 3));
            s[x] = WORDS[r.nextInt(WORDS.length)];
            int pick = r.nextInt(16);
            i[x] = pick == 0
                    ? Long.MAX_VALUE - r.nextInt(3)
                    : pick == 1 ? Long.MIN_VALUE + r.nextInt(3) : r.nextLong(-1000, 1000);
            f[x] = r.nextInt(40) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble(-1e6, 1e6);
            g[x] = r.nextDouble(-1e3, 1e3);
            v[x] = r.nextInt(50) == 0 ? 0 : r.nextLong(0, 1000);
            w[x] = r.nextInt(50) == 0 ? 0 : r.nextDouble(0, 1000);
        }
        String t = "t" + n;
        db.write(
                t,
                Batch.builder()
                        .i64("k", k)
                        .i64("many", many)
                        .str("s", s)
                        .i64("i", i)
                        .f64("f", f)
                        .f64("g", g)
                        .i64("v", v)
                        .f64("w", w)
                        .build());
        return db.read(t);
    }

    private static List<Selection> selections(long n, SplittableRandom r) {
        List<Selection> l = new ArrayList<>();
        l.add(null);
        l.add(Selection.none(n));
        Selection half = Selection.none(n);
        Selection sparse = Selection.none(n);
        for (long x = 0; x < n; x++) {
            if (r.nextBoolean()) {
                half.set(x);
            }
            if (r.nextInt(500) == 0) {
                sparse.set(x);
            }
        }
        l.add(half);
        l.add(sparse);
        return l;
    }

    @Test
    void oneThreadMatchesTheRowAtATimeGroupByBitForBit() {
        for (Map.Entry<Integer, TableSnapshot> e : tables.entrySet()) {
            for (List<String> keys : KEY_SETS) {
                for (Selection sel : selections(e.getKey(), new SplittableRandom(e.getKey()))) {
                    Result want = new RowAtATimeGroupBy(e.getValue(), keys, AGGS).run(sel);
                    Result got = new GroupBy(e.getValue(), keys, AGGS, 1).run(sel);
                    assertSame(want, got, e.getKey() + " rows, keys " + keys + ", selection " + describe(sel), false);
                }
            }
        }
    }

    @Test
    void partsMatchTheRowAtATimeGroupBy() {
        for (Map.Entry<Integer, TableSnapshot> e : tables.entrySet()) {
            for (List<String> keys : KEY_SETS) {
                for (Selection sel : selections(e.getKey(), new SplittableRandom(e.getKey() + 1))) {
                    Result want = new RowAtATimeGroupBy(e.getValue(), keys, AGGS).run(sel);
                    for (int parts : new int[] {2, 3}) {
                        Result got = new GroupBy(e.getValue(), keys, AGGS, parts).run(sel);
                        assertSame(
                                want,
                                got,
                                e.getKey() + " rows, keys " + keys + ", " + parts + " parts, selection "
                                        + describe(sel),
                                true);
                    }
                }
            }
        }
    }

    @Test
    void aSelectionShorterThanTheTableLimitsTheRows() {
        TableSnapshot t = tables.get(5_000);
        Selection first1000 = Selection.all(1000);
        for (int parts : new int[] {1, 3}) {
            Result got = new GroupBy(t, List.of("k"), List.of(Aggregate.count()), parts).run(first1000);
            long total = 0;
            for (int g = 0; g < got.rows(); g++) {
                total += (Long) got.get(g, 1);
            }
            assertEquals(1000, total, parts + " parts");
        }
    }

    private static String describe(Selection sel) {
        return sel == null ? "none (all rows)" : sel.count() + " of " + sel.rows();
    }

    /** f64 results of sums, means and vwaps may differ in rounding when {@code reordered}; the rest may not. */
    private static void assertSame(Result want, Result got, String where, boolean reordered) {
        assertEquals(want.names(), got.names(), where);
        assertEquals(want.rows(), got.rows(), where + ": groups");
        for (int c = 0; c < want.width(); c++) {
            String name = want.names().get(c);
            boolean rounded = reordered
                    && (name.startsWith("sum(f")
                            || name.startsWith("sum(g")
                            || name.startsWith("mean(f")
                            || name.startsWith("vwap"));
            for (int row = 0; row < want.rows(); row++) {
                Object w = want.get(row, c);
                Object g = got.get(row, c);
                String at = where + ": " + name + " of group " + row;
                if (rounded && w instanceof Double && Double.isFinite((Double) w)) {
                    double d = (Double) w;
                    assertTrue(
                            g instanceof Double && Math.abs(d - (Double) g) <= 1e-9 * Math.max(1, Math.abs(d)) * 1e3,
                            at + ": expected about " + w + " but was " + g);
                } else {
                    assertEquals(w, g, at);
                }
            }
        }
    }
}
