package io.zdbc.sql;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.NoSuchTableException;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlTest {
    @TempDir
    Path dir;

    Database db;
    String[] sym;
    double[] price;
    long[] volume;

    @BeforeEach
    void trades() {
        db = Zdbc.open(dir.resolve("db"));
        int n = 5000;
        SplittableRandom r = new SplittableRandom(9);
        String[] syms = {"AAPL", "MSFT", "IBM"};
        sym = new String[n];
        price = new double[n];
        volume = new long[n];
        for (int i = 0; i < n; i++) {
            sym[i] = syms[r.nextInt(3)];
            price[i] = 14_000 + r.nextInt(2_000) + 0.5;
            volume[i] = 1 + r.nextInt(100);
        }
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", sym)
                        .f64("price", price)
                        .i64("volume", volume)
                        .build());
        db.write(
                "data/players",
                Batch.builder()
                        .i64("id", 1, 2, 3)
                        .str("name", "Alice", "Bob", "Eve")
                        .build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    Result sql(String q) {
        return Sql.query(db, q).collect();
    }

    @Test
    void filterAndSumMatchesTheDsl() {
        long want = 0;
        for (int i = 0; i < sym.length; i++) {
            if (sym[i].equals("AAPL") && price[i] > 15000) {
                want += volume[i];
            }
        }
        Result r = sql("SELECT sum(volume) FROM trades WHERE sym = 'AAPL' AND price > 15000");
        assertEquals(List.of("sum(volume)"), r.names());
        assertEquals(want, r.asLong());
        assertEquals(
                want,
                db.table("trades")
                        .where(col("sym").eq("AAPL").and(col("price").gt(15000)))
                        .select("volume")
                        .sum()
                        .collect()
                        .asLong());
    }

    @Test
    void aggregatesWithAliases() {
        Result r =
                sql("SELECT vwap(price, volume) AS v, count(*) AS n, AVG(price), min(volume), MAX(volume) FROM trades");
        assertEquals(List.of("v", "n", "avg(price)", "min(volume)", "max(volume)"), r.names());
        assertEquals(5000L, r.get(0, "n"));
        assertEquals(db.table("trades").vwap("price", "volume").collect().asDouble(), (Double) r.get(0, "v"), 1e-9);
    }

    @Test
    void groupByOrderByLimitInSelectOrder() {
        Result r =
                sql("SELECT count(*) AS n, sym, sum(volume) AS vol FROM trades GROUP BY sym ORDER BY vol DESC LIMIT 2");
        assertEquals(List.of("n", "sym", "vol"), r.names());
        assertEquals(2, r.rows());
        assertTrue((Long) r.get(0, "vol") >= (Long) r.get(1, "vol"));
        long n = 0;
        for (String s : sym) {
            n += s.equals(r.get(0, "sym")) ? 1 : 0;
        }
        assertEquals(n, r.get(0, "n"));
    }

    @Test
    void projectionsAndStar() {
        Result r = sql("SELECT name, id FROM \"data/players\" WHERE id IN (1, 3) ORDER BY id DESC");
        assertEquals(List.of("name", "id"), r.names());
        assertEquals("Eve", r.get(0, "name"));
        assertEquals(2, r.rows());
        Result all = sql("SELECT * FROM \"data/players\" LIMIT 2");
        assertEquals(List.of("id", "name"), all.names());
        assertEquals(2, all.rows());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT count(*) FROM trades WHERE NOT (sym = 'AAPL' OR volume < 50)|sym_not_aapl_and_volume_ge_50",
                "SELECT count(*) FROM trades WHERE price BETWEEN 14500 AND 15000.5|between",
                "SELECT count(*) FROM trades WHERE price NOT BETWEEN 14500 AND 15000.5|not_between",
                "SELECT count(*) FROM trades WHERE sym NOT IN ('IBM')|not_ibm",
                "SELECT count(*) FROM trades WHERE 15000 < price|price_gt_15000",
                "SELECT count(*) FROM trades WHERE volume >= -5 AND volume <> 7|volume_ne_7"
            })
    void predicates(String query, String which) {
        long want = 0;
        for (int i = 0; i < sym.length; i++) {
            boolean hit;
            switch (which) {
                case "sym_not_aapl_and_volume_ge_50":
                    hit = !sym[i].equals("AAPL") && volume[i] >= 50;
                    break;
                case "between":
                    hit = price[i] >= 14500 && price[i] <= 15000.5;
                    break;
                case "not_between":
                    hit = !(price[i] >= 14500 && price[i] <= 15000.5);
                    break;
                case "not_ibm":
                    hit = !sym[i].equals("IBM");
                    break;
                case "price_gt_15000":
                    hit = price[i] > 15000;
                    break;
                default:
                    hit = volume[i] != 7;
            }
            want += hit ? 1 : 0;
        }
        assertEquals(want, sql(query).asLong(), query);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT * FROM trades t JOIN other o ON t.sym = o.sym|JOIN is not supported",
                "SELECT DISTINCT sym FROM trades|DISTINCT is not supported",
                "SELECT sym, count(*) FROM trades GROUP BY sym HAVING count(*) > 1|HAVING is not supported",
                "SELECT count(*) FROM (SELECT * FROM trades)|subqueries are not supported",
                "UPDATE trades SET volume = 1|only SELECT is supported",
                "SELECT median(price) FROM trades|function median() is not supported",
                "SELECT price + 1 FROM trades|not the expression price + 1",
                "SELECT sym, sum(volume) FROM trades|column 'sym' must appear in GROUP BY",
                "SELECT * FROM trades LIMIT 5 OFFSET 2|OFFSET is not supported",
                "SELEC nonsense|cannot parse the SQL",
                "SELECT count(*) FROM trades WHERE price > volume|expected a number or a 'string' constant",
                "SELECT count(DISTINCT sym) FROM trades|(DISTINCT ...) is not supported"
            })
    void unsupportedSqlNamesTheConstruct(String query, String message) {
        UnsupportedSqlException e = assertThrows(UnsupportedSqlException.class, () -> sql(query));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void unknownTableIsTheApisError() {
        assertThrows(NoSuchTableException.class, () -> sql("SELECT count(*) FROM nope"));
    }
}
