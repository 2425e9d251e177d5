package io.zdbc.kernels.scalar;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchColumnException;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.ZdbcException;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.LazyResult;
import io.zdbc.api.query.Predicate;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazy DSL over real kernels (found on the class path, as plain-Java users get them). */
class QueryEndToEndTest {
    static final String[] SYMS = {"AAPL", "MSFT", "GOOG", "IBM"};

    @TempDir
    Path dir;

    Database db;
    String[] sym;
    double[] price;
    long[] volume;

    @BeforeEach
    void trades() {
        db = Zdbc.open(dir.resolve("db"));
        int n = 10_000;
        SplittableRandom r = new SplittableRandom(5);
        sym = new String[n];
        price = new double[n];
        volume = new long[n];
        for (int i = 0; i < n; i++) {
            sym[i] = SYMS[r.nextInt(SYMS.length)];
            price[i] = 14_000 + r.nextInt(2_000) + r.nextDouble();
            volume[i] = 1 + r.nextInt(500);
        }
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", sym)
                        .f64("price", price)
                        .i64("volume", volume)
                        .build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void filterThenSumAsInTheSeed() {
        long want = 0;
        for (int i = 0; i < sym.length; i++) {
            if (sym[i].equals("AAPL") && price[i] > 15000) {
                want += volume[i];
            }
        }
        LazyResult r = db.table("trades")
                .where(col("sym").eq("AAPL").and(col("price").gt(15000)))
                .select("volume")
                .sum();
        assertEquals(want, r.collect().asLong());
        assertTrue(
                r.explain().contains("Filter ((sym = 'AAPL') AND (price > 15000))")
                        || r.explain().contains("Filter (sym = 'AAPL' AND price > 15000)"),
                r.explain());
    }

    @Test
    void vwapCountMeanMinMax() {
        double pv = 0;
        double v = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (int i = 0; i < sym.length; i++) {
            pv += price[i] * volume[i];
            v += volume[i];
            min = Math.min(min, price[i]);
            max = Math.max(max, price[i]);
            sum += price[i];
        }
        assertEquals(
                pv / v, db.table("trades").vwap("price", "volume").collect().asDouble(), 1e-6);
        assertEquals(10_000, db.table("trades").count().collect().asLong());
        assertEquals(min, db.table("trades").select("price").min().collect().asDouble());
        assertEquals(max, db.table("trades").select("price").max().collect().asDouble());
        assertEquals(
                sum / sym.length,
                db.table("trades").select("price").mean().collect().asDouble(),
                1e-6);
        Result all = db.table("trades")
                .agg(Aggregate.count(), Aggregate.sum("volume").as("vol"), Aggregate.vwap("price", "volume"))
                .collect();
        assertEquals(3, all.width());
        assertEquals((long) v, all.get(0, "vol"));
    }

    /**
     * Aggregates over an AND of comparisons run in the fused kernel; the same predicate ORed with
     * itself takes the bitmap path. Both must agree, and match a row-by-row reference.
     */
    @Test
    void fusedAndBitmapPathsAgree() {
        Predicate[] leaves = {
            col("sym").eq("AAPL"),
            col("sym").ne("IBM"),
            col("sym").ge("GOOG"),
            col("sym").between("AAPL", "IBM"),
            col("sym").in("MSFT", "IBM"),
            col("price").gt(15_000),
            col("price").le(14_500.5),
            col("price").between(14_200, 15_800),
            col("price").in(14_000.0, 15_000.0),
            col("volume").lt(250),
            col("volume").ge(499.5),
            col("volume").in(1, 2, 3, 2.5),
            col("volume").between(10.5, 20.5),
            col("volume").ne(7.5),
            col("volume").eq(7.5)
        };
        SplittableRandom r = new SplittableRandom(9);
        for (int q = 0; q < 60; q++) {
            Predicate p = leaves[r.nextInt(leaves.length)];
            for (int k = r.nextInt(3); k > 0; k--) {
                p = p.and(leaves[r.nextInt(leaves.length)]);
            }
            Aggregate[] aggs = {
                Aggregate.count(),
                Aggregate.sum("volume"),
                Aggregate.sum("price"),
                Aggregate.mean("volume"),
                Aggregate.min("price"),
                Aggregate.max("volume"),
                Aggregate.vwap("price", "volume")
            };
            Result fused = db.table("trades").where(p).agg(aggs).collect();
            Result bitmap = db.table("trades").where(p.or(p)).agg(aggs).collect();
            for (int c = 0; c < aggs.length; c++) {
                Object f = fused.get(0, c);
                Object b = bitmap.get(0, c);
                if (f instanceof Double && b instanceof Double) {
                    assertEquals((Double) b, (Double) f, Math.abs((Double) b) * 1e-12, p + " " + aggs[c]);
                } else {
                    assertEquals(b, f, p + " " + aggs[c]);
                }
            }
        }
        long want = 0;
        for (int i = 0; i < sym.length; i++) {
            if (!sym[i].equals("IBM") && price[i] > 15_000 && volume[i] < 250) {
                want += volume[i];
            }
        }
        assertEquals(
                want,
                db.table("trades")
                        .where(col("sym")
                                .ne("IBM")
                                .and(col("price").gt(15_000))
                                .and(col("volume").lt(250)))
                        .select("volume")
                        .sum()
                        .collect()
                        .asLong());
    }

    @Test
    void orNotInBetween() {
        long want = 0;
        for (int i = 0; i < sym.length; i++) {
            boolean hit = (sym[i].equals("IBM") || volume[i] >= 490)
                    && !(price[i] >= 14_500 && price[i] <= 15_500)
                    && !sym[i].equals("GOOG");
            want += hit ? 1 : 0;
        }
        long got = db.table("trades")
                .where(col("sym").eq("IBM").or(col("volume").ge(490)))
                .where(col("price").between(14_500, 15_500).not())
                .where(col("sym").in("AAPL", "MSFT", "IBM"))
                .count()
                .collect()
                .asLong();
        assertEquals(want, got);
    }

    @Test
    void groupByWithSeveralAggregatesInOnePass() {
        Map<String, long[]> want = new TreeMap<>();
        for (int i = 0; i < sym.length; i++) {
            long[] a = want.computeIfAbsent(sym[i], k -> new long[2]);
            a[0] += volume[i];
            a[1]++;
        }
        Result r = db.table("trades")
                .groupBy("sym")
                .agg(Aggregate.sum("volume"), Aggregate.count())
                .collect();
        assertEquals(want.size(), r.rows());
        int g = 0;
        for (Map.Entry<String, long[]> e : want.entrySet()) {
            assertEquals(e.getKey(), r.get(g, "sym"));
            assertEquals(e.getValue()[0], r.get(g, "sum(volume)"));
            assertEquals(e.getValue()[1], r.get(g, "count(*)"));
            g++;
        }
        Result top = db.table("trades")
                .groupBy("sym")
                .agg(Aggregate.sum("volume").as("v"))
                .orderBy("v", true)
                .limit(2)
                .collect();
        assertEquals(2, top.rows());
        assertTrue((Long) top.get(0, "v") >= (Long) top.get(1, "v"));
    }

    @Test
    void projectionWithLimitAndOrder() {
        Result r = db.table("trades")
                .where(col("volume").eq(1))
                .select("sym", "volume")
                .rows()
                .limit(3)
                .collect();
        assertTrue(r.rows() <= 3);
        for (int i = 0; i < r.rows(); i++) {
            assertEquals(1L, r.get(i, "volume"));
        }
        Result hi = db.table("trades")
                .select("price")
                .rows()
                .orderBy("price", true)
                .limit(1)
                .collect();
        double max = -1;
        for (double p : price) {
            max = Math.max(max, p);
        }
        assertEquals(max, hi.get(0, 0));
    }

    @Test
    void resultsAreCachedUntilTheTableCommits() {
        LazyResult sum = db.table("trades").select("volume").sum();
        LazyResult count = db.table("trades").count();
        Result first = sum.collect();
        assertSame(first, sum.collect(), "second collect returns the cached answer");
        assertTrue(sum.isCached());
        assertTrue(sum.explain().contains("cached answer for version 1"), sum.explain());
        assertEquals(10_000, count.collect().asLong());

        db.append(
                "trades",
                Batch.builder()
                        .str("sym", "AAPL")
                        .f64("price", 1.0)
                        .i64("volume", 1000)
                        .build());
        Result afterAppend = sum.collect();
        assertNotSame(first, afterAppend);
        assertEquals(first.asLong() + 1000, afterAppend.asLong());
        assertEquals(10_001, count.collect().asLong());

        db.write(
                "trades",
                Batch.builder()
                        .str("sym", "X")
                        .f64("price", 2.0)
                        .i64("volume", 7)
                        .build());
        assertEquals(7, sum.collect().asLong());
        db.drop("trades");
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", "X")
                        .f64("price", 2.0)
                        .i64("volume", 9)
                        .build());
        assertEquals(9, sum.collect().asLong(), "a re-created table of the same version is not the old one");
    }

