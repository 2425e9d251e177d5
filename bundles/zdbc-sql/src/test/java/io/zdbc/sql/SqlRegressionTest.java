package io.zdbc.sql;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zdbc.api.Batch;
import io.zdbc.api.Database;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One case per defect found by hand or by the differential test (SqlDifferentialTest). */
class SqlRegressionTest {
    @TempDir
    Path dir;

    Database db;

    @BeforeEach
    void tables() {
        db = Zdbc.open(dir.resolve("db"));
        db.write(
                "trades",
                Batch.builder()
                        .str("sym", "AAPL", "MSFT", "IBM", "AAPL", "MSFT")
                        .f64("price", 10.5, 20.0, 30.0, 11.5, 21.0)
                        .i64("volume", 5, 50, 500, 15, 7)
                        .build());
        db.write("x.t", Batch.builder().i64("id", 1, 2, 3).build());
        db.write(
                "w",
                Batch.builder().i64("v", Long.MIN_VALUE, -1, Long.MAX_VALUE).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Result sql(String q) {
        return Sql.query(db, q).collect();
    }

    @Test
    void inListFollowedByAndIsOneConditionOfTheAnd() {
        assertEquals(
                2L,
                sql("SELECT count(*) FROM trades WHERE sym IN ('AAPL', 'MSFT') AND volume > 10")
                        .asLong());
        assertEquals(
                1L,
                sql("SELECT count(*) FROM trades WHERE sym NOT IN ('AAPL', 'MSFT') AND volume > 10")
                        .asLong());
    }

    @Test
    void inListFollowedByOrIsOneSideOfTheOr() {
        assertEquals(
                3L,
                sql("SELECT count(*) FROM trades WHERE sym IN ('IBM') OR volume IN (5, 7)")
                        .asLong());
    }

    @Test
    void quotedTableNameWithADotIsOneName() {
        assertEquals(3L, sql("SELECT count(*) FROM \"x.t\" WHERE id > 0").asLong());
    }

    @Test
    void sqlSumOfNoRowsIsNullWhileTheDslKeepsZero() {
        Result r = sql("SELECT sum(volume), sum(price), count(*) FROM trades WHERE volume > 1000");
        assertNull(r.get(0, 0));
        assertNull(r.get(0, 1));
        assertEquals(0L, r.get(0, 2));
        assertNull(sql("SELECT sum(volume) AS v FROM trades WHERE sym = 'ORCL'").value());
        assertEquals(
                0L,
                db.table("trades")
                        .where(col("volume").gt(1000))
                        .select("volume")
                        .sum()
                        .collect()
                        .asLong());
    }

    @Test
    void sqlSumOfSomeRowsIsTheSum() {
        assertEquals(
                77L, sql("SELECT sum(volume) FROM trades WHERE volume < 100").asLong());
        assertEquals(577L, sql("SELECT sum(volume) FROM trades").asLong());
    }

    @Test
    void unaliasedAggregatesAreNamedAsWritten() {
        Result r = sql(
                "SELECT AVG(price), count(*), COUNT(sym), min(volume), Max(volume), vwap(price, volume), SUM(volume) FROM trades");
        assertEquals(
                List.of(
                        "avg(price)",
                        "count(*)",
                        "count(sym)",
                        "min(volume)",
                        "max(volume)",
                        "vwap(price, volume)",
                        "sum(volume)"),
                r.names());
        assertEquals(
                List.of("avg(price)", "sym"),
                sql("SELECT avg(price), sym FROM trades GROUP BY sym").names());
    }

    @Test
    void sameAggregateTwiceKeepsBothAliases() {
        Result r = sql("SELECT sum(volume) AS a, sum(volume) AS b, count(*) AS n, count(*) FROM trades");
        assertEquals(List.of("a", "b", "n", "count(*)"), r.names());
        assertEquals(577L, r.get(0, "a"));
        assertEquals(577L, r.get(0, "b"));
    }

    @Test
    void i64MinimumIsAConstant() {
        assertEquals(
                1L, sql("SELECT count(*) FROM w WHERE v = -9223372036854775808").asLong());
        assertEquals(
                2L, sql("SELECT count(*) FROM w WHERE v > -9223372036854775808").asLong());
        assertEquals(
                0L,
                sql("SELECT count(*) FROM w WHERE v = 9223372036854775808").asLong(),
                "beyond i64: no value equals it");
    }

    @Test
    void i64ComparedWithDoublesBeyondItsRangeIsOnOneSide() {
        assertEquals(0L, sql("SELECT count(*) FROM w WHERE v < -1.0E300").asLong());
        assertEquals(0L, sql("SELECT count(*) FROM w WHERE v <= -9.3E18").asLong());
        assertEquals(0L, sql("SELECT count(*) FROM w WHERE 9.3E18 < v").asLong());
        assertEquals(
                3L,
                sql("SELECT count(*) FROM w WHERE v < 9.3E18 AND v != 1.0E300 AND v > -1.0E19")
                        .asLong());
        assertEquals(
                0L,
                sql("SELECT count(*) FROM w WHERE v BETWEEN 1.0E300 AND 2.0E300")
                        .asLong());
        assertEquals(
                0L,
                sql("SELECT count(*) FROM w WHERE v BETWEEN -2.0E300 AND -1.0E300")
                        .asLong());
        assertEquals(
                3L,
                sql("SELECT count(*) FROM w WHERE v BETWEEN -1.0E300 AND 1.0E300")
                        .asLong());
    }

    @Test
    void i64EqualsADoubleThatIsItsValueExactly() {
        db.write(
                "big",
                Batch.builder()
                        .i64("v", Long.MIN_VALUE, 9_210_000_000_000_000_000L, 0)
                        .build());
        assertEquals(
                1L,
                sql("SELECT count(*) FROM big WHERE v = -9.223372036854776E18").asLong(),
                "-2^63 is the i64 minimum");
        assertEquals(
                2L,
                sql("SELECT count(*) FROM big WHERE v > -9.223372036854776E18").asLong());
        assertEquals(
                1L,
                sql("SELECT count(*) FROM big WHERE v IN (-9.223372036854776E18, 0.5)")
                        .asLong());
        assertEquals(1L, sql("SELECT count(*) FROM big WHERE v = 9.21E18").asLong());
        assertEquals(1L, sql("SELECT count(*) FROM big WHERE v IN (9.21E18)").asLong());
        assertEquals(
                0L,
                sql("SELECT count(*) FROM big WHERE v = 9.223372036854776E18").asLong(),
                "2^63 is beyond i64");
    }

    @Test
    void i64ComparedWithNaNInTheDslMatchesOnlyNotEqual() {
        assertEquals(
                0L,
                db.table("w").where(col("v").lt(Double.NaN)).count().collect().asLong());
        assertEquals(
                0L,
                db.table("w").where(col("v").ge(Double.NaN)).count().collect().asLong());
        assertEquals(
                3L,
                db.table("w").where(col("v").ne(Double.NaN)).count().collect().asLong());
        assertEquals(
                0L,
                db.table("w")
                        .where(col("v").between(Double.NaN, 5))
                        .count()
                        .collect()
                        .asLong());
        assertEquals(
                0L,
                db.table("w")
                        .where(col("v").between(-5, Double.NaN))
                        .count()
                        .collect()
                        .asLong());
    }

    @Test
    void countWithLimitZeroHasNoRows() {
        assertEquals(0, sql("SELECT count(*) FROM trades LIMIT 0").rows());
        assertEquals(0, db.table("trades").count().limit(0).collect().rows());
        assertEquals(1, sql("SELECT count(*) FROM trades LIMIT 1").rows());
    }

    @Test
    void orderByStrFollowsTheStoredBytesNotUtf16() {
        // U+FFFD is EF BF BD in UTF-8, the emoji F0 9F 98 80: bytes put the emoji last, UTF-16 (D83D) first.
        db.write(
                "s",
                Batch.builder()
                        .str("k", "\ud83d\ude00", "\ufffd", "a")
                        .i64("n", 1, 2, 3)
                        .build());
        Result r = sql("SELECT k FROM s ORDER BY k");
        assertEquals(List.of("a", "\ufffd", "\ud83d\ude00"), Arrays.asList(r.column(0)));
        Result g = sql("SELECT k, count(*) FROM s GROUP BY k ORDER BY k DESC");
        assertEquals(List.of("\ud83d\ude00", "\ufffd", "a"), Arrays.asList(g.column(0)));
    }
}
