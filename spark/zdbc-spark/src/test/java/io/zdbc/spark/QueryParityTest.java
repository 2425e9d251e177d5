package io.zdbc.spark;

import static io.zdbc.api.query.Expressions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zdbc.api.Database;
import io.zdbc.api.query.Aggregate;
import io.zdbc.api.query.Result;
import io.zdbc.engine.Zdbc;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries through Spark on the zdbc source answer as the same queries through zdbc's own DSL. */
class QueryParityTest {
    static final int ROWS = 20_000;

    @TempDir
    Path dir;

    SparkSession spark;
    Database db;

    @BeforeEach
    void tables() {
        spark = LocalSpark.get();
        Path registry = dir.resolve("db");
        Trades.create(registry, ROWS);
        db = Zdbc.open(registry);
        for (String t : List.of("trades", "syms")) {
            spark.read()
                    .format("zdbc")
                    .option("db", registry.toString())
                    .option("table", t)
                    .option("rowsPerPartition", "7000")
                    .load()
                    .createOrReplaceTempView(t);
        }
    }

    @AfterEach
    void close() {
        // Null where Spark cannot run on this JDK and LocalSpark.get() skipped the test.
        if (db != null) {
            db.close();
        }
    }

    double sparkDouble(String sql) {
        return spark.sql(sql).first().getDouble(0);
    }

    long sparkLong(String sql) {
        return spark.sql(sql).first().getLong(0);
    }

    @Test
    void filteredCountsSumsMinimaAndMaximaAgree() {
        assertEquals(
                db.table("trades")
                        .where(col("id").ge(5000L).and(col("sym").eq("BB")))
                        .count()
                        .collect()
                        .asLong(),
                sparkLong("SELECT count(*) FROM trades WHERE id >= 5000 AND sym = 'BB'"));
        assertEquals(
                db.table("trades")
                        .where(col("id").between(100L, 7000L))
                        .select("price")
                        .sum()
                        .collect()
                        .asDouble(),
                sparkDouble("SELECT sum(price) FROM trades WHERE id BETWEEN 100 AND 7000"),
                1e-6);
        assertEquals(
                db.table("trades")
                        .where(col("sym").in("AAA", "C"))
                        .select("price")
                        .max()
                        .collect()
                        .asDouble(),
                sparkDouble("SELECT max(price) FROM trades WHERE sym IN ('AAA', 'C')"));
        assertEquals(
                db.table("trades")
                        .where(col("price").gt(50.0))
                        .select("qty")
                        .min()
                        .collect()
                        .asLong(),
                sparkLong("SELECT min(qty) FROM trades WHERE price > 50"));
        assertEquals(
                db.table("trades").select("qty").mean().collect().asDouble(),
                sparkDouble("SELECT avg(qty) FROM trades"),
                1e-9);
        assertEquals(db.count("trades"), sparkLong("SELECT count(*) FROM trades"));
    }

    @Test
    void groupByAgrees() {
        Result z = db.table("trades")
                .where(col("qty").lt(10L))
                .groupBy("sym")
                .agg(Aggregate.count(), Aggregate.sum("qty"), Aggregate.min("price"), Aggregate.max("price"))
                .collect();
        Map<String, String> expected = new TreeMap<>();
        for (int r = 0; r < z.rows(); r++) {
            expected.put((String) z.get(r, 0), z.get(r, 1) + " " + z.get(r, 2) + " " + z.get(r, 3) + " " + z.get(r, 4));
        }
        Map<String, String> actual = new TreeMap<>();
        for (Row r : spark.sql(
                        "SELECT sym, count(*), sum(qty), min(price), max(price) FROM trades WHERE qty < 10 GROUP BY sym")
                .collectAsList()) {
            actual.put(r.getString(0), r.getLong(1) + " " + r.getLong(2) + " " + r.getDouble(3) + " " + r.getDouble(4));
        }
        assertEquals(expected, actual);
    }

    @Test
    void aJoinOfTwoZdbcTablesAgreesWithGroupingByTheJoinKey() {
        Result bySym =
                db.table("trades").groupBy("sym").agg(Aggregate.sum("qty")).collect();
        String[] syms = db.column("syms", "sym").toStringArray();
        String[] sectors = db.column("syms", "sector").toStringArray();
        Map<String, Long> expected = new TreeMap<>();
        for (int r = 0; r < bySym.rows(); r++) {
            String sector = sectors[List.of(syms).indexOf((String) bySym.get(r, 0))];
            expected.merge(sector, (Long) bySym.get(r, 1), Long::sum);
        }
        Dataset<Row> joined =
                spark.sql("SELECT s.sector, sum(t.qty) FROM trades t JOIN syms s ON t.sym = s.sym GROUP BY s.sector");
        Map<String, Long> actual = new TreeMap<>();
        for (Row r : joined.collectAsList()) {
            actual.put(r.getString(0), r.getLong(1));
        }
        assertEquals(expected, actual);
    }
}