    /** COUNT(*) answers are shared by every new query object of the database, until the table commits. */
    @Test
    void countAnswersAreSharedAcrossQueriesUntilTheTableCommits() {
        Result first = db.table("trades").count().collect();
        assertSame(first, db.table("trades").count().collect(), "a new query on an unchanged table reuses the answer");
        LazyResult later = db.table("trades").count();
        assertEquals(10_000, later.collect().asLong());
        assertTrue(later.isCached());
        assertTrue(later.explain().contains("computed by metadata"), later.explain());
        Result aliased = db.table("trades").agg(Aggregate.count().as("n")).collect();
        assertEquals(List.of("n"), aliased.names(), "an alias is not served the shared answer's name");
        assertEquals(List.of("count(*)"), db.table("trades").count().collect().names());

        db.append(
                "trades",
                Batch.builder()
                        .str("sym", "AAPL")
                        .f64("price", 1.0)
                        .i64("volume", 1000)
                        .build());
        assertEquals(10_001, db.table("trades").count().collect().asLong());
        assertEquals(10_001, later.collect().asLong());
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", "X")
                        .f64("price", 2.0)
                        .i64("volume", 7)
                        .build());
        assertEquals(1, db.table("trades").count().collect().asLong());
        db.drop("trades");
        assertThrows(
                NoSuchTableException.class, () -> db.table("trades").count().collect());
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", "X", "Y")
                        .f64("price", 2.0, 3.0)
                        .i64("volume", 9, 9)
                        .build());
        assertEquals(2, db.table("trades").count().collect().asLong(), "a re-created table");
    }

    @Test
    void i64AgainstNonIntegralConstantsAndEmptySelections() {
        db.write("n", Batch.builder().i64("x", 1, 2, 3, 4).build());
        assertEquals(2, db.table("n").where(col("x").gt(2.5)).count().collect().asLong());
        assertEquals(2, db.table("n").where(col("x").le(2.5)).count().collect().asLong());
        assertEquals(0, db.table("n").where(col("x").eq(2.5)).count().collect().asLong());
        assertEquals(
                2,
                db.table("n")
                        .where(col("x").between(1.5, 3.5))
                        .count()
                        .collect()
                        .asLong());
        assertNull(db.table("n")
                .where(col("x").gt(100))
                .select("x")
                .min()
                .collect()
                .value());
        assertEquals(
                0,
                db.table("n")
                        .where(col("x").gt(100))
                        .select("x")
                        .sum()
                        .collect()
                        .asLong());
    }

    @Test
    void mistakesGetClearErrors() {
        ZdbcException e = assertThrows(
                ZdbcException.class,
                () -> db.table("trades").where(col("sym").eq(5)).count().collect());
        assertTrue(e.getMessage().contains("column 'sym' of table 'trades' is str"), e.getMessage());
        e = assertThrows(
                ZdbcException.class,
                () -> db.table("trades").select("sym").sum().collect());
        assertTrue(e.getMessage().contains("is str"), e.getMessage());
        e = assertThrows(
                ZdbcException.class,
                () -> db.table("trades").select("sym", "price").sum());
        assertTrue(e.getMessage().contains("exactly one selected column"), e.getMessage());
        e = assertThrows(
                ZdbcException.class,
                () -> db.table("trades").groupBy("price").agg(Aggregate.count()).collect());
        assertTrue(e.getMessage().contains("cannot group by f64"), e.getMessage());
        assertThrows(
                NoSuchColumnException.class,
                () -> db.table("trades").select("nope").sum().collect());
        assertThrows(NoSuchTableException.class, () -> db.table("nope").count().collect());
    }

    @Test
    void explainShowsTheTree() {
        String plan = db.table("trades")
                .where(col("price").lt(14_100))
                .groupBy("sym")
                .agg(Aggregate.vwap("price", "volume"))
                .orderBy("sym", false)
                .limit(10)
                .explain();
        assertTrue(
                plan.startsWith("Limit 10\n└── OrderBy sym ASC\n    └── GroupBy [sym] Aggregate [vwap(price, volume)]"),
                plan);
        assertTrue(plan.contains("Scan trades [price, sym, volume]"), plan);
        assertFalse(plan.contains("cached"), plan);
    }
}
